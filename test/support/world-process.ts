/**
 * For tests: `arbees sim world` and `arbees run` as real child processes, as a user runs them in
 * two terminals: the world prints its KEY=VALUE settings, the run gets them in its environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ArbeesProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** The environment without any ARBEES_ setting, venue credential, database or Redis of the machine's own. */
export function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) =>
        v !== undefined &&
        !k.startsWith('ARBEES_') &&
        !k.startsWith('KALSHI_') &&
        !k.startsWith('POLYMARKET_') &&
        k !== 'PAPER_TRADING' &&
        k !== 'LIVE_TRADING_ACK' &&
        // A test that wants the store on PostgreSQL or the bus on Redis says so.
        k !== 'DATABASE_URL' &&
        k !== 'REDIS_URL',
    ),
  ) as Record<string, string>;
}

export function startArbees(args: readonly string[], env: Record<string, string>): ArbeesProcess {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/cli/main.ts', ...args], {
    // `arbees run` serves the API: on a free port, so tests in parallel never collide.
    env: { ARBEES_API_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export interface WorldProcess extends ArbeesProcess {
  /** The settings it printed, KEY → VALUE. */
  readonly settings: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the world and waits (bounded) for its settings. */
export async function startWorld(args: readonly string[]): Promise<WorldProcess> {
  const p = startArbees(['sim', 'world', ...args], cleanEnv());
  for (let i = 0; i < 900 && !/^ARBEES_CLOCK=.*\n/m.test(p.stdout()) && p.child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  const lines = p.stdout().trimEnd().split('\n');
  const settings = Object.fromEntries(
    lines
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  if (!settings.ARBEES_CLOCK) {
    p.child.kill('SIGKILL');
    throw new Error(`the world printed no settings: ${p.stderr()}`);
  }
  return {
    ...p,
    settings,
    async stop() {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
      await p.exited;
    },
  };
}
