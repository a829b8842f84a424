/**
 * The worker side of worker-pool.ts: takes one job at a time from the pool, answers with its
 * value or the error's message, and on `stop` runs the clean-up and leaves.
 */
import { parentPort } from 'node:worker_threads';

export type PoolMessage<J> =
  | { readonly type: 'job'; readonly id: number; readonly job: J }
  | { readonly type: 'stop' };

export type HostMessage<R> =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly ok: true; readonly value: R }
  | { readonly type: 'done'; readonly id: number; readonly ok: false; readonly error: string };

export interface JobHandler<J, R> {
  run(job: J): Promise<R>;
  /** Called once before the worker leaves. */
  close?(): Promise<void>;
}

export function serveJobs<J, R>(handler: JobHandler<J, R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  port.on('message', async (message: PoolMessage<J>) => {
    if (message.type === 'stop') {
      await handler.close?.();
      // In a worker thread this ends the thread, not the process.
      process.exit(0);
    }
    try {
      const value = await handler.run(message.job);
      port.postMessage({ type: 'done', id: message.id, ok: true, value } satisfies HostMessage<R>);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      port.postMessage({ type: 'done', id: message.id, ok: false, error: reason } satisfies HostMessage<R>);
    }
  });
  port.postMessage({ type: 'ready' } satisfies HostMessage<R>);
}
