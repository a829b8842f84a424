/**
 * One JSON request to a venue's REST API over the client's transport (http-transport.ts), as a typed outcome: what the Kalshi,
 * Polymarket and Polymarket US HTTP clients share once each has built its URL, signed its
 * headers and taken its token. A 429 is `rate_limited` (with `Retry-After` in ms when the venue
 * sent a readable one), any other 4xx/5xx `http_error` with the venue's body (a body that is not
 * JSON, a proxy's HTML page, kept as text for the error message), no answer within `timeoutMs`
 * `timeout`, a connection that failed `network` with its cause. Never throws.
 */

import { type HttpTransport, HttpTransportError, jsonOrText } from './http-transport.js';

export type VenueHttpOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown }
  /** An answer with a 4xx/5xx status (except 429), with the venue's error body if it sent one. */
  | { readonly kind: 'http_error'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number | null }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly reason: string };

export interface VenueHttpSend {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent (serialised by the caller: a signature may cover its exact text). */
  readonly body?: string;
  readonly timeoutMs: number;
  /** The client's own connections (keepAliveTransport). */
  readonly transport: HttpTransport;
}

export async function sendVenueRequest(req: VenueHttpSend): Promise<VenueHttpOutcome> {
  try {
    const res = await req.transport.send({
      method: req.method,
      url: req.url,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      timeoutMs: req.timeoutMs,
    });
    const body = jsonOrText(res.text);
    if (res.status === 429)
      return { kind: 'rate_limited', retryAfterMs: retryAfterMs(res.header('retry-after')) };
    if (res.status >= 400) return { kind: 'http_error', status: res.status, body };
    return { kind: 'ok', status: res.status, body };
  } catch (error) {
    if (error instanceof HttpTransportError && error.kind === 'timeout') return { kind: 'timeout' };
    return { kind: 'network', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether a GET may be sent again after this outcome: no answer, a 429, or a 5xx. */
export function retryableOutcome(outcome: { readonly kind: string; readonly status?: number }): boolean {
  return (
    outcome.kind === 'timeout' ||
    outcome.kind === 'network' ||
    outcome.kind === 'rate_limited' ||
    (outcome.kind === 'http_error' && (outcome.status ?? 0) >= 500)
  );
}

/** `Retry-After` in seconds (the only form Cloudflare sends) to ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d+(\.\d+)?$/.test(header.trim())) return null;
  return Math.round(Number(header) * 1000);
}

/**
 * Sends up to `attempts` times while the outcome is retryable (retryableOutcome), waiting
 * `wait(outcome, attempt)` between tries; the last outcome. A caller passes 1 for a POST, which
 * is never sent twice.
 */
export async function sendWithRetries<O extends { readonly kind: string; readonly status?: number }>(opts: {
  readonly attempts: number;
  readonly send: () => Promise<O>;
  readonly wait: (outcome: O, attempt: number) => Promise<void>;
}): Promise<O> {
  let outcome = await opts.send();
  for (let attempt = 1; attempt < opts.attempts && retryableOutcome(outcome); attempt++) {
    await opts.wait(outcome, attempt);
    outcome = await opts.send();
  }
  return outcome;
}
