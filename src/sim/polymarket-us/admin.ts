/**
 * The simulator's admin API under `/sim/` (unsigned, loopback only by where it binds), for a
 * user at the command line or a test: fund an account, add a market, quote it, settle it, queue
 * a fault. Answers 400 naming what was wrong.
 */
import type { Micros } from '../../core/money.js';
import { amountToMicros } from '../../venues/polymarket-us/amounts.js';
import type { JsonReply } from '../http-json.js';
import type { ScenarioEffect, ScenarioQueue } from '../kalshi/scenarios.js';
import type { SimPmusExchange } from './exchange.js';
import { badRequest } from './routes.js';

const ok = (body: unknown): JsonReply => ({ status: 200, body });

function obj(body: unknown): Record<string, unknown> | null {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}

export function handleAdmin(
  deps: { exchange: SimPmusExchange; scenarios: ScenarioQueue; now: () => number },
  method: string,
  path: string,
  body: unknown,
): JsonReply | null {
  if (!path.startsWith('/sim/')) return null;
  if (method !== 'POST') return badRequest('the admin API takes POST');
  const b = obj(body);
  if (!b) return badRequest('body must be a JSON object');
  switch (path) {
    case '/sim/deposit': {
      const amount = amountToMicros(b.dollars);
      if (typeof b.account !== 'string' || amount === null)
        return badRequest('expected {"account": "...", "dollars": "100.00"}');
      deps.exchange.deposit(b.account, amount);
      return ok({ account: b.account, cash: deps.exchange.account(b.account).cash / 1_000_000 });
    }
    case '/sim/settle': {
      const payout = amountToMicros(b.payout);
      if (typeof b.slug !== 'string' || !deps.exchange.markets.has(b.slug))
        return badRequest(`unknown market ${JSON.stringify(b.slug)}`);
      if (payout === null || payout < 0 || payout > 1_000_000)
        return badRequest('payout must be the YES payout, "0" to "1"');
      deps.exchange.settle(b.slug, payout as Micros, deps.now());
      return ok({ slug: b.slug, settlement: payout / 1_000_000 });
    }
    case '/sim/scenario': {
      const effect = b.effect as ScenarioEffect | undefined;
      const kinds = ['latency', 'server_error', 'rate_limit', 'execute_then_hang'];
      if (!effect || typeof effect !== 'object' || !kinds.includes(String(effect.kind)))
        return badRequest(`effect.kind must be one of ${kinds.join(', ')}`);
      try {
        deps.scenarios.add({
          ...(typeof b.method === 'string' ? { method: b.method } : {}),
          ...(typeof b.pathPrefix === 'string' ? { pathPrefix: b.pathPrefix } : {}),
          effect,
          times: typeof b.times === 'number' ? b.times : 1,
        });
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
      return ok({ queued: true });
    }
    default:
      return { status: 404, body: { code: 5, message: `no admin route ${path}` } };
  }
}
