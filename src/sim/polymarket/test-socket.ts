/**
 * A WebSocket client for the simulator's tests: it queues every text frame and waits for one
 * that satisfies a predicate, so a test awaits the message it needs instead of sleeping.
 */
import WebSocket from 'ws';

export interface TestSocket {
  readonly ws: WebSocket;
  /** The first frame (queued or to come) the predicate accepts, taken off the queue. */
  next(pred: (text: string) => boolean): Promise<string>;
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
  /** Frames received and not yet taken by `next`. */
  readonly frames: string[];
}

export async function openTestSocket(url: string): Promise<TestSocket> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  const waiters: { pred: (t: string) => boolean; resolve: (t: string) => void }[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const i = waiters.findIndex((w) => w.pred(text));
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(text);
    else frames.push(text);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (pred: (t: string) => boolean) =>
    new Promise<string>((resolve) => {
      const i = frames.findIndex(pred);
      if (i >= 0) resolve(frames.splice(i, 1)[0] as string);
      else waiters.push({ pred, resolve });
    });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { ws, next, closed, frames };
}

/** A predicate: the frame contains this text. */
export const has = (s: string) => (t: string) => t.includes(s);
