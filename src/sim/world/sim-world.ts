/**
 * The simulated world: recorded real games served over ESPN's API, and the Kalshi and Polymarket
 * simulators listing each game's markets as the venues do, with simulated makers quoting in
 * their books, all on loopback in one process. A run is pointed at it by its settings alone (the
 * URLs, the trader's credentials and, when the world keeps its own calendar, the clock): nothing
 * in the pipeline can tell it from the real world but by those.
 *
 * Two ways to run it: inside a replay on the replay's SimulatedClock and Timeline, with the games
 * at their recorded dates (tasks run in time order, so a replay stays reproducible), or on its
 * own (`arbees sim world`) on an AnchoredScaledClock and a TimerScheduler, with the games moved
 * onto the live calendar by scheduleWorldGames. Either way every step of every game is a task on
 * the world's scheduler at a time fixed in advance (world-calendar.ts).
 *
 * Signed requests are checked against the wall clock (`authNow`), not the world's business
 * clock: authentication is about real time, so a run that signs with the wall clock is accepted
 * at any speed.
 */
import type { ClockSetting } from '../../config/clock-setting.js';
import type { Endpoints } from '../../config/endpoints.js';
import type { Clock } from '../../core/clock.js';
import { asGameId } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { ReplayGame } from '../../feeds/replay/replay-game.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../../sports/models.js';
import { ReplayEspnSchedule } from '../espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../espn/server.js';
import { KalshiSimServer } from '../kalshi/server.js';
import { PolySimServer } from '../polymarket/server.js';
import { SimPmusServer } from '../polymarket-us/server.js';
import { WORLD_POLYMARKET_CONFIRM_MS, WorldCalendar, type WorldCalendarStats } from './world-calendar.js';
import {
  type GivenWorldCredentials,
  makeWorldCredentials,
  type WorldCredentials,
} from './world-credentials.js';
import { applyWorldFaults, faultRandom, type WorldFaults } from './world-faults.js';
import { planWorldGame, type WorldListingOptions } from './world-listings.js';
import { quietWorldLog, type WorldLog } from './world-log.js';
import { worldPointers } from './world-settings.js';
import { type WorldTeamLookup, withEspnAbbreviations, worldGameTeams } from './world-teams.js';

/** The account the trader's Kalshi key trades as. */
export const WORLD_KALSHI_TRADER = 'trader';
/** The account the trader's Polymarket US key trades as. */
export const WORLD_PMUS_TRADER = 'trader';
/** How often Polymarket's heartbeats and idle WebSocket clients are checked, wall ms. */
const CONNECTION_TICK_MS = 1_000;

export interface SimWorldOptions {
  /** The games, at the times the world plays them (scheduleWorldGames moves them for a live calendar). */
  readonly games: readonly ReplayGame[];
  /** The world's business clock: game time, order times, the markets' lifecycle. */
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly seed: number;
  /** Every sport's win-probability model, for the makers; src/sports/models.ts's by default. */
  readonly models?: WinProbabilityModels;
  /** Where to listen (default 127.0.0.1) and on which ports (0 or absent: any free one). */
  readonly host?: string;
  readonly ports?: {
    readonly espn?: number;
    readonly kalshi?: number;
    readonly polymarket?: number;
    readonly polymarketUs?: number;
  };
  /** How far ESPN runs behind the plays, ms (ARBEES_FEED_DELAY); the makers see each play at once. */
  readonly feedDelayMs: number;
  /** The trader's starting cash at each venue. */
  readonly balances: { readonly kalshi: Micros; readonly polymarket: Micros };
  /**
   * Serve Polymarket US too, the trader funded with `balance` there: each game listed as the
   * venue lists it, quoted by a maker, halted at the end and settled on the result. Absent: not
   * served (its endpoints are null, and the settings name none of it).
   */
  readonly polymarketUs?: { readonly balance: Micros };
  /** The trader's credentials; made fresh when absent. */
  readonly credentials?: GivenWorldCredentials;
  readonly teams: WorldTeamLookup;
  readonly faults?: WorldFaults;
  readonly listing?: WorldListingOptions;
  /** How often a maker sends its last quote again between plays, ms (default 10 s). */
  readonly refreshMs?: number;
  /** Real time, for signed timestamps (default Date.now). */
  readonly authNow?: () => number;
  /** The clock setting a run in another process must keep to share the world's time (ARBEES_CLOCK). */
  readonly clockSetting?: ClockSetting;
  readonly log?: WorldLog;
}

