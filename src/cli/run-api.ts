/**
 * The API and the dashboard in the one-process run (`arbees run`): served on 127.0.0.1 from the
 * moment the run's bus exists until the report is printed, or with `--serve` until Ctrl-C. On a
 * first start (no token in the store) it creates an operator token and prints it once, in the
 * dashboard URL's fragment (a fragment never reaches a server or its logs).
 */
import { Counter, Registry } from 'prom-client';
import type { StandaloneApi } from '../api/standalone.js';
import { findWebRoot } from '../api/web-root.js';
import type { Config } from '../config/schema.js';
import { LiveClock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { Logger } from '../services/logger.js';
import type { RunBus } from '../services/run-bus.js';
import type { Store } from '../store/port.js';

export interface RunApi {
  /** The run's onBus: starts serving on the run's bus and clock (when ARBEES_API is on). */
  attach(run: RunBus): Promise<void>;
  /** With `serve`, keeps serving until Ctrl-C or SIGTERM; then closes. */
  finish(opts: { readonly serve: boolean }): Promise<void>;
  /** The address served, once attached. */
  url(): string | null;
}

export function runApi(opts: {
  readonly config: Config;
  readonly store: Store;
  readonly runId: RunId;
  readonly log: Logger;
  /** Where the URL and the first token go (stderr: stdout carries the report). */
  readonly write: (text: string) => void;
  /** The dashboard's build to serve at `/`; found beside the code when absent (web-root.ts). */
  readonly webRoot?: string;
}): RunApi {
  const { config, store, runId, log, write } = opts;
  let served: StandaloneApi | null = null;
  return {
    url: () => served?.url ?? null,
    async attach(run) {
      if (!config.ARBEES_API || served) return;
      // Loaded only when used: `arbees run` with the API off pays nothing for Fastify.
      const { serveApi, firstOperatorToken } = await import('../api/standalone.js');
      const webRoot = opts.webRoot ?? findWebRoot();
      const apiOptions = {
        store,
        bus: run.bus,
        clock: run.clock,
        runId,
        log,
        instanceId: 'one-process',
        metrics: apiMetrics(),
        mcpControl: config.ARBEES_MCP_CONTROL,
        reportSettings: config,
        webRoot,
      };
      try {
        served = await serveApi({ ...apiOptions, port: config.ARBEES_API_PORT });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        log.warn(`port ${config.ARBEES_API_PORT} is taken; serving the API on a free port instead`);
        served = await serveApi({ ...apiOptions, port: 0 });
      }
      if (!webRoot) log.warn('no dashboard build in web/dist (npm run build:web): serving the API only');
      // A token's creation is a wall-clock fact, whatever the run's clock says.
      const secret = await firstOperatorToken(store, new LiveClock());
      write(
        secret
          ? `dashboard: ${served.url}/#token=${secret}\n  (an operator token was created for this store and is shown this once; keep it)\n`
          : `dashboard: ${served.url}/  (sign in with an API token: arbees token create --role operator --name <you>)\n`,
      );
    },
    async finish({ serve }) {
      if (!served) return;
      if (serve) {
        write(`serving the dashboard at ${served.url}/ until Ctrl-C\n`);
        await new Promise<void>((resolve) => {
          const done = () => {
            process.off('SIGINT', done);
            process.off('SIGTERM', done);
            resolve();
          };
          process.on('SIGINT', done);
          process.on('SIGTERM', done);
        });
      }
      await served.close();
      served = null;
    },
  };
}

function apiMetrics() {
  const registers = [new Registry()];
  return {
    badRequestsTotal: new Counter({
      name: 'arbees_api_bad_requests_total',
      help: 'API requests refused as malformed',
      labelNames: ['route'],
      registers,
    }),
    authRefusedTotal: new Counter({
      name: 'arbees_api_auth_refused_total',
      help: 'API requests refused: 401 or 403',
      labelNames: ['route', 'status'],
      registers,
    }),
    controlActionsTotal: new Counter({
      name: 'arbees_api_control_actions_total',
      help: 'Control actions taken through the API',
      labelNames: ['action'],
      registers,
    }),
  };
}
