/** HTTP plumbing the venue simulators share: JSON replies, bounded bodies, header reads. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}

/** A header's value, or null when absent or empty. */
export function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Answers with JSON; a response already sent or a socket already gone is left alone. */
export function sendJson(res: ServerResponse, reply: JsonReply): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The raw body as text, or null when it is longer than `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A wait that does not keep the process alive by itself (the listening socket does). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
