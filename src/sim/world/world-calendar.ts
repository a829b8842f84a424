/**
 * The world's games through their lives on the venues, on the world's scheduler: each game is
 * listed on Kalshi and Polymarket ahead of kick-off (its makers' first quotes with it), goes live
 * at kick-off (Polymarket's live-sports rules take hold: the book cleared, the taker delay on;
 * the makers quote again), its makers move on every play as it happens (ahead of the ESPN feed,
 * which runs behind), trading stops when it ends, and each venue settles it with the result after
 * its own delay. Every step is a scheduler task at a time known in advance, so a replay on the
 * timeline runs the same way every time.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { asGameId } from '../../core/ids.js';
import { type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { Scheduler } from '../../core/scheduler.js';
import { replayPlayTimes, sportOf } from '../../feeds/replay/replay-game.js';
import type { WinProbabilityModels } from '../../sports/models.js';
import type { GameMakers } from '../game-makers.js';
import { pregameState } from '../game-makers.js';
import { requoteKalshiMaker } from '../kalshi/maker.js';
import type { KalshiSimServer } from '../kalshi/server.js';
import type { Quote } from '../market-maker.js';
import { requotePolyMaker } from '../polymarket/maker.js';
import type { PolySimServer } from '../polymarket/server.js';
import { requotePmusMaker } from '../polymarket-us/maker.js';
import type { SimPmusServer } from '../polymarket-us/server.js';
import type { WorldGamePlan } from './world-listings.js';
import type { WorldLog } from './world-log.js';
import { type WorldBook, worldGameMakers } from './world-makers.js';

/** The account the world's Kalshi makers quote from: deep enough never to be refused collateral. */
export const WORLD_KALSHI_MAKER = 'world-maker';
/** The account the world's Polymarket US makers quote from. */
export const WORLD_PMUS_MAKER = 'world-maker';
const MAKER_FUNDS = 1_000_000_000_000_000 as Micros;
/** Makers refresh their quotes from this long before kick-off (a game listed days ahead needs none sooner). */
const REFRESH_LEAD_MS = 3_600_000;
/** How long a Polymarket trade stays MATCHED, then MINED, in the world (the server is told the same). */
export const WORLD_POLYMARKET_CONFIRM_MS = 1_000;

export interface WorldCalendarOptions {
  readonly plans: readonly WorldGamePlan[];
  readonly kalshi: KalshiSimServer;
  /** Its business timers are the calendar's to run (the server ticks none itself). */
  readonly polymarket: PolySimServer;
  /** Polymarket US, when the world serves it. */
  readonly polymarketUs: SimPmusServer | null;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly models: WinProbabilityModels;
  readonly seed: number;
  /** How often a maker sends its last quote again between plays, ms. */
  readonly refreshMs: number;
  readonly log: WorldLog;
}

export interface WorldCalendarStats {
  /** Maker orders the venues refused (a maker's post-only level crossing a trader's order). */
  makerRefusals: number;
  /** Lifecycle steps a venue refused (should be none). */
  lifecycleRefusals: number;
}

interface GameInWorld {
  readonly plan: WorldGamePlan;
  readonly makers: GameMakers<WorldBook>;
  /** Whether each venue's markets take the makers' quotes (listed and not ended). */
  kalshiTrading: boolean;
  polymarketTrading: boolean;
  polymarketUsTrading: boolean;
  /** Whether each venue has listed it (a game canceled early is never listed). */
  kalshiListed: boolean;
  polymarketListed: boolean;
  polymarketUsListed: boolean;
  /** Called off before it started: every later step of its own is skipped. */
  canceled: boolean;
}

export class WorldCalendar {
  readonly stats: WorldCalendarStats = { makerRefusals: 0, lifecycleRefusals: 0 };
  private readonly games: GameInWorld[];

  /** Times a Polymarket business tick is already scheduled for. */
  private readonly polymarketTicks = new Set<number>();

  constructor(private readonly opts: WorldCalendarOptions) {
    opts.kalshi.exchange.deposit(WORLD_KALSHI_MAKER, MAKER_FUNDS);
    opts.polymarketUs?.exchange.deposit(WORLD_PMUS_MAKER, MAKER_FUNDS);
    this.games = opts.plans.map((plan) => this.gameOf(plan));
    for (const g of this.games)
      for (const { spec } of g.plan.polymarket.markets)
        opts.polymarket.exchange.deposit(polymarketMakerOf(spec.conditionId), MAKER_FUNDS);
    // A taker order waiting out the live delay, a GTD order's expiry, and a trade on its way to
    // confirmed each need the exchange's timers at a known time: ticked then, on the world's
    // scheduler.
    opts.polymarket.exchange.onEvent((event) => {
      const now = opts.clock.now();
      if (event.kind === 'order' && event.order.status === 'DELAYED') {
        const market = opts.polymarket.exchange.markets.get(event.order.conditionId);
        this.tickPolymarketAt(now + (market?.spec.takerDelaySeconds ?? 0) * 1000);
      } else if (event.kind === 'order' && event.type === 'PLACEMENT' && event.order.expirationSeconds > 0) {
        this.tickPolymarketAt(event.order.expirationSeconds * 1000);
      } else if (event.kind === 'trade' && event.trade.status !== 'CONFIRMED') {
        this.tickPolymarketAt(now + WORLD_POLYMARKET_CONFIRM_MS);
      }
    });
  }

