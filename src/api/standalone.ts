/**
 * The API on a server of its own, for a process that has no service runner (the one-process
 * run): binds 127.0.0.1 unless told otherwise, answers /api/* and the /api/ws upgrade, and the
 * dashboard's files at / when given a webRoot (404 elsewhere). `firstOperatorToken` gives a fresh store its first operator token, once.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/port.js';
import { type ApiServer, buildApi } from './server.js';
import { createApiToken } from './tokens.js';
import type { ApiOptions } from './types.js';

export interface StandaloneApi {
  readonly api: ApiServer;
  readonly port: number;
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveApi(
  opts: ApiOptions & { readonly port: number; readonly host?: string },
): Promise<StandaloneApi> {
  const api = await buildApi(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    api
      .handle(req, res, url)
      .then((taken) => {
        if (taken) return;
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: `no route ${req.method} ${url.pathname}` }));
      })
      .catch((error: unknown) => {
        opts.log.error('api server failed', { error: String(error) });
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!api.upgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    api,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      await api.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * When the store holds no token at all (a first start), creates an operator token named
 * "first-operator" and returns its secret for the caller to print once; null otherwise.
 */
export async function firstOperatorToken(store: Store, clock: Clock): Promise<string | null> {
  if ((await store.listApiTokens()).length > 0) return null;
  const { secret } = await createApiToken({ store, clock, name: 'first-operator', role: 'operator' });
  return secret;
}
