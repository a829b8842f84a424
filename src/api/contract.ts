/**
 * The API contract: a zod schema for every request and response, and the TypeScript types
 * inferred from them. The server validates with these schemas, the OpenAPI document is generated
 * from them, and the dashboard imports the types from here (no second copy of the shapes).
 * Money is integer micro-dollars, quantities integer centi-contracts, probabilities and edges
 * integer parts per million, times epoch milliseconds: the field names and descriptions say so.
 *
 * This module and its parts (contract-common.ts, contract-control.ts) import only zod and the
 * bus's topic list (core/events.ts, whose own imports are type-only), so a browser bundle can
 * import them.
 */
import { z } from 'zod';
import {
  action,
  centis,
  epochMs,
  limit,
  micros,
  OrderIntentView,
  ppm,
  run,
  runIdText,
  side,
  TradingStateView,
  venue,
} from './contract-common.js';

export {
  ErrorBody,
  OrderIntentView,
  SCOPE_PATTERN,
  TradingStateName,
  TradingStateView,
} from './contract-common.js';
export * from './contract-control.js';
export * from './contract-reports.js';

// ---- runs and status ----------------------------------------------------------------------

export const RunMode = z.enum(['backtest', 'replay', 'paper', 'live']);
export const RunStatus = z.enum(['running', 'completed', 'interrupted', 'failed']);

export const RunSummary = z
  .object({
    runId: z.string(),
    mode: RunMode,
    status: RunStatus,
    startedTs: epochMs,
    endedTs: epochMs.nullable(),
    report: z.unknown().describe('The run report (null in listings and while the run goes on)'),
  })
  .meta({ id: 'RunSummary' });
export type RunSummary = z.infer<typeof RunSummary>;

export const RunsQuery = z.strictObject({ limit: limit(50) });
export const RunsResponse = z.object({ runs: z.array(RunSummary) });
export const RunParams = z.strictObject({ runId: runIdText });
export const RunQuery = z.strictObject({});

export const RunQueryOnly = z.strictObject({ run });
export const StatusResponse = z.object({
  run: RunSummary.omit({ report: true }),
  tradingStates: z.array(TradingStateView).describe('The latest state of every scope that has one'),
});
export type StatusResponse = z.infer<typeof StatusResponse>;

// ---- positions, orders, fills, P&L --------------------------------------------------------

export const PositionView = z
  .object({
    instrumentId: z.string(),
    side,
    venue,
    gameId: z.string(),
    qty: centis,
    costBasis: micros.describe('Cost of the open quantity, fees included (micro-dollars)'),
    realizedPnl: micros,
    ts: epochMs,
  })
  .meta({ id: 'Position' });
export const PositionsResponse = z.object({ positions: z.array(PositionView) });

export const ORDER_STATUSES = [
  'Intent',
  'OrderSubmitted',
  'OrderAccepted',
  'OrderRejected',
  'OrderPartiallyFilled',
  'OrderFilled',
  'OrderCanceled',
  'OrderExpired',
  'OrderUnresolved',
] as const;
export const OrderView = z
  .object({ intent: OrderIntentView, status: z.enum(ORDER_STATUSES), filledQty: centis })
  .meta({ id: 'Order' });
export type OrderView = z.infer<typeof OrderView>;
export const OrdersQuery = z.strictObject({
  run,
  status: z.enum(['open', 'done', 'all']).default('all').describe('open: not final; done: final'),
  limit: limit(100),
});
export const OrdersResponse = z.object({ orders: z.array(OrderView) });

export const FillView = z
  .object({
    type: z.literal('FillReceived'),
    id: z.string(),
    ts: epochMs,
    fillId: z.string(),
    clientOrderId: z.string(),
    gameId: z.string(),
    instrumentId: z.string(),
    venue,
    side,
    action,
    price: micros.describe('Price paid per contract of `side` (micro-dollars)'),
    qty: centis,
    fee: micros,
    liquidity: z.enum(['maker', 'taker']),
  })
  .meta({ id: 'Fill' });
