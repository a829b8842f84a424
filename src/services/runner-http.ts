/**
 * The runner's HTTP side: /healthz (the process is alive), /readyz (the service is ready and its
 * dependencies answer; 503 while starting and from the moment draining starts), /metrics
 * (Prometheus text), then whatever routes the service adds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import type { HttpRoutes, UpgradeHandler } from './service.js';

export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  readonly check: () => Promise<void>;
}

export interface RunnerHttpOptions {
  readonly port: number;
  readonly host?: string;
  readonly registry: Registry;
  readonly log: Logger;
  /** Why the process is not ready, or null when it is. */
  readonly notReadyReason: () => string | null;
  readonly checks: readonly ReadinessCheck[];
  /** Looked up per request: the service's routes exist only once it has started. */
  readonly routes: () => HttpRoutes | undefined;
  /** Looked up per upgrade request, like routes. */
  readonly upgrades?: () => UpgradeHandler | undefined;
  readonly checkTimeoutMs?: number;
  /** Refreshes gauges that are read from elsewhere (Redis) before a scrape. */
  readonly beforeMetrics?: () => Promise<void>;
}

export interface RunnerHttp {
  readonly port: number;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });

export async function startRunnerHttp(opts: RunnerHttpOptions): Promise<RunnerHttp> {
  const timeoutMs = opts.checkTimeoutMs ?? 2_000;

  const readiness = async (): Promise<{ ready: boolean; problems: string[] }> => {
    const reason = opts.notReadyReason();
    if (reason) return { ready: false, problems: [reason] };
    const results = await Promise.allSettled(
      opts.checks.map((c) => withTimeout(c.check(), timeoutMs, c.name)),
    );
    const problems = results.flatMap((r, i) =>
      r.status === 'rejected'
        ? [`${opts.checks[i]!.name}: ${String((r.reason as Error)?.message ?? r.reason)}`]
        : [],
    );
    // Checked again: draining may have started while the checks ran.
    const late = opts.notReadyReason();
    if (late) problems.unshift(late);
    return { ready: problems.length === 0, problems };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'alive' });
    if (url.pathname === '/readyz') {
      const { ready, problems } = await readiness();
      return sendJson(
        res,
        ready ? 200 : 503,
        ready ? { status: 'ready' } : { status: 'not ready', problems },
      );
    }
    if (url.pathname === '/metrics') {
      await opts.beforeMetrics?.().catch(() => undefined);
      const text = await opts.registry.metrics();
      res.writeHead(200, { 'content-type': opts.registry.contentType });
      return res.end(text);
    }
    const routes = opts.routes();
    if (routes && (await routes(req, res, url))) return;
    sendJson(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.log.error('http handler failed', { path: req.url, error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const taken = opts.upgrades?.()?.(req, socket, head) ?? false;
    if (!taken) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
