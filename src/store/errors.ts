/** Errors the store raises for a user's mistake (bad URL, server down): a message, no stack dump. */

export class StoreConnectionError extends Error {
  override readonly name = 'StoreConnectionError';
  constructor(
    message: string,
    /** The driver's error, kept for debugging; its message is already summarised in `message`. */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** `postgres://user:secret@host/db` -> `postgres://user:***@host/db`; unparsable input is hidden whole. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable URL>';
  }
}

/** A one-line reason from a driver error, including Node's AggregateError (IPv4 + IPv6 refusals). */
export function describeDriverError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeDriverError(err.errors[0]);
  if (err && typeof err === 'object') {
    const e = err as { message?: unknown; code?: unknown };
    const message = typeof e.message === 'string' && e.message.length > 0 ? e.message : '';
    const code = typeof e.code === 'string' ? e.code : '';
    if (message && code && !message.includes(code)) return `${message} (${code})`;
    return message || code || String(err);
  }
  return String(err);
}
