/**
 * The live in-process pipeline of `arbees run --mode paper|live`, aimed at the Kalshi simulator
 * on loopback, for the live benchmarks: the simulator with one market per instrument and a maker
 * quoting each, our Kalshi market-data gateway in `live` mode (the one live-inputs.ts composes)
 * on the signed WebSocket, and the trading core (strategy shard, risk, execution, position
 * tracker, archiver, reconciler) on an in-memory bus and an in-memory PGlite store. Orders go
 * to the simulator through our REST client (`live`) or fill in a paper venue against the
 * gateway's books (`paper`). Games, markets and game states are published by the rig itself:
 * the ESPN poller and market discovery are not on the path measured.
 *
 * Every game is NFL, priced by a fixed model (the home team wins with `homeProb`), so a book
 * has an edge exactly when the rig makes one.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { MemoryBus } from '../src/bus/memory-bus.js';
import type { Bus } from '../src/bus/port.js';
import type { KalshiEndpoints } from '../src/config/endpoints.js';
import { loadConfig } from '../src/config/load.js';
import { LiveClock } from '../src/core/clock.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { KALSHI_SPORTS_FEES } from '../src/core/fees.js';
import { asEventId, asGameId, asInstrumentId, asRunId } from '../src/core/ids.js';
import {
  type OutcomeKind,
  outcomeIdFor,
  type VenueInstrument,
  type VenueName,
} from '../src/core/instruments.js';
import type { Centis, Micros } from '../src/core/money.js';
import { TimerScheduler } from '../src/feeds/timer-scheduler.js';
import { PortfolioProjector } from '../src/portfolio/projector.js';
import { RunAnalytics } from '../src/portfolio/run-analytics.js';
import {
  createMarketDataGateway,
  type MarketDataGateway,
} from '../src/services/gateways/market-data-gateway.js';
import { kalshiParts } from '../src/services/gateways/venue-parts.js';
import { silentLogger } from '../src/services/logger.js';
import { openPaperVenues } from '../src/services/paper-venues.js';
import { startTradingCore, type TradingCore } from '../src/services/trading-core.js';
import { sleepOn } from '../src/services/trading-venues.js';
import { kalshiHttp } from '../src/services/venue-access.js';
import { placeMakerQuotes } from '../src/sim/kalshi/maker.js';
import { KalshiSimServer } from '../src/sim/kalshi/server.js';
import { createWinProbabilityModels } from '../src/sports/models.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { KALSHI_WS_PATH } from '../src/venues/kalshi/auth.js';
import { KalshiVenueClient } from '../src/venues/kalshi/client.js';
import type { PaperVenue } from '../src/venues/paper/paper-venue.js';
import type { VenueClient } from '../src/venues/port.js';

export type RigMode = 'live' | 'paper';

const TRADER = 'arbees';
const MAKER = 'bench-maker';
const KEY_ID = '00000000-0000-4000-8000-0000be4c0001';
/** The trader's cash at the simulator (live) or in the paper account: far above what is traded. */
const TRADER_CASH = 500_000_000_000 as Micros;
/**
 * The REST client's token buckets far above the bench's order rate: waiting for a token is the
 * rate limiter's doing, not the path's, and Kalshi's basic tier (10 orders/s) would only pace it.
 */
const FAST_TIER = {
  read: { refillPerSecond: 1e6, capacity: 1e6 },
  write: { refillPerSecond: 1e6, capacity: 1e6 },
};

/** One instrument of the rig: a market at the simulator, mapped to a game's outcome. */
export interface RigMarket {
  readonly ticker: string;
  readonly instrument: VenueInstrument;
  /** The model's probability of YES. */
  readonly yesProb: number;
}

export interface RigOptions {
  readonly mode: RigMode;
  readonly games: number;
  /** Each game's home market, or both teams' markets. */
  readonly outcomes: readonly ('home_win' | 'away_win')[];
  /** The model's home win probability, for every game and state. */
  readonly homeProb: number;
  /** The maker's opening bid and ask in cents; 3 cents either side of the model's price when absent. */
  readonly openingQuote?: { readonly bid: number; readonly ask: number };
  /** Told of each HTTP request as it reaches the simulator (KalshiSimServerOptions.onRequest). */
  readonly onRequest?: (request: { readonly method: string; readonly path: string }) => void;
  /** Sees every event after the services (TradingCoreOptions.tap). */
  readonly tap?: (event: ArbeesEvent) => void;
  /** Wraps the bus the gateway publishes on (to stamp publications). */
  readonly wrapPublish?: (event: ArbeesEvent) => void;
}

export interface Rig {
  readonly sim: KalshiSimServer;
  readonly markets: readonly RigMarket[];
  readonly bus: Bus;
  readonly core: TradingCore;
  readonly gateway: MarketDataGateway;
  /** The maker's quote on a market replaced (one exchange batch: the feed sends the net change). */
  quote(market: RigMarket, bids: readonly [number, number][], asks: readonly [number, number][]): void;
  /** Adds a maker ask at `price` (a frame of its own). */
  addAsk(market: RigMarket, price: number, qty: number): void;
  close(): Promise<void>;
}

