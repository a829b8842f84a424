/** api: health plus read endpoints over the store (see api-routes.ts). Stateless: run as many as needed. */
import { tradingMetricsFor } from '../metrics.js';
import type { ServiceDefinition } from '../service.js';
import { apiRoutes } from './api-routes.js';

export const api: ServiceDefinition = {
  name: 'api',
  description: 'Read endpoints: runs, status and trading states, positions, orders, fills, P&L.',
  async start(ctx) {
    const http = apiRoutes({ store: ctx.store, runId: ctx.runId, metrics: tradingMetricsFor(ctx.metrics) });
    return { ready: () => true, stop: async () => {}, http };
  },
};
