/**
 * The API contract: a zod schema for every request and response, and the TypeScript types
 * inferred from them. The server validates with these schemas, the OpenAPI document is generated
 * from them, and the dashboard imports the types from here (no second copy of the shapes).
 * Money is integer micro-dollars, quantities integer centi-contracts, probabilities and edges
 * integer parts per million, times epoch milliseconds: the field names and descriptions say so.
 *
 * This module imports only zod, so a browser bundle can import it.
 */
import { z } from 'zod';

// ---- common pieces ------------------------------------------------------------------------

const RUN_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const SCOPE_PATTERN =
  /^(global|reconciliation|venue:[a-z]+|strategy:(edge|arbitrage|exit)|game:[A-Za-z0-9_]+)$/;

const runIdText = z.string().regex(RUN_ID, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');

/** A whole-number query parameter (query strings are text) within bounds, with a default. */
const limit = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000'))
    .default(fallback)
    .describe(`How many to return, 1-1000 (default ${fallback})`);

const run = runIdText.optional().describe("The run (account); the deployment's run when absent");

const micros = z.number().int().describe('micro-dollars (1e-6 USD)');
const centis = z.number().int().describe('centi-contracts (0.01 contract)');
const ppm = z.number().int().describe('parts per million');
const epochMs = z.number().int().describe('epoch milliseconds');

export const ErrorBody = z
  .object({
    error: z.string().describe('What was wrong, naming the field'),
    field: z.string().optional().describe('The field (query parameter, path part or body field) at fault'),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

const venue = z.string().describe('Venue name, e.g. kalshi or polymarket');
const side = z.enum(['yes', 'no']);
const action = z.enum(['buy', 'sell']);

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

export const TradingStateName = z.enum(['ACTIVE', 'REDUCING', 'HALTED']);
export const TradingStateView = z
  .object({
    id: z.string().describe('The TradingStateChanged event id'),
    scope: z.string().describe('global, venue:<name>, strategy:<kind>, game:<id> or reconciliation'),
    state: TradingStateName,
    reason: z.string(),
    origin: z.enum(['rule', 'operator', 'execution', 'reconciler']).describe('Who set it'),
    ts: epochMs,
    untilTs: epochMs.optional().describe('When it lifts by itself'),
  })
  .meta({ id: 'TradingState' });
export type TradingStateView = z.infer<typeof TradingStateView>;

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

export const OrderIntentView = z
  .object({
    type: z.literal('OrderIntent'),
    id: z.string(),
    ts: epochMs,
    clientOrderId: z.string(),
    signalId: z.string(),
    leg: z.number().int(),
    gameId: z.string(),
    instrumentId: z.string(),
    venue,
    side,
    action,
    qty: centis,
    limitPrice: micros,
    tif: z.enum(['IOC', 'FOK', 'GTC']),
    legCount: z.number().int(),
    purpose: z.enum(['entry', 'exit', 'arbitrage', 'hedge', 'unwind']),
  })
  .meta({ id: 'OrderIntent' });
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

// ---- control ------------------------------------------------------------------------------

export const CONTROL_ACTIONS = ['halt', 'reduce', 'resume'] as const;
export const ControlActionName = z.enum(CONTROL_ACTIONS);
export type ControlActionName = z.infer<typeof ControlActionName>;

export const ControlParams = z.strictObject({ action: ControlActionName });
export const ControlBody = z.strictObject({
  scope: z
    .string()
    .regex(
      SCOPE_PATTERN,
      'must be global, reconciliation, venue:<name>, strategy:<edge|arbitrage|exit> or game:<id>',
    )
    .default('global'),
  reason: z
    .string()
    .trim()
    .min(1, 'is required: say why, it is kept with the state')
    .max(500, 'must be at most 500 characters'),
  run,
});
export type ControlBody = z.input<typeof ControlBody>;

/** Every action the audit trail records: the trading-state controls and cancel-all. */
export const AUDITED_ACTIONS = [...CONTROL_ACTIONS, 'cancel-all', 'flatten'] as const;

export const ControlActionView = z
  .object({
    actionId: z.string(),
    ts: epochMs,
    actor: z.string().describe("The token's name and id that asked"),
    action: z.enum(AUDITED_ACTIONS),
    scope: z.string(),
    reason: z.string(),
    eventId: z
      .string()
      .nullable()
      .describe('The event it published (TradingStateChanged or CancelAllRequested)'),
  })
  .meta({ id: 'ControlAction' });
export type ControlActionView = z.infer<typeof ControlActionView>;
export const ControlResponse = z.object({
  runId: z.string(),
  action: ControlActionView,
  state: TradingStateView.describe('The state published for the scope'),
});
export type ControlResponse = z.infer<typeof ControlResponse>;
export const CancelAllBody = z.strictObject({
  scope: z
    .string()
    .regex(/^(global|venue:[a-z]+)$/, 'must be global or venue:<name>')
    .default('global'),
  reason: ControlBody.shape.reason,
  run,
});
export type CancelAllBody = z.input<typeof CancelAllBody>;
export const CancelAllResponse = z.object({
  runId: z.string(),
  action: ControlActionView,
  published: z.boolean().describe("Sent to the run's execution (false: another run, or no bus)"),
});
export type CancelAllResponse = z.infer<typeof CancelAllResponse>;
export const FlattenBody = z.strictObject({
  instrumentId: z
    .string()
    .regex(/^[a-z-]+:[A-Za-z0-9._:-]{1,200}$/, 'must be an instrument id (venue:symbol)'),
  side,
  maxSlippage: z
    .number()
    .int()
    .min(0, 'must be at least 0')
    .max(500_000, 'must be at most 500000 ($0.50)')
    .describe('How far under the best bid the sale may go, micro-dollars'),
  reason: ControlBody.shape.reason,
  run,
});
export type FlattenBody = z.input<typeof FlattenBody>;
export const FlattenResponse = z.object({
  runId: z.string(),
  action: ControlActionView,
  intent: OrderIntentView.describe(
    'The sell order sent: IOC, the whole position, at the bid less the slippage',
  ),
  bid: micros.describe('The best bid for the held side when asked'),
  published: z.boolean().describe("Sent to the run's execution (false: another run, or no bus)"),
});
export type FlattenResponse = z.infer<typeof FlattenResponse>;
export const ControlActionsQuery = z.strictObject({ run, limit: limit(100) });
export const ControlActionsResponse = z.object({
  actions: z.array(ControlActionView).describe('Newest first'),
});

// ---- who am I, the document ---------------------------------------------------------------

export const API_ROLES = ['viewer', 'operator'] as const;
export const ApiRole = z.enum(API_ROLES);
export type ApiRole = z.infer<typeof ApiRole>;
export const WhoAmIResponse = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: ApiRole.describe('viewer: read; operator: read and control'),
  runId: z.string().describe("The deployment's run"),
});
export const OpenApiResponse = z.looseObject({ openapi: z.string() });

// ---- live updates (WebSocket /api/ws) -----------------------------------------------------

export const LIVE_TOPICS = [
  'games',
  'markets',
  'md',
  'signals',
  'risk',
  'orders',
  'fills',
  'portfolio',
  'ops',
] as const;
export const LiveTopic = z.enum(LIVE_TOPICS);
export type LiveTopic = z.infer<typeof LiveTopic>;

/** What a client sends. The first message must be `auth` unless the upgrade carried a bearer token. */
export const LiveClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1) }),
  z.strictObject({ type: z.literal('subscribe'), topics: z.array(LiveTopic).min(1) }),
  z.strictObject({ type: z.literal('unsubscribe'), topics: z.array(LiveTopic).min(1) }),
  z.strictObject({ type: z.literal('ping'), id: z.string().max(64).optional() }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessage>;

/**
 * What the server sends. `event` carries one of the platform's typed events (core/events.ts:
 * ArbeesEvent) as it went on the bus; `ready` answers auth, `subscribed` each (un)subscribe.
 */
export type LiveServerMessage =
  | { readonly type: 'ready'; readonly role: ApiRole; readonly name: string }
  | { readonly type: 'subscribed'; readonly topics: readonly LiveTopic[] }
  | {
      readonly type: 'event';
      readonly topic: LiveTopic;
      /** An ArbeesEvent (core/events.ts); its `type` tells which. */
      readonly event: { readonly type: string; readonly id: string; readonly ts: number };
    }
  | { readonly type: 'pong'; readonly id?: string }
  | { readonly type: 'error'; readonly error: string; readonly field?: string };

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
export type ControlActionsResponse = z.infer<typeof ControlActionsResponse>;
export type WhoAmIResponse = z.infer<typeof WhoAmIResponse>;