export interface SimWorld {
  /** Every KEY=VALUE that points a run at the world. */
  readonly settings: Readonly<Record<string, string>>;
  /** The same, as src/config/endpoints.ts's type. */
  readonly endpoints: Endpoints;
  /** The trader's, registered and funded in both simulators. */
  readonly credentials: WorldCredentials;
  /** The games as the world plays them: its times, ESPN's abbreviations and event ids. */
  readonly games: readonly ReplayGame[];
  /**
   * Frames the world has sent on the WebSocket connections of `tag`: on Kalshi and Polymarket US
   * the API key id (or account) that signed the handshake (on Polymarket US, its markets
   * channel), on Polymarket the `?client=<tag>` of the
   * market-channel URL. A replay waits until its clients have handled this many.
   */
  framesSent(venue: 'kalshi' | 'polymarket' | 'polymarket-us', tag: string): number;
  /** Every game is final (or called off) and every market of it resolved. */
  done(): boolean;
  /**
   * Calls a game off before it starts, with no make-up game: ESPN shows it canceled, both venues
   * stop trading it and settle it as their rules say (Kalshi at a fair price, Polymarket 50-50).
   * Throws for an unknown game or one that has started.
   */
  cancelGame(gameId: string): void;
  readonly servers: {
    readonly espn: EspnSimServer;
    readonly kalshi: KalshiSimServer;
    readonly polymarket: PolySimServer;
    /** Null when the world does not serve Polymarket US. */
    readonly polymarketUs: SimPmusServer | null;
  };
  readonly stats: WorldCalendarStats;
  close(): Promise<void>;
}

/**
 * The trader's starting cash at each venue the world serves: the bankroll split evenly (the
 * first venue takes the odd micro-dollars), as a paper run splits it.
 */
export function worldBalances(
  bankroll: Micros,
  withPolymarketUs: boolean,
): Pick<SimWorldOptions, 'balances' | 'polymarketUs'> {
  const venues = withPolymarketUs ? 3 : 2;
  const share = Math.floor(bankroll / venues) as Micros;
  const first = (bankroll - share * (venues - 1)) as Micros;
  return {
    balances: { kalshi: first, polymarket: share },
    ...(withPolymarketUs ? { polymarketUs: { balance: share } } : {}),
  };
}

