/**
 * api: the HTTP and WebSocket API (src/api/): reads over the store, operator controls published
 * on the bus, live updates from it, bearer tokens with roles; and the dashboard at / when built. Stateless apart from each
 * instance's live-update consumer group: run as many as needed.
 */
import { Counter } from 'prom-client';
import { buildApi } from '../../api/server.js';
import { findWebRoot } from '../../api/web-root.js';
import { tradingMetricsFor } from '../metrics.js';
import type { ServiceDefinition } from '../service.js';

export const api: ServiceDefinition = {
  name: 'api',
  description: 'The API: reads, operator controls and live updates, with bearer tokens (viewer, operator).',
  async start(ctx) {
    const server = await buildApi({
      store: ctx.store,
      bus: ctx.bus,
      clock: ctx.wallClock,
      runId: ctx.runId,
      instanceId: ctx.instanceId,
      mcpControl: ctx.config.ARBEES_MCP_CONTROL,
      reportSettings: ctx.config,
      // The dashboard at /, when the image (or the checkout) has its build.
      webRoot: findWebRoot(),
      log: ctx.log,
      metrics: {
        badRequestsTotal: tradingMetricsFor(ctx.metrics).badRequestsTotal,
        authRefusedTotal: new Counter({
          name: 'arbees_api_auth_refused_total',
          help: 'API requests refused: 401 without a valid token, 403 without the role',
          labelNames: ['route', 'status'],
          registers: [ctx.metrics],
        }),
        controlActionsTotal: new Counter({
          name: 'arbees_api_control_actions_total',
          help: 'Control actions taken through the API',
          labelNames: ['action'],
          registers: [ctx.metrics],
        }),
      },
    });
    return {
      ready: () => server.ready(),
      stop: () => server.close(),
      http: (req, res, url) => server.handle(req, res, url),
      upgrade: (req, socket, head) => server.upgrade(req, socket, head),
    };
  },
};