export const FillsQuery = z.strictObject({ run, limit: limit(100) });
export const FillsResponse = z.object({ fills: z.array(FillView).describe('Newest first') });

export const BankrollView = z
  .object({
    type: z.literal('BankrollSnapshot'),
    id: z.string(),
    ts: epochMs,
    cash: micros,
    venueCash: z.record(z.string(), micros).describe('Cash at each venue (micro-dollars)'),
    equity: micros.describe('Cash plus open positions marked at the mid'),
    peakEquity: micros,
    drawdown: micros,
    realizedPnl: micros,
    unrealizedPnl: micros,
    openPositions: z.number().int(),
  })
  .meta({ id: 'Bankroll' });
export type BankrollView = z.infer<typeof BankrollView>;
export const PnlResponse = z.object({
  runId: z.string(),
  units: z.literal('micro-dollars'),
  bankroll: BankrollView,
});
export const BankrollCurveQuery = z.strictObject({ run, limit: limit(500) });
export const BankrollCurveResponse = z.object({
  runId: z.string(),
  units: z.literal('micro-dollars'),
  points: z.array(BankrollView).describe('Oldest first: the latest `limit` snapshots'),
});

// ---- signals and reconciliation -----------------------------------------------------------

export const SignalDecisionView = z.object({
  ts: epochMs,
  approved: z.boolean(),
  reasons: z.array(z.string()).describe('Denial reason codes (empty when approved)'),
  qty: centis.describe('Size granted (0 when denied)'),
  limitPrice: micros,
  kellyPpm: ppm,
  inputs: z
    .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
    .describe('What the decision was based on'),
});
export const SignalView = z
  .object({
    signalId: z.string(),
    ts: epochMs,
    kind: z.string().describe('edge, arbitrage or exit'),
    gameId: z.string(),
    instrumentId: z.string(),
    venue,
    side: z.string(),
    action: z.string(),
    modelProbPpm: ppm,
    price: micros,
    feePerContract: micros,
    edgePpm: ppm,
    availableQty: centis,
    bookAgeMs: z.number().int(),
    syncDeltaMs: z.number().int(),
    decision: SignalDecisionView.nullable().describe('null while no decision is stored'),
  })
  .meta({ id: 'Signal' });
export type SignalView = z.infer<typeof SignalView>;
export const SignalsQuery = z.strictObject({
  run,
  decision: z.enum(['all', 'approved', 'denied', 'undecided']).default('all'),
  limit: limit(100),
});
export const SignalsResponse = z.object({ signals: z.array(SignalView).describe('Newest first') });

export const RiskDecisionView = z
  .object({
    type: z.literal('RiskDecision'),
    id: z.string(),
    ts: epochMs,
    signalId: z.string(),
    approved: z.boolean(),
    reasons: z.array(z.string()).describe('Denial reason codes'),
    qty: centis.describe('Size granted (0 when denied)'),
    limitPrice: micros,
    kellyPpm: ppm,
    legs: z.array(
      z.object({ instrumentId: z.string(), venue, side, action, qty: centis, limitPrice: micros }),
    ),
    inputs: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
      .describe('What it was based on'),
  })
  .meta({ id: 'RiskDecision' });
export const RiskDecisionsQuery = z.strictObject({
  run,
  approved: z.enum(['true', 'false']).optional().describe('Only approved (true) or denied (false)'),
  limit: limit(100),
});
export const RiskDecisionsResponse = z.object({
  decisions: z.array(RiskDecisionView).describe('Newest first'),
});
export type RiskDecisionsResponse = z.infer<typeof RiskDecisionsResponse>;

export const ReconciliationQuery = z.strictObject({ run, limit: limit(50) });
export const ReconciliationResponse = z.object({
  runId: z.string(),
  current: TradingStateView.nullable().describe("The reconciler's latest verdict (scope reconciliation)"),
  passes: z.array(TradingStateView).describe('Verdicts newest first'),
});

// ---- games --------------------------------------------------------------------------------

