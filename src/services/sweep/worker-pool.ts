/**
 * Runs jobs on a few worker threads (node:worker_threads), each job on the first free worker.
 * A job that throws comes back as failed with its message; a worker that dies (an uncaught
 * error, an exit, memory) fails the job it held and is replaced, so the other jobs still run.
 * Workers stay up between batches (starting one costs seconds: modules, an in-memory store)
 * until close(). The worker module serves jobs with serveJobs() (worker-host.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostMessage, PoolMessage } from './worker-host.js';

export type JobOutcome<J, R> =
  | { readonly job: J; readonly ok: true; readonly value: R }
  | { readonly job: J; readonly ok: false; readonly error: string };

export interface WorkerPoolOptions {
  /** The worker module (a .ts module is loaded through tsx, as bin/run-ts.js does). */
  readonly workerUrl: URL;
  readonly workers: number;
}

/**
 * Loads the worker module, through tsx's loader when it is TypeScript (the sources run without a
 * build step). Evaluated as CommonJS, so it can sit in the pool module itself.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.moduleUrl);
})().catch((error) => { setImmediate(() => { throw error; }); });
`;

function tsxApiUrl(moduleUrl: URL): string | null {
  if (!moduleUrl.pathname.endsWith('.ts')) return null;
  // tsx's ES module entry, as `import` resolves it (its CommonJS entry cannot be imported).
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

interface Batch<J, R> {
  readonly jobs: readonly J[];
  readonly outcomes: (JobOutcome<J, R> | undefined)[];
  next: number;
  done: number;
  readonly onOutcome: ((done: number, total: number) => void) | undefined;
  readonly resolve: (outcomes: JobOutcome<J, R>[]) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  /** The index of the job it holds in the current batch, or null when idle. */
  current: number | null;
  dead: boolean;
}

export class WorkerPool<J, R> {
  private readonly slots: Slot[] = [];
  private batch: Batch<J, R> | null = null;
  private closed = false;
  private readonly workerData: { moduleUrl: string; tsxApi: string | null };

  constructor(private readonly opts: WorkerPoolOptions) {
    this.workerData = { moduleUrl: opts.workerUrl.href, tsxApi: tsxApiUrl(opts.workerUrl) };
  }

  /** Every job's outcome, in the order of `jobs`. One batch at a time. */
  run(jobs: readonly J[], onOutcome?: (done: number, total: number) => void): Promise<JobOutcome<J, R>[]> {
    if (this.closed) throw new Error('the worker pool is closed');
    if (this.batch) throw new Error('the worker pool runs one batch at a time');
    if (jobs.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.batch = { jobs, outcomes: new Array(jobs.length), next: 0, done: 0, onOutcome, resolve };
      const wanted = Math.min(Math.max(1, this.opts.workers), jobs.length);
      while (this.slots.filter((s) => !s.dead).length < wanted) this.start();
      for (const slot of this.slots) if (slot.ready && slot.current === null && !slot.dead) this.assign(slot);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = this.slots.filter((s) => !s.dead);
    await Promise.all(
      live.map(
        (slot) =>
          new Promise<void>((resolve) => {
            slot.worker.once('exit', () => resolve());
            slot.dead = true;
            if (slot.ready) slot.worker.postMessage({ type: 'stop' } satisfies PoolMessage<J>);
            else void slot.worker.terminate();
          }),
      ),
    );
  }

  private start(): void {
    const slot: Slot = {
      worker: new Worker(BOOTSTRAP, { eval: true, workerData: this.workerData }),
      ready: false,
      current: null,
      dead: false,
    };
    this.slots.push(slot);
    slot.worker.on('message', (message: HostMessage<R>) => {
      if (message.type === 'ready') {
        slot.ready = true;
        return this.assign(slot);
      }
      const batch = this.batch;
      if (!batch || slot.current === null || message.id !== slot.current) return;
      const index = slot.current;
      slot.current = null;
      const job = batch.jobs[index] as J;
      this.finish(
        index,
        message.ok ? { job, ok: true, value: message.value } : { job, ok: false, error: message.error },
      );
      this.assign(slot);
    });
    slot.worker.on('error', (error) => this.died(slot, `worker failed: ${error.message}`));
    slot.worker.on('exit', (code) => this.died(slot, `worker exited (code ${code}) during the job`));
  }

  private assign(slot: Slot): void {
    const batch = this.batch;
    if (!batch || slot.dead || batch.next >= batch.jobs.length) return;
    slot.current = batch.next;
    batch.next += 1;
    const job = batch.jobs[slot.current] as J;
    slot.worker.postMessage({ type: 'job', id: slot.current, job } satisfies PoolMessage<J>);
  }

  /**
   * A worker dies once: the job it held fails (or, dying before it took one, the next job, so a
   * module that cannot load fails every job instead of restarting forever), and a new worker
   * takes the remaining jobs.
   */
  private died(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    const batch = this.batch;
    if (!batch) return;
    let held = slot.current;
    slot.current = null;
    if (held === null && batch.next < batch.jobs.length) {
      held = batch.next;
      batch.next += 1;
    }
    if (held !== null) this.finish(held, { job: batch.jobs[held] as J, ok: false, error: reason });
    if (this.batch === batch && batch.next < batch.jobs.length) this.start();
  }

  private finish(index: number, outcome: JobOutcome<J, R>): void {
    const batch = this.batch;
    if (!batch || batch.outcomes[index] !== undefined) return;
    batch.outcomes[index] = outcome;
    batch.done += 1;
    batch.onOutcome?.(batch.done, batch.jobs.length);
    if (batch.done === batch.jobs.length) {
      this.batch = null;
      batch.resolve(batch.outcomes as JobOutcome<J, R>[]);
    }
  }
}
