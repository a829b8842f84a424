/**
 * The API contract's controls (halt, reduce, resume, cancel-all, flatten and their audit trail),
 * who a token is, and the live-updates WebSocket's messages. Imports only zod (browser-safe).
 */
import { z } from 'zod';
import { TOPICS } from '../core/events.js';
import {
  epochMs,
  limit,
  micros,
  OrderIntentView,
  run,
  SCOPE_PATTERN,
  side,
  TradingStateView,
} from './contract-common.js';

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

/** The bus's topics (core/events.ts, type-only imports: still safe for a browser bundle). */
export const LIVE_TOPICS = TOPICS;
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

export type ControlActionsResponse = z.infer<typeof ControlActionsResponse>;
export type WhoAmIResponse = z.infer<typeof WhoAmIResponse>;
