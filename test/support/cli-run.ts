/**
 * The `arbees` command run as a child process, from the sources through tsx (a stale dist/ from
 * an old build must not be what is tested). Asynchronous on purpose: a synchronous spawn blocks
 * the test worker's event loop for the whole run, and a run longer than a minute makes vitest's
 * worker-to-runner calls time out ("Timeout calling onTaskUpdate") though every test passed.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  /** The exit code; null when the process was killed (the timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runArbees(
  args: readonly string[],
  opts: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: opts.cwd ?? ROOT,
        // `arbees run` serves the API: on a free port, so tests in parallel never collide.
        env: { ARBEES_API_PORT: '0', ...(opts.env ?? process.env) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