const tickerOf = (game: number, outcome: OutcomeKind) =>
  `KXNFLGAME-26DEC07G${String(game).padStart(5, '0')}-${outcome === 'home_win' ? 'HOM' : 'AWY'}`;

function instrumentOf(game: number, outcome: 'home_win' | 'away_win'): VenueInstrument {
  const gameId = asGameId(`bench:g${game}`);
  const symbol = tickerOf(game, outcome);
  return {
    instrumentId: asInstrumentId(`kalshi:${symbol}`),
    venue: 'kalshi',
    symbol,
    gameId,
    outcomeId: outcomeIdFor(gameId, outcome),
    outcome,
    tickSize: 10_000 as Micros,
    fees: KALSHI_SPORTS_FEES,
    settlement: { includesOvertime: true, drawPossible: true, postponement: 'follows_rescheduled_game' },
    simulated: true,
  };
}

/** Setup events of each game: scheduled, its markets mapped, then live in the second quarter. */
function gameEvents(game: number, markets: readonly RigMarket[], now: number): ArbeesEvent[] {
  const gameId = asGameId(`bench:g${game}`);
  return [
    {
      type: 'GameScheduled',
      id: asEventId(`bench:scheduled:${game}`),
      ts: now,
      gameId,
      sport: 'nfl',
      homeTeam: 'HOM',
      awayTeam: 'AWY',
      startTs: now - 600_000,
      homeSpread: 0,
      season: 2026,
      week: 14,
      seasonType: 'REG',
    },
    ...markets.map(
      (m): ArbeesEvent => ({
        type: 'MarketMapped',
        id: asEventId(`bench:mapped:${m.ticker}`),
        ts: now,
        instrument: m.instrument,
      }),
    ),
    {
      type: 'GameStateUpdated',
      id: asEventId(`bench:state:${game}`),
      ts: now,
      gameId,
      state: {
        sport: 'nfl',
        gameId,
        status: 'in',
        quarter: 2,
        clockSeconds: 600,
        gameSecondsRemaining: 2400,
        homeScore: 7,
        awayScore: 7,
        possession: 'home',
        down: 1,
        distance: 10,
        yardline100: 50,
        homeTimeouts: 3,
        awayTimeouts: 3,
        playSeq: 1,
      },
    },
  ];
}

/** Polls every 5 ms until `done()`; a bench that loses something says what, never hangs. */
export async function waitFor(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`live bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Starts the simulator and the pipeline, publishes every game, and resolves once every market's
 * first book has been published and handled (no edge anywhere yet).
 */
export async function startRig(opts: RigOptions): Promise<Rig> {
  const markets: RigMarket[] = [];
  for (let g = 0; g < opts.games; g++)
    for (const outcome of opts.outcomes)
      markets.push({
        ticker: tickerOf(g, outcome),
        instrument: instrumentOf(g, outcome),
        yesProb: outcome === 'home_win' ? opts.homeProb : 1 - opts.homeProb,
      });
  const sim = new KalshiSimServer({
    // Kalshi pings every 10 s; the gateway counts a ping as hearing the venue.
    heartbeatMs: 10_000,
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  sim.registerKey({
    keyId: KEY_ID,
    accountId: TRADER,
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  });
  sim.exchange.deposit(TRADER, TRADER_CASH);
  sim.exchange.deposit(MAKER, 1_000_000_000_000_000 as Micros);
  const closeTimeMs = Date.now() + 7 * 24 * 3_600_000;
  for (const m of markets) {
    sim.exchange.addMarket({
      ticker: m.ticker,
      eventTicker: m.ticker.slice(0, m.ticker.lastIndexOf('-')),
      seriesTicker: 'KXNFLGAME',
      closeTimeMs,
      fees: KALSHI_SPORTS_FEES,
    });
  }
  const { baseUrl } = await sim.listen(0);
  const origin = new URL(baseUrl);
  const endpoints: KalshiEndpoints = {
    environment: 'demo',
    rest: baseUrl,
    ws: `ws://${origin.host}${KALSHI_WS_PATH}`,
    real: false,
  };
  const key = { keyId: KEY_ID, privateKey };

  const rig = await startPipeline({ opts, sim, markets, endpoints, key });
  // The maker's opening quotes: no edge anywhere (3 cents either side of the model's price).
  for (const m of markets) {
    const cents = Math.round(m.yesProb * 100);
    const { bid, ask } = opts.openingQuote ?? { bid: cents - 3, ask: cents + 3 };
    rig.quote(m, [[bid, 500]], [[ask, 500]]);
  }
  const now = Date.now();
  for (let g = 0; g < opts.games; g++) {
    const own = markets.filter((m) => m.instrument.gameId === `bench:g${g}`);
    for (const e of gameEvents(g, own, now)) await rig.bus.publish(e);
  }
  await waitFor(
    () => rig.gateway.bookAges().filter((a) => a.ageMs !== null).length === markets.length,
    `the first book of all ${markets.length} markets`,
    120_000,
  );
  await rig.bus.idle();
  return rig;
}

