/**
 * Test plumbing for the distributed shape: one `arbees service <name>` as a real child process
 * (the TypeScript sources through tsx, never a stale dist/), its JSON log lines collected, its
 * HTTP port read from the "listening" line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  /** Parsed JSON log lines so far (stdout). */
  readonly logs: Record<string, unknown>[];
  readonly stderr: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has ended by itself. */
  exited(): Promise<number | null>;
}

export interface StartServiceOptions {
  readonly name: string;
  readonly instance?: string;
  /** Environment on top of the test process's own, minus its ARBEES_* variables. */
  readonly env: Record<string, string | undefined>;
  readonly args?: readonly string[];
}

export function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('ARBEES_'),
    ),
  );
}

/** Starts the service; resolves once it listens, rejects if it exits first. */
export async function startServiceProcess(opts: StartServiceOptions): Promise<ServiceProcess> {
  const args = ['bin/run-ts.js', 'src/cli/main.ts', 'service', opts.name, '--port', '0'];
  if (opts.instance) args.push('--instance', opts.instance);
  args.push(...(opts.args ?? []));
  const env = { ...cleanEnv(), ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, args, {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') resolve(Number(entry.port));
      } catch {
        logs.push({ unparsed: line });
      }
    });
    void exit.then((code) =>
      reject(
        new Error(`${opts.name} exited with ${code} before listening:\n${stderr}\n${JSON.stringify(logs)}`),
      ),
    );
  });
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    exited: () => exit,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

/** Polls until `probe` returns a value (not undefined), with a generous deadline. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function readyStatus(baseUrl: string): Promise<number> {
  return (await fetch(`${baseUrl}/readyz`)).status;
}

/** Deletes every Redis key under `prefix` (a test's streams and their groups). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
