/** The pieces every part of the API contract shares (contract.ts): ids, limits, units, the error body. */
import { z } from 'zod';

// ---- common pieces ------------------------------------------------------------------------

export const RUN_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const SCOPE_PATTERN =
  /^(global|reconciliation|venue:[a-z]+|strategy:(edge|arbitrage|exit)|game:[A-Za-z0-9_]+)$/;

export const runIdText = z.string().regex(RUN_ID, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');

/** A whole-number query parameter (query strings are text) within bounds, with a default. */
export const limit = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000'))
    .default(fallback)
    .describe(`How many to return, 1-1000 (default ${fallback})`);

export const run = runIdText.optional().describe("The run (account); the deployment's run when absent");

export const micros = z.number().int().describe('micro-dollars (1e-6 USD)');
export const centis = z.number().int().describe('centi-contracts (0.01 contract)');
export const ppm = z.number().int().describe('parts per million');
export const epochMs = z.number().int().describe('epoch milliseconds');

export const ErrorBody = z
  .object({
    error: z.string().describe('What was wrong, naming the field'),
    field: z.string().optional().describe('The field (query parameter, path part or body field) at fault'),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const venue = z.string().describe('Venue name, e.g. kalshi or polymarket');
export const side = z.enum(['yes', 'no']);
export const action = z.enum(['buy', 'sell']);

// ---- views the reads and the controls both show --------------------------------------------

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