  /** Schedules every game's steps; those whose time has passed run first thing. */
  start(): void {
    for (const g of this.games) this.schedule(g);
  }

  /** Every game is over (or called off) and every market listed for it settled on both venues. */
  done(): boolean {
    const { kalshi, polymarket, clock } = this.opts;
    const resolved = new Set(
      polymarket.games
        .all()
        .filter((p) => p.phase === 'resolved')
        .map((p) => p.listing.event.slug),
    );
    return this.games.every(
      (g) =>
        (g.canceled || clock.now() >= g.plan.times.endMs) &&
        (!g.kalshiListed ||
          g.plan.kalshi.markets.every(
            (m) => kalshi.exchange.markets.get(m.ticker)?.status === 'finalized',
          )) &&
        (!g.polymarketListed || resolved.has(g.plan.polymarket.event.slug)) &&
        (!g.polymarketUsListed ||
          this.opts.polymarketUs?.exchange.markets.get(g.plan.polymarketUs.slug)?.settlement != null),
    );
  }

  /**
   * Calls a game off before it starts, with no make-up game: its makers stop, both venues stop
   * trading it at once and settle it as their rules say after their usual delays (Kalshi at a
   * fair price, the makers' last mid of the home market; Polymarket 50-50 for a US league).
   * Throws for an unknown game or one that has started.
   */
  cancel(gameId: string): void {
    const { kalshi, polymarket, clock, scheduler } = this.opts;
    const g = this.games.find((x) => x.plan.game.info.gameId === gameId);
    if (!g) throw new Error(`no game ${gameId} in the world`);
    if (g.canceled) return;
    const now = clock.now();
    if (now >= g.plan.times.kickoffMs) throw new Error(`game ${gameId} has started: it cannot be canceled`);
    g.canceled = true;
    g.makers.stop();
    g.kalshiTrading = false;
    g.polymarketTrading = false;
    g.polymarketUsTrading = false;
    const { times, kalshi: listing } = g.plan;
    if (g.kalshiListed) {
      const event = listing.event.eventTicker;
      this.refused('kalshi close', kalshi.exchange.lifecycle.eventTransition(event, 'close', now));
      const home = fairPrice(g.makers.books.find((b) => b.venue === 'kalshi')?.last ?? null);
      scheduler.at(now + (times.kalshiDeterminedMs - times.endMs), () => {
        const determinedMs = clock.now();
        for (const m of listing.markets) {
          const value = (
            m.outcome.kind === 'team' && m.outcome.code === listing.event.homeCode ? home : ONE_DOLLAR - home
          ) as Micros;
          this.refused(
            'kalshi determine',
            kalshi.exchange.lifecycle.determine(m.ticker, { kind: 'value', value }, determinedMs),
          );
        }
        scheduler.at(determinedMs + (times.kalshiSettledMs - times.kalshiDeterminedMs), () =>
          kalshi.advanceLifecycle(),
        );
      });
    }
    if (g.polymarketListed) {
      const slug = g.plan.polymarket.event.slug;
      this.attempt('polymarket close', () => polymarket.games.close(slug, now));
      scheduler.at(now + (times.polymarketResolvedMs - times.endMs), () =>
        this.attempt('polymarket cancel', () => polymarket.games.cancel(slug, clock.now())),
      );
    }
    const us = this.opts.polymarketUs;
    if (us && g.polymarketUsListed) {
      // Canceled: settled at the last fair market price (the sports FAQ), the maker's last mid.
      const slug = g.plan.polymarketUs.slug;
      const fair = fairPrice(g.makers.books.find((b) => b.venue === 'polymarket-us')?.last ?? null);
      us.exchange.halt(slug, now);
      scheduler.at(now + (times.polymarketUsSettledMs - times.endMs), () =>
        us.exchange.settle(slug, fair, clock.now()),
      );
    }
  }

