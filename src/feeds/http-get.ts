/**
 * A plain HTTP GET for the feeds' clients, two ways: over global fetch (the default), or over
 * node:http/https with keep-alive agents, about three times cheaper per request on loopback,
 * which counts when a replay polls a simulator some 50,000 times.
 */
import { HttpTransportError, keepAliveTransport } from '../venues/http-transport.js';

export interface HttpAnswer {
  readonly status: number;
  header(name: string): string | null;
  /** Empty for a 304. */
  readonly body: string;
}

/** GET `url`; rejects with an error named TimeoutError after `timeoutMs`, or on a network error. */
export type HttpGet = (
  url: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
) => Promise<HttpAnswer>;

export function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' });
}

export function fetchGet(fetchFn: typeof fetch = fetch): HttpGet {
  return async (url, headers, timeoutMs) => {
    const response = await fetchFn(url, { headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) });
    const body = response.status === 304 ? '' : await response.text();
    return { status: response.status, header: (name) => response.headers.get(name), body };
  };
}

/** GET over node:http/https (the venues' keep-alive transport), reusing connections; `close()` drops them. */
export function nodeHttpGet(): { readonly get: HttpGet; close(): void } {
  const transport = keepAliveTransport();
  const get: HttpGet = async (url, headers, timeoutMs) => {
    try {
      const reply = await transport.send({ method: 'GET', url: new URL(url), headers, timeoutMs });
      return { status: reply.status, header: reply.header, body: reply.status === 304 ? '' : reply.text };
    } catch (error) {
      if (error instanceof HttpTransportError && error.kind === 'timeout') throw timeoutError(timeoutMs);
      throw error;
    }
  };
  return { get, close: () => transport.close() };
}