export async function startSimWorld(opts: SimWorldOptions): Promise<SimWorld> {
  const { clock, scheduler } = opts;
  const log = opts.log ?? quietWorldLog;
  const host = opts.host ?? '127.0.0.1';
  const now = () => clock.now();
  const authNow = opts.authNow ?? Date.now;
  const unmatchable = new Set(opts.faults?.unmatchableGames ?? []);

  // Teams first: a game the tables cannot name is refused before anything listens.
  const teamed = opts.games.map((game) => {
    const teams = worldGameTeams(game, opts.teams);
    return { game: withEspnAbbreviations(game, teams), teams };
  });
  const schedule = new ReplayEspnSchedule(teamed.map((t) => t.game));
  const games = teamed.map(({ game }) => ({
    ...game,
    info: { ...game.info, espnEventId: schedule.byGame(game.info.gameId)?.espnId ?? game.info.espnEventId },
  }));
  const plans = teamed.map(({ game, teams }) =>
    planWorldGame({
      game,
      teams,
      ...(opts.listing ? { listing: opts.listing } : {}),
      unmatchable: unmatchable.has(game.info.gameId),
    }),
  );

  const made = await makeWorldCredentials(opts.credentials);
  const { credentials } = made;
  const kalshi = new KalshiSimServer({ now, authNow });
  // Its business timers run on the world's scheduler (world-calendar.ts); its connection
  // timers (heartbeats, idle clients) on the wall clock, below.
  const polymarket = new PolySimServer({
    now,
    authNow,
    tickIntervalMs: 0,
    confirmAfterMs: WORLD_POLYMARKET_CONFIRM_MS,
  });
  // Signed requests and handshakes are checked against real time, as the venue does.
  const polymarketUs = opts.polymarketUs ? new SimPmusServer({ now, authNow }) : null;
  let espn: EspnSimServer | null = null;
  try {
    kalshi.registerKey({
      keyId: credentials.kalshi.keyId,
      accountId: WORLD_KALSHI_TRADER,
      publicKeyPem: made.kalshiPublicKeyPem,
    });
    kalshi.exchange.deposit(WORLD_KALSHI_TRADER, opts.balances.kalshi);
    polymarket.exchange.deposit(made.polymarketAddress, opts.balances.polymarket);
    const kalshiAt = await kalshi.listen(opts.ports?.kalshi ?? 0, host);
    const polymarketAt = await polymarket.listen(opts.ports?.polymarket ?? 0, host);
    let polymarketUsAt: { baseUrl: string; wsUrl: string } | null = null;
    if (polymarketUs && opts.polymarketUs) {
      polymarketUs.registerKey({
        keyId: credentials.polymarketUs.keyId,
        publicKeyBase64: made.polymarketUsPublicKey,
        accountId: WORLD_PMUS_TRADER,
      });
      polymarketUs.exchange.deposit(WORLD_PMUS_TRADER, opts.polymarketUs.balance);
      polymarketUsAt = await polymarketUs.listen(opts.ports?.polymarketUs ?? 0, host);
    }
    espn = await startEspnSimServer({
      schedule,
      clock,
      host,
      port: opts.ports?.espn ?? 0,
      feedDelayMs: opts.feedDelayMs,
      random: faultRandom(opts.seed, 'espn'),
    });
    const pointers = worldPointers({
      addresses: {
        espnApiBase: espn.apiBase,
        kalshiRestBase: kalshiAt.baseUrl,
        polymarket: {
          clob: polymarketAt.baseUrl,
          gamma: polymarketAt.gammaUrl,
          wsBase: polymarketAt.wsUrl,
          geoblock: `${polymarketAt.baseUrl}/api/geoblock`,
        },
        ...(polymarketUsAt
          ? { polymarketUs: { base: polymarketUsAt.baseUrl, ws: polymarketUsAt.wsUrl } }
          : {}),
      },
      credentials,
      ...(opts.clockSetting ? { clock: opts.clockSetting } : {}),
    });
    const calendar = new WorldCalendar({
      plans,
      kalshi,
      polymarket,
      polymarketUs,
      scheduler,
      clock,
      models: opts.models ?? createWinProbabilityModels(),
      seed: opts.seed,
      refreshMs: opts.refreshMs ?? 10_000,
      log,
    });
    const faults = applyWorldFaults({
      faults: opts.faults ?? {},
      espn,
      kalshi,
      polymarket,
      polymarketUs,
      seed: opts.seed,
    });
    calendar.start();
    const connectionTimer = setInterval(() => polymarket.tickConnections(), CONNECTION_TICK_MS);
    connectionTimer.unref();
    const servers = { espn, kalshi, polymarket, polymarketUs };
    let closed = false;
    return {
      ...pointers,
      credentials,
      games,
      framesSent: (venue, tag) => {
        if (venue === 'polymarket') return polymarket.feeds.sentTo(tag);
        if (venue === 'polymarket-us')
          return polymarketUs?.marketFramesSentTo(polymarketUs.accountOfKey(tag) ?? tag) ?? 0;
        return kalshi.feed.sentTo(kalshi.accountOfKey(tag) ?? tag);
      },
      done: () => calendar.done(),
      cancelGame: (gameId) => {
        calendar.cancel(gameId);
        schedule.cancel(asGameId(gameId), clock.now());
      },
      servers,
      stats: calendar.stats,
      close: async () => {
        if (closed) return;
        closed = true;
        clearInterval(connectionTimer);
        faults.stop();
        await Promise.all([servers.espn.close(), kalshi.close(), polymarket.close(), polymarketUs?.close()]);
        await made.dispose();
      },
    };
  } catch (error) {
    await espn?.close();
    await kalshi.close();
    await polymarket.close();
    await polymarketUs?.close();
    await made.dispose();
    throw error;
  }
}