async function startPipeline(x: {
  opts: RigOptions;
  sim: KalshiSimServer;
  markets: RigMarket[];
  endpoints: KalshiEndpoints;
  key: { keyId: string; privateKey: import('node:crypto').KeyObject };
}): Promise<Rig> {
  const { opts, sim, markets } = x;
  const config = loadConfig({
    env: {
      // Game states are published once; books for the whole run: no staleness denials.
      PRICE_STALENESS_TTL: '3600',
      SYNC_DELTA_TOLERANCE: '3600',
      MARKET_DATA_TTL: '3600',
      ARBEES_BANKROLL: String(TRADER_CASH / 1_000_000), // one venue holds it all
      MAX_SIMULTANEOUS_POSITIONS: String(markets.length + 10),
      ARBITRAGE: '0',
      PAPER_LATENCY_KALSHI_MS: '0',
    },
    envFile: null,
  });
  const clock = new LiveClock();
  const scheduler = new TimerScheduler({ clock });
  const inner = new MemoryBus({ now: () => clock.now() });
  const wrap = opts.wrapPublish;
  const bus: Bus = wrap
    ? {
        publish: (event) => {
          wrap(event);
          return inner.publish(event);
        },
        subscribe: (o) => inner.subscribe(o),
        idle: () => inner.idle(),
        stats: () => inner.stats(),
        close: () => inner.close(),
      }
    : inner;
  const store: Store = await openStore({ pglite: 'memory' });
  const runId = asRunId(`bench-${opts.mode}`);
  let venues: Map<VenueName, VenueClient>;
  let paper = new Map<VenueName, PaperVenue>();
  if (opts.mode === 'live') {
    venues = new Map([
      [
        'kalshi',
        new KalshiVenueClient({ http: kalshiHttp({ endpoints: x.endpoints, key: x.key, tier: FAST_TIER }) }),
      ],
    ]);
  } else {
    paper = await openPaperVenues({
      clock,
      accounts: [{ venue: 'kalshi', startingBalance: TRADER_CASH }],
      latencyMs: { kalshi: 0 },
      sleep: sleepOn(scheduler, clock),
      persist: { store, runId },
      log: silentLogger,
    });
    venues = new Map(paper);
  }
  const cash = await venues.get('kalshi')!.account!.balance();
  const models = {
    ...createWinProbabilityModels(),
    nfl: {
      name: 'bench-fixed',
      probabilities: () => ({ home: opts.homeProb, away: 1 - opts.homeProb, draw: 0 }),
    },
  };
  await store.startRun({ runId, mode: opts.mode, startedTs: clock.now(), config: {} });
  const gateway = createMarketDataGateway({
    bus,
    clock,
    feed: kalshiParts({ endpoints: x.endpoints, key: x.key, clock }).feed,
    mode: 'live',
    log: silentLogger,
    instanceId: `bench-${opts.mode}`,
  });
  const core = await startTradingCore({
    config,
    bus,
    clock,
    store,
    runId,
    log: silentLogger,
    models,
    venues,
    paper,
    projector: new PortfolioProjector({ deposits: [{ venue: 'kalshi', amount: cash }] }),
    analytics: new RunAnalytics({
      mode: opts.mode,
      startingBankroll: config.ARBEES_BANKROLL,
      seed: config.ARBEES_SEED,
      models,
    }),
    feedStatus: () => undefined,
    startInputs: async () => {
      await gateway.start();
      return [];
    },
    paperFillsRestored: opts.mode === 'paper',
    ...(opts.tap ? { tap: opts.tap } : {}),
  });
  await core.open();
  await waitFor(() => gateway.ready(), 'the gateway to connect', 30_000);
  const ex = sim.exchange;
  const toOrders = (levels: readonly [number, number][]) =>
    levels.map(([cents, qty]) => [(cents * 10_000) as Micros, qty as Centis] as const);
  return {
    sim,
    markets,
    bus,
    core,
    gateway,
    quote(m, bids, asks) {
      const now = Date.now();
      const refusals = ex.batch(() => {
        for (const order of ex.markets.get(m.ticker)?.book.resting() ?? [])
          if (order.accountId === MAKER) ex.cancelOrder(MAKER, order.orderId, now);
        return placeMakerQuotes(
          ex,
          { accountId: MAKER, ticker: m.ticker, bids: toOrders(bids), asks: toOrders(asks) },
          now,
        );
      });
      ex.forgetFinishedOrders(MAKER);
      if (refusals.length > 0) throw new Error(`bench maker refused: ${JSON.stringify(refusals[0])}`);
    },
    addAsk(m, price, qty) {
      const refusals = placeMakerQuotes(
        ex,
        { accountId: MAKER, ticker: m.ticker, bids: [], asks: toOrders([[price, qty]]) },
        Date.now(),
      );
      if (refusals.length > 0) throw new Error(`bench maker refused: ${JSON.stringify(refusals[0])}`);
    },
    async close() {
      scheduler.stop();
      await gateway.stop();
      await inner.idle();
      await core.close();
      await sim.close();
      await store.close();
    },
  };
}