const nullableInt = z.number().int().nullable();
export const GameMarketView = z
  .object({
    instrumentId: z.string(),
    venue,
    outcome: z.string().nullable().describe('e.g. home_win'),
    simulated: z.boolean().nullable().describe('A simulated market (the simulated world), not a real venue'),
    settledResult: z.string().nullable().describe('yes or no once settled'),
    quote: z
      .object({
        ts: epochMs,
        bestBid: nullableInt.describe('micro-dollars'),
        bestBidQty: nullableInt.describe('centi-contracts'),
        bestAsk: nullableInt.describe('micro-dollars'),
        bestAskQty: nullableInt.describe('centi-contracts'),
      })
      .nullable()
      .describe('The latest top of book stored'),
    lastSignal: z
      .object({ ts: epochMs, side: z.string(), modelProbPpm: ppm, edgePpm: ppm, price: micros })
      .nullable()
      .describe("The latest signal on the market: the model's probability and the edge after fees"),
  })
  .meta({ id: 'GameMarket' });
export const GameView = z
  .object({
    gameId: z.string(),
    sport: z.string().nullable(),
    homeTeam: z.string().nullable(),
    awayTeam: z.string().nullable(),
    startTs: epochMs.nullable(),
    homeSpread: z.number().nullable().describe('Pregame spread, positive when the home team is favoured'),
    final: z
      .object({ ts: epochMs, homeScore: nullableInt, awayScore: nullableInt, winner: z.string().nullable() })
      .nullable(),
    state: z
      .object({
        ts: epochMs,
        status: z.string().describe('pre, in or post'),
        period: z.number().int().describe('Quarter, period, half or inning'),
        clockSeconds: z.number().int(),
        gameSecondsRemaining: z.number().int(),
        homeScore: z.number().int(),
        awayScore: z.number().int(),
        possession: z.string().nullable(),
      })
      .nullable()
      .describe('The latest game state stored'),
    markets: z.array(GameMarketView),
  })
  .meta({ id: 'Game' });
export type GameView = z.infer<typeof GameView>;
export const GamesQuery = z.strictObject({
  run,
  game: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a game id')
    .optional()
    .describe('Only this game'),
  limit: limit(100),
});
export const GamesResponse = z.object({ games: z.array(GameView).describe('Latest start first') });

export const GameHistoryParams = z.strictObject({
  gameId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a game id'),
});
export const GameHistoryQuery = z.strictObject({
  run,
  bucket: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(3600, 'must be at most 3600'))
    .default(15)
    .describe(
      'Seconds of event time per point: the last quote and signal of each market in each (default 15)',
    ),
});
export const GameHistoryResponse = z.object({
  runId: z.string(),
  gameId: z.string(),
  quotes: z
    .array(
      z.object({
        instrumentId: z.string(),
        ts: epochMs,
        bestBid: nullableInt.describe('micro-dollars'),
        bestAsk: nullableInt.describe('micro-dollars'),
      }),
    )
    .describe('Oldest first'),
  signals: z
    .array(
      z.object({ instrumentId: z.string(), ts: epochMs, side: z.string(), modelProbPpm: ppm, edgePpm: ppm }),
    )
    .describe('Oldest first'),
});

// ---- the types the dashboard imports ------------------------------------------------------

export type RunsResponse = z.infer<typeof RunsResponse>;
export type PositionView = z.infer<typeof PositionView>;
export type PositionsResponse = z.infer<typeof PositionsResponse>;
export type OrdersQuery = z.input<typeof OrdersQuery>;
export type OrdersResponse = z.infer<typeof OrdersResponse>;
export type FillView = z.infer<typeof FillView>;
export type FillsResponse = z.infer<typeof FillsResponse>;
export type PnlResponse = z.infer<typeof PnlResponse>;
export type BankrollCurveResponse = z.infer<typeof BankrollCurveResponse>;
export type SignalsQuery = z.input<typeof SignalsQuery>;
export type SignalsResponse = z.infer<typeof SignalsResponse>;
export type ReconciliationResponse = z.infer<typeof ReconciliationResponse>;
export type GamesResponse = z.infer<typeof GamesResponse>;
export type GameHistoryResponse = z.infer<typeof GameHistoryResponse>;
