/**
 * The Polymarket simulator's `/sim/*` admin API (unauthenticated; for tests and the CLI):
 * markets and events, funding, wallets, resolution, tick-size changes, scenarios, a stale
 * book, and dropping the WebSocket clients. Pure apart from what the server hands it.
 */
import type { Micros } from '../../core/money.js';
import { isTickSize } from '../../venues/polymarket/amounts.js';
import type { Scenario } from '../kalshi/scenarios.js';
import { POLYMARKET_LIKE, SimulatedMarketMaker } from '../market-maker.js';
import type { PolySimExchange } from './exchange.js';
import { requotePolyMaker } from './maker.js';
import type { SimPolyEventSpec, SimPolyMarketSpec } from './market.js';
import { err, ok, type RouteReply } from './routes-public.js';
import type { SimWallet } from './verify-order.js';

export interface AdminTarget {
  readonly exchange: PolySimExchange;
  readonly wallets: Map<string, SimWallet>;
  readonly scenarios: { add(s: Scenario): void; clear(): void };
  readonly stats: object;
  /** The scripted maker's wallet and its belief model, one per market. */
  readonly makerAccount: string;
  readonly makers: Map<string, SimulatedMarketMaker>;
  /** Closes every WebSocket client (a venue-side drop). */
  dropWebSockets(): number;
}

const obj = (b: unknown): Record<string, unknown> =>
  typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
const wholeMicros = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function handleAdmin(opts: {
  readonly target: AdminTarget;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly nowMs: number;
}): RouteReply {
  const { target, method, path, nowMs } = opts;
  const { exchange } = target;
  const b = obj(opts.body);
  try {
    if (method === 'GET' && path === '/sim/state') {
      const accounts = [...exchange.accounts.values()].map((a) => ({
        account: a.accountId,
        collateral: a.collateral,
        available: exchange.available(a),
        fees_paid: a.feesPaid,
        shares: Object.fromEntries(a.shares),
      }));
      return ok({
        stats: target.stats,
        accounts,
        trades: exchange.trades.length,
        markets: exchange.markets.size,
      });
    }
    if (method === 'POST' && path === '/sim/events') {
      exchange.addEvent(b as unknown as SimPolyEventSpec);
      return ok({ id: b.id });
    }
    if (method === 'POST' && path === '/sim/markets') {
      const spec = b as unknown as SimPolyMarketSpec;
      if (!isTickSize(String(spec.tickSize)))
        return err(400, `tickSize ${JSON.stringify(spec.tickSize)} is not a Polymarket tick size`);
      exchange.addMarket(spec, nowMs);
      return ok({ conditionId: spec.conditionId });
    }
    if (method === 'POST' && path === '/sim/deposit') {
      if (typeof b.account !== 'string' || !wholeMicros(b.amount))
        return err(400, 'deposit needs {account: address, amount: micro-dollars}');
      exchange.deposit(b.account, b.amount as Micros);
      return ok({ account: b.account.toLowerCase() });
    }
    if (method === 'POST' && path === '/sim/split') {
      if (typeof b.account !== 'string' || typeof b.conditionId !== 'string' || !wholeMicros(b.size))
        return err(400, 'split needs {account, conditionId, size: micro-shares}');
      exchange.split(b.account, b.conditionId, b.size);
      return ok({});
    }
    if (method === 'POST' && path === '/sim/wallets') {
      const type = b.signatureType;
      if (
        typeof b.wallet !== 'string' ||
        typeof b.owner !== 'string' ||
        (type !== 1 && type !== 2 && type !== 3)
      )
        return err(400, 'wallets needs {wallet, owner, signatureType: 1|2|3}');
      target.wallets.set(b.wallet.toLowerCase(), { owner: b.owner.toLowerCase(), signatureType: type });
      return ok({});
    }
    if (method === 'POST' && path === '/sim/resolve') {
      if (typeof b.conditionId !== 'string' || (b.winner !== 0 && b.winner !== 1))
        return err(400, 'resolve needs {conditionId, winner: 0|1}');
      exchange.resolve(b.conditionId, b.winner, nowMs);
      return ok({});
    }
    if (method === 'POST' && path === '/sim/allowance') {
      if (typeof b.account !== 'string' || typeof b.approved !== 'boolean')
        return err(400, 'allowance needs {account, approved: boolean}');
      const id = b.account.toLowerCase();
      if (b.approved) exchange.withoutAllowance.delete(id);
      else exchange.withoutAllowance.add(id);
      return ok({});
    }
    if (method === 'POST' && path === '/sim/close') {
      if (typeof b.conditionId !== 'string') return err(400, 'close needs {conditionId}');
      exchange.close(b.conditionId, nowMs);
      return ok({});
    }
    if (method === 'POST' && path === '/sim/tick-size') {
      const tick = String(b.tickSize);
      if (typeof b.conditionId !== 'string' || !isTickSize(tick))
        return err(400, 'tick-size needs {conditionId, tickSize}');
      exchange.setTickSize(b.conditionId, tick);
      return ok({});
    }
    if (method === 'POST' && path === '/sim/stale-book') {
      const market = typeof b.conditionId === 'string' ? exchange.markets.get(b.conditionId) : undefined;
      if (!market) return err(404, 'no such market');
      // `/book` and the feed's snapshots keep showing the book as it is now, until released.
      market.frozenBook = b.stale === false ? null : { ...market.book.levels(), atMs: market.bookChangedMs };
      return ok({ stale: market.frozenBook !== null });
    }
    if (method === 'POST' && path === '/sim/scenarios') {
      target.scenarios.add(b as unknown as Scenario);
      return ok({});
    }
    if (method === 'DELETE' && path === '/sim/scenarios') {
      target.scenarios.clear();
      return ok({});
    }
    if (method === 'POST' && path === '/sim/maker') {
      // Re-quote the scripted maker around a belief (probability of token 0), with its own noise.
      const belief = b.belief;
      if (typeof b.conditionId !== 'string' || typeof belief !== 'number' || !(belief > 0 && belief < 1))
        return err(400, 'maker needs {conditionId, belief: probability of token 0 in (0, 1), seed?}');
      let maker = target.makers.get(b.conditionId);
      if (!maker) {
        maker = new SimulatedMarketMaker(POLYMARKET_LIKE, typeof b.seed === 'number' ? b.seed : 1);
        target.makers.set(b.conditionId, maker);
      }
      const quote = maker.reprice(belief);
      const refusals = requotePolyMaker(
        exchange,
        { account: target.makerAccount, conditionId: b.conditionId, quote },
        nowMs,
      );
      return ok({ belief: quote.belief, bids: quote.bids.length, asks: quote.asks.length, refusals });
    }
    if (method === 'POST' && path === '/sim/ws/drop') return ok({ dropped: target.dropWebSockets() });
  } catch (error) {
    return err(400, error instanceof Error ? error.message : String(error));
  }
  return err(404, 'no such admin path');
}
