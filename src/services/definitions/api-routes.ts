/**
 * The api service's read endpoints, JSON over HTTP, from the store. Every query parameter is
 * checked; a bad one gets 400 naming it, and is counted. Money stays integer micro-dollars, as
 * stored (fields end in the unit the event types document).
 *
 *   GET /api/runs?limit=50            recent runs
 *   GET /api/runs/<runId>             one run, with its report
 *   GET /api/status?run=<id>          the run and every trading state (scope, state, reason)
 *   GET /api/positions?run=<id>       positions as last stored
 *   GET /api/orders?run=<id>&status=open|done|all&limit=100
 *   GET /api/fills?run=<id>&limit=100 newest first
 *   GET /api/pnl?run=<id>             the latest bankroll snapshot: cash, equity, P&L, drawdown
 *
 * `run` defaults to the deployment's run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { asRunId, type RunId } from '../../core/ids.js';
import type { Store } from '../../store/port.js';
import type { TradingMetrics } from '../metrics.js';
import { sendJson } from '../runner-http.js';
import type { HttpRoutes } from '../service.js';

const RUN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const limit = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000'))
    .default(fallback);
const run = z.string().regex(RUN_ID, 'must be 1-128 letters, digits, ".", "_", ":" or "-"').optional();

const QUERIES = {
  runs: z.strictObject({ limit: limit(50) }),
  run: z.strictObject({}),
  status: z.strictObject({ run }),
  positions: z.strictObject({ run }),
  orders: z.strictObject({ run, status: z.enum(['open', 'done', 'all']).default('all'), limit: limit(100) }),
  fills: z.strictObject({ run, limit: limit(100) }),
  pnl: z.strictObject({ run }),
} as const;
type RouteName = keyof typeof QUERIES;

class BadRequest extends Error {}

function parseQuery<R extends RouteName>(route: R, url: URL): z.infer<(typeof QUERIES)[R]> {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in raw) throw new BadRequest(`query parameter "${key}" is given twice`);
    raw[key] = value;
  }
  const parsed = QUERIES[route].safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown query parameter(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`
        : `${i.path.join('.')}: ${i.message}`,
    );
    throw new BadRequest(problems.join('; '));
  }
  return parsed.data as z.infer<(typeof QUERIES)[R]>;
}

export function apiRoutes(opts: { store: Store; runId: RunId; metrics: TradingMetrics }): HttpRoutes {
  const { store, metrics } = opts;
  const runOf = (q: { run?: string | undefined }) => (q.run ? asRunId(q.run) : opts.runId);

  const handlers: Record<RouteName, (url: URL, param: string | undefined) => Promise<[number, unknown]>> = {
    runs: async (url) => [200, { runs: await store.listRuns(parseQuery('runs', url)) }],
    run: async (url, param) => {
      parseQuery('run', url);
      if (!param || !RUN_ID.test(param)) throw new BadRequest('the run id in the path is malformed');
      const found = await store.getRun(asRunId(param));
      return found ? [200, found] : [404, { error: `no run "${param}"` }];
    },
    status: async (url) => {
      const runId = runOf(parseQuery('status', url));
      const found = await store.getRun(runId);
      if (!found) return [404, { error: `no run "${runId}"` }];
      const states = await store.latestTradingStates(runId);
      const { report: _report, ...summary } = found;
      return [
        200,
        {
          run: summary,
          tradingStates: states.map((s) => ({
            scope: s.scope,
            state: s.state,
            reason: s.reason,
            origin: s.origin,
            ts: s.ts,
            ...(s.untilTs !== undefined ? { untilTs: s.untilTs } : {}),
          })),
        },
      ];
    },
    positions: async (url) => [
      200,
      { positions: await store.listPositions(runOf(parseQuery('positions', url))) },
    ],
    orders: async (url) => {
      const q = parseQuery('orders', url);
      return [200, { orders: await store.listOrders(runOf(q), { status: q.status, limit: q.limit }) }];
    },
    fills: async (url) => {
      const q = parseQuery('fills', url);
      const fills = await store.listFills(runOf(q));
      return [200, { fills: fills.slice(-q.limit).reverse() }];
    },
    pnl: async (url) => {
      const runId = runOf(parseQuery('pnl', url));
      const bankroll = await store.latestBankroll(runId);
      return bankroll
        ? [200, { runId, units: 'micro-dollars', bankroll }]
        : [404, { error: `no bankroll snapshot for run "${runId}" yet` }];
    },
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const match = /^\/api\/(runs|status|positions|orders|fills|pnl)(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!match) return false;
    const route: RouteName = match[1] === 'runs' && match[2] !== undefined ? 'run' : (match[1] as RouteName);
    const param = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (param !== undefined && route !== 'run') {
      sendJson(res, 404, { error: `no route ${url.pathname}` });
      return true;
    }
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendJson(res, 405, { error: `${req.method} is not allowed; the api is read-only (GET)` });
      return true;
    }
    try {
      const [status, body] = await handlers[route](url, param);
      sendJson(res, status, body);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      metrics.badRequestsTotal.inc({ route });
      sendJson(res, 400, { error: error.message });
    }
    return true;
  };
}