  private gameOf(plan: WorldGamePlan): GameInWorld {
    const { opts } = this;
    const [home, away, tie] = plan.kalshi.markets;
    const game: GameInWorld = {
      plan,
      kalshiTrading: false,
      polymarketTrading: false,
      polymarketUsTrading: false,
      kalshiListed: false,
      polymarketListed: false,
      polymarketUsListed: false,
      canceled: false,
      makers: worldGameMakers({
        game: {
          gameId: asGameId(plan.game.info.gameId),
          sport: sportOf(plan.game),
          homeSpread: plan.game.info.homeSpread,
        },
        kalshi: { home: home?.ticker ?? '', away: away?.ticker ?? '', tie: tie?.ticker ?? null },
        polymarket: plan.polymarket.markets.map(({ spec, role }) => ({
          conditionId: spec.conditionId,
          token0PaysOn:
            role.kind === 'moneyline'
              ? role.first === 'home'
                ? 'home_win'
                : 'away_win'
              : role.result === 'home'
                ? 'home_win'
                : role.result === 'away'
                  ? 'away_win'
                  : 'draw',
        })),
        polymarketUs: opts.polymarketUs ? { slug: plan.polymarketUs.slug } : null,
        models: opts.models,
        seed: opts.seed,
        scheduler: opts.scheduler,
        clock: opts.clock,
        refreshMs: opts.refreshMs,
        refreshFromTs: plan.times.kickoffMs - REFRESH_LEAD_MS,
        quoteKalshi: (ticker, quote) => {
          if (game.kalshiTrading) this.quoteKalshi(ticker, quote);
        },
        quotePolymarket: (conditionId, quote) => {
          if (game.polymarketTrading) this.quotePolymarket(conditionId, quote);
        },
        quotePolymarketUs: (slug, quote) => {
          if (game.polymarketUsTrading) this.quotePolymarketUs(slug, quote);
        },
      }),
    };
    return game;
  }

  private schedule(g: GameInWorld): void {
    const { scheduler, kalshi, polymarket, clock } = this.opts;
    const { plan, makers } = g;
    const { times } = plan;
    const info = plan.game.info;
    const at = (ts: number, task: () => void | Promise<void>) => scheduler.at(ts, task);
    const pregame = pregameState({ gameId: asGameId(info.gameId), sport: sportOf(plan.game) });
    const venueBooks = (venue: WorldBook['venue']) => makers.books.filter((b) => b.venue === venue);
    const event = plan.kalshi.event.eventTicker;
    const slug = plan.polymarket.event.slug;

    at(times.kalshiListedMs, async () => {
      if (g.canceled) return;
      this.refused('kalshi list', kalshi.exchange.lifecycle.listGame(plan.kalshi, clock.now()));
      this.opts.log.debug(`world: ${info.gameId} listed on Kalshi as ${event}`);
      g.kalshiListed = true;
      g.kalshiTrading = true;
      await makers.open(pregame, venueBooks('kalshi'));
    });
    at(times.polymarketListedMs, async () => {
      if (g.canceled) return;
      this.attempt('polymarket list', () => polymarket.games.schedule(plan.polymarket.spec, clock.now()));
      this.opts.log.debug(`world: ${info.gameId} listed on Polymarket as ${slug}`);
      g.polymarketListed = true;
      g.polymarketTrading = true;
      await makers.open(pregame, venueBooks('polymarket'));
    });
    const us = this.opts.polymarketUs;
    if (us) this.schedulePolymarketUs(g, us);
    // Kick-off: Polymarket's live-sports rules clear the books and start the taker delay; its
    // makers quote again at once.
    at(times.kickoffMs, async () => {
      if (g.canceled) return;
      this.attempt('polymarket start', () => polymarket.games.start(slug, clock.now()));
      await makers.republish(venueBooks('polymarket'));
    });
    const playTimes = replayPlayTimes(plan.game);
    plan.game.states.forEach((state, i) => {
      const ts = playTimes[i] as number;
      at(ts, () => makers.onPlay(state, ts));
    });
    at(times.endMs, () => {
      if (g.canceled) return;
      this.opts.log.info(
        `world: ${info.gameId} final, ${info.awayTeam} ${info.finalAwayScore} at ${info.homeTeam} ${info.finalHomeScore}; trading closed, settling`,
      );
      makers.stop();
      g.kalshiTrading = false;
      g.polymarketTrading = false;
      g.polymarketUsTrading = false;
      this.refused('kalshi close', kalshi.exchange.lifecycle.eventTransition(event, 'close', clock.now()));
      this.attempt('polymarket close', () => polymarket.games.close(slug, clock.now()));
    });
    at(times.kalshiDeterminedMs, () => {
      if (g.canceled) return;
      const determinedMs = clock.now();
      this.refused(
        'kalshi determine',
        kalshi.exchange.lifecycle.determineGame(event, plan.kalshiOutcome, determinedMs),
      );
      // The settlement timer's end, counted from when the markets were determined (a paced
      // clock runs a task a little after its time): they finalize and every position is paid.
      at(determinedMs + (times.kalshiSettledMs - times.kalshiDeterminedMs), () => kalshi.advanceLifecycle());
    });
    at(times.polymarketResolvedMs, () => {
      if (g.canceled) return;
      this.attempt('polymarket resolve', () => polymarket.games.resolve(slug, plan.result, clock.now()));
    });
  }

