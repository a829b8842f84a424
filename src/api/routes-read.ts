/**
 * The read routes: runs, status and trading states, positions, orders, fills, P&L and the
 * bankroll curve, signals with their decisions, reconciliation verdicts, and who the caller is.
 * Every one takes `run` (the deployment's run when absent); a viewer or operator token may call them.
 */
import { asRunId, type RunId } from '../core/ids.js';
import {
  BankrollCurveQuery,
  BankrollCurveResponse,
  ErrorBody,
  FillsQuery,
  FillsResponse,
  GameHistoryParams,
  GameHistoryQuery,
  GameHistoryResponse,
  GamesQuery,
  GamesResponse,
  OrdersQuery,
  OrdersResponse,
  PnlResponse,
  PositionsResponse,
  ReconciliationQuery,
  ReconciliationResponse,
  RiskDecisionsQuery,
  RiskDecisionsResponse,
  RunParams,
  RunQuery,
  RunQueryOnly,
  RunSummary,
  RunsQuery,
  RunsResponse,
  SignalsQuery,
  SignalsResponse,
  StatusResponse,
  WhoAmIResponse,
} from './contract.js';
import type { ApiOptions, ZodApp } from './types.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;

export function registerReadRoutes(app: ZodApp, opts: ApiOptions): void {
  const { store } = opts;
  const runOf = (q: { run?: string | undefined }): RunId => (q.run ? asRunId(q.run) : opts.runId);
  const read = (summary: string, tag = 'read') => ({ summary, tags: [tag] });

  app.get(
    '/api/whoami',
    { schema: { ...read('The caller: token name and role'), response: { 200: WhoAmIResponse, ...errors } } },
    async (req) => {
      const t = req.apiToken!;
      return { tokenId: t.tokenId, name: t.name, role: t.role, runId: opts.runId };
    },
  );

  app.get(
    '/api/runs',
    {
      schema: {
        ...read('Recent runs, newest first'),
        querystring: RunsQuery,
        response: { 200: RunsResponse, ...errors },
      },
    },
    async (req) => ({ runs: await store.listRuns({ limit: req.query.limit }) }),
  );

  app.get(
    '/api/runs/:runId',
    {
      schema: {
        ...read('One run, with its report'),
        params: RunParams,
        querystring: RunQuery,
        response: { 200: RunSummary, ...errors },
      },
    },
    async (req, reply) => {
      const found = await store.getRun(asRunId(req.params.runId));
      return found ?? reply.code(404).send({ error: `no run "${req.params.runId}"`, field: 'runId' });
    },
  );

  app.get(
    '/api/status',
    {
      schema: {
        ...read('The run and the latest trading state of every scope'),
        querystring: RunQueryOnly,
        response: { 200: StatusResponse, ...errors },
      },
    },
    async (req, reply) => {
      const runId = runOf(req.query);
      const found = await store.getRun(runId);
      if (!found) return reply.code(404).send({ error: `no run "${runId}"`, field: 'run' });
      const { report: _report, ...run } = found;
      return { run, tradingStates: await store.latestTradingStates(runId) };
    },
  );

  app.get(
    '/api/positions',
    {
      schema: {
        ...read('Positions as last stored'),
        querystring: RunQueryOnly,
        response: { 200: PositionsResponse, ...errors },
      },
    },
    async (req) => ({ positions: await store.listPositions(runOf(req.query)) }),
  );

  app.get(
    '/api/orders',
    {
      schema: {
        ...read('Orders, newest first'),
        querystring: OrdersQuery,
        response: { 200: OrdersResponse, ...errors },
      },
    },
    async (req) => ({
      orders: await store.listOrders(runOf(req.query), { status: req.query.status, limit: req.query.limit }),
    }),
  );

  app.get(
    '/api/fills',
    {
      schema: {
        ...read('Fills, newest first'),
        querystring: FillsQuery,
        response: { 200: FillsResponse, ...errors },
      },
    },
    async (req) => {
      const fills = await store.listFills(runOf(req.query));
      return { fills: fills.slice(-req.query.limit).reverse() };
    },
  );

  app.get(
    '/api/pnl',
    {
      schema: {
        ...read('The latest bankroll snapshot: cash, equity, P&L, drawdown'),
        querystring: RunQueryOnly,
        response: { 200: PnlResponse, ...errors },
      },
    },
    async (req, reply) => {
      const runId = runOf(req.query);
      const bankroll = await store.latestBankroll(runId);
      return bankroll
        ? { runId, units: 'micro-dollars' as const, bankroll }
        : reply.code(404).send({ error: `no bankroll snapshot for run "${runId}" yet` });
    },
  );

  app.get(
    '/api/pnl/curve',
    {
      schema: {
        ...read('The bankroll curve: snapshots oldest first'),
        querystring: BankrollCurveQuery,
        response: { 200: BankrollCurveResponse, ...errors },
      },
    },
    async (req) => {
      const runId = runOf(req.query);
      return {
        runId,
        units: 'micro-dollars' as const,
        points: await store.listBankroll(runId, { limit: req.query.limit }),
      };
    },
  );

  app.get(
    '/api/signals',
    {
      schema: {
        ...read('Signals, newest first, each with its risk decision and denial reasons'),
        querystring: SignalsQuery,
        response: { 200: SignalsResponse, ...errors },
      },
    },
    async (req) => ({
      signals: await store.listSignals(runOf(req.query), {
        decision: req.query.decision,
        limit: req.query.limit,
      }),
    }),
  );

  app.get(
    '/api/games',
    {
      schema: {
        ...read("Games with their latest state, and each market's latest prices, model probability and edge"),
        querystring: GamesQuery,
        response: { 200: GamesResponse, ...errors },
      },
    },
    async (req) => ({
      games: await store.listGames(runOf(req.query), {
        limit: req.query.limit,
        ...(req.query.game ? { gameId: req.query.game } : {}),
      }),
    }),
  );

  app.get(
    '/api/games/:gameId/history',
    {
      schema: {
        ...read(
          "A game's chart: each market's top of book and the model's signals over the game, oldest first",
        ),
        params: GameHistoryParams,
        querystring: GameHistoryQuery,
        response: { 200: GameHistoryResponse, ...errors },
      },
    },
    async (req) => {
      const runId = runOf(req.query);
      const { gameId } = req.params;
      const history = await store.gameHistory(runId, gameId, { bucketMs: req.query.bucket * 1000 });
      return { runId, gameId, quotes: [...history.quotes], signals: [...history.signals] };
    },
  );

  app.get(
    '/api/risk/decisions',
    {
      schema: {
        ...read('Risk decisions, newest first, with the inputs they were based on and the legs granted'),
        querystring: RiskDecisionsQuery,
        response: { 200: RiskDecisionsResponse, ...errors },
      },
    },
    async (req) => {
      const decisions = await store.listRiskDecisions(runOf(req.query), {
        limit: req.query.limit,
        ...(req.query.approved ? { approved: req.query.approved === 'true' } : {}),
      });
      // The events' arrays are readonly; the response's are plain.
      return { decisions: decisions.map((d) => ({ ...d, reasons: [...d.reasons], legs: [...d.legs] })) };
    },
  );

  app.get(
    '/api/reconciliation',
    {
      schema: {
        ...read("The reconciler's verdicts (trading scope `reconciliation`)"),
        querystring: ReconciliationQuery,
        response: { 200: ReconciliationResponse, ...errors },
      },
    },
    async (req) => {
      const runId = runOf(req.query);
      const passes = await store.listTradingStates(runId, {
        scope: 'reconciliation',
        limit: req.query.limit,
      });
      return { runId, current: passes[0] ?? null, passes };
    },
  );
}
