/**
 * How the venues' REST clients put a request on the wire: node:http/https with keep-alive
 * agents, one set per client (no global dispatcher). About three times cheaper per request than
 * global fetch on loopback (its web streams and Blob wrapping), which counts both for a live
 * order's latency and for a replay that sends the simulated venues some 100,000 requests.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpExchange {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body, already serialized. */
  readonly body?: string;
  /** The whole exchange must finish within this, not just each socket read. */
  readonly timeoutMs: number;
}

export interface HttpReply {
  readonly status: number;
  header(name: string): string | null;
  readonly text: string;
}

/** Why no reply came: the deadline passed, or the connection failed (refused, reset, DNS). */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';
  constructor(
    readonly kind: 'timeout' | 'network',
    message: string,
  ) {
    super(message);
  }
}

export interface HttpTransport {
  send(exchange: HttpExchange): Promise<HttpReply>;
  /** Drops the kept-alive connections. */
  close(): void;
}

export function keepAliveTransport(): HttpTransport {
  // Idle kept-alive sockets are unref'd by the agent: they never hold the process open.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return {
    send: (exchange) => sendOnce(exchange, agents),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function sendOnce(
  { method, url, headers, body, timeoutMs }: HttpExchange,
  agents: { readonly http: HttpAgent; readonly https: HttpsAgent },
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    let settled = false;
    const fail = (error: HttpTransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const req = send(
      url,
      {
        method,
        agent: secure ? agents.https : agents.http,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(new HttpTransportError('network', error.message)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const value = res.headers[name.toLowerCase()];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(new HttpTransportError('timeout', `no answer within ${timeoutMs} ms`));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => fail(new HttpTransportError('network', describeSocketError(error))));
    req.end(body);
  });
}

/** The error with its code (ECONNREFUSED …), as fetch's `cause` used to give it. */
function describeSocketError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/** The body as JSON, or as the text itself when it is not JSON (a proxy's HTML page, kept for the error message); null when empty. */
export function jsonOrText(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