  /** Listed (open at once) ahead of the game, halted at its end, settled on the result after a delay. */
  private schedulePolymarketUs(g: GameInWorld, us: SimPmusServer): void {
    const { scheduler, clock } = this.opts;
    const { plan, makers } = g;
    const spec = plan.polymarketUs;
    scheduler.at(plan.times.polymarketUsListedMs, async () => {
      if (g.canceled) return;
      us.exchange.addMarket(spec);
      this.opts.log.debug(`world: ${plan.game.info.gameId} listed on Polymarket US as ${spec.slug}`);
      g.polymarketUsListed = true;
      g.polymarketUsTrading = true;
      const pregame = pregameState({ gameId: asGameId(plan.game.info.gameId), sport: sportOf(plan.game) });
      await makers.open(
        pregame,
        makers.books.filter((b) => b.venue === 'polymarket-us'),
      );
    });
    scheduler.at(plan.times.endMs, () => {
      if (!g.canceled) us.exchange.halt(spec.slug, clock.now());
    });
    scheduler.at(plan.times.polymarketUsSettledMs, () => {
      if (!g.canceled) us.exchange.settle(spec.slug, plan.polymarketUsPayout, clock.now());
    });
  }

  private quotePolymarketUs(slug: string, quote: Quote): void {
    const us = this.opts.polymarketUs;
    if (!us) return;
    const refusals = requotePmusMaker(
      us.exchange,
      { accountId: WORLD_PMUS_MAKER, slug, quote },
      this.opts.clock.now(),
    );
    if (refusals.length === 0) return;
    this.stats.makerRefusals += refusals.length;
    this.opts.log.debug('polymarket-us maker levels refused', { slug, refusals });
  }

  private tickPolymarketAt(ts: number): void {
    if (this.polymarketTicks.has(ts)) return;
    this.polymarketTicks.add(ts);
    this.opts.scheduler.at(ts, () => {
      this.polymarketTicks.delete(ts);
      this.opts.polymarket.tickMarkets();
    });
  }

  private quotePolymarket(conditionId: string, quote: Quote): void {
    const { polymarket, clock, log } = this.opts;
    const account = polymarketMakerOf(conditionId);
    const refusals = polymarket.exchange.batch(() =>
      requotePolyMaker(polymarket.exchange, { account, conditionId, quote }, clock.now()),
    );
    polymarket.exchange.forgetFinishedOrders(account);
    if (refusals.length === 0) return;
    this.stats.makerRefusals += refusals.length;
    log.debug('polymarket maker levels refused', { conditionId, refusals: refusals.map((r) => r.error) });
  }

  private quoteKalshi(ticker: string, quote: Quote): void {
    const { kalshi, clock, log } = this.opts;
    const refusals = requoteKalshiMaker(
      kalshi.exchange,
      { accountId: WORLD_KALSHI_MAKER, ticker, quote },
      clock.now(),
    );
    if (refusals.length === 0) return;
    this.stats.makerRefusals += refusals.length;
    log.debug('kalshi maker levels refused', { ticker, refusals: refusals.map((r) => r.code) });
  }

  private refused(step: string, refusal: { code: string; message: string } | null): void {
    if (!refusal) return;
    this.stats.lifecycleRefusals += 1;
    this.opts.log.error(`world: ${step} refused`, { code: refusal.code, message: refusal.message });
  }

  /** A Polymarket game step, which throws when refused. */
  private attempt(step: string, run: () => unknown): void {
    try {
      run();
    } catch (error) {
      this.stats.lifecycleRefusals += 1;
      this.opts.log.error(`world: ${step} refused`, { message: String(error) });
    }
  }
}

/** A market's fair price from its maker's last quote: the mid, to the cent ($0.50 without one). */
function fairPrice(quote: Quote | null): Micros {
  const bid = quote?.bids[0]?.price;
  const ask = quote?.asks[0]?.price;
  if (bid === undefined || ask === undefined) return (ONE_DOLLAR / 2) as Micros;
  const cent = 10_000;
  return Math.min(ONE_DOLLAR - cent, Math.max(cent, Math.round((bid + ask) / 2 / cent) * cent)) as Micros;
}

/** The wallet a Polymarket market's maker quotes from: one per market keeps each one's open orders few. */
export function polymarketMakerOf(conditionId: string): string {
  return `0x${createHash('sha256').update(`world-maker:${conditionId}`).digest('hex').slice(0, 40)}`;
}
