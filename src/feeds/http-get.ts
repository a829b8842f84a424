/**
 * A plain HTTP GET for the feeds' clients, two ways: over global fetch (the default), or over
 * node:http/https with keep-alive agents, about three times cheaper per request on loopback,
 * which counts when a replay polls a simulator some 50,000 times.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

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

/** GET over node:http/https, reusing connections; `close()` drops them. */
export function nodeHttpGet(): { readonly get: HttpGet; close(): void } {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const get: HttpGet = (url, headers, timeoutMs) =>
    new Promise((resolve, reject) => {
      const secure = url.startsWith('https:');
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        url,
        { agent: secure ? agents.https : agents.http, headers },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              header: (name) => {
                const value = res.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      // The whole exchange must finish in time, not just each socket read.
      const timer = setTimeout(() => req.destroy(timeoutError(timeoutMs)), timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    });
  return {
    get,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
