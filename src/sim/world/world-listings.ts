/**
 * What each venue lists for a game of the world, and when each step of its markets' life comes:
 * the Kalshi event and markets (kalshi/listing.ts) and the Polymarket Gamma event and markets
 * (polymarket/listing.ts), built from the venues' own team codes and names, listed ahead of the
 * game; the game starts at kick-off and ends when ESPN calls it final (a minute after the last
 * play); Kalshi determines its markets shortly after and settles them when the settlement timer
 * runs out, Polymarket resolves after a short delay of its own. Pure and deterministic: market
 * and token ids come from the builders' hashes of the game's teams and date.
 */
import { type Micros, ONE_DOLLAR } from '../../core/money.js';
import { FINAL_AFTER_LAST_PLAY_MS } from '../../feeds/replay/game-feed.js';
import { type ReplayGame, replayPlayTimes } from '../../feeds/replay/replay-game.js';
import type { GameOutcome } from '../kalshi/lifecycle.js';
import { buildKalshiGameListing } from '../kalshi/listing.js';
import type { KalshiGameListingBuilt, KalshiListingTeam } from '../kalshi/listing-types.js';
import type { GammaSportCode } from '../polymarket/gamma-sports.js';
import { buildGameListing, DEFAULT_LISTING_LEAD_MS, type GameListing } from '../polymarket/listing.js';
import { pmusGameMarket } from '../polymarket-us/maker.js';
import type { SimPmusMarketSpec } from '../polymarket-us/types.js';
import type { GammaListingTeam, WorldGameTeams, WorldLeague } from './world-teams.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface WorldListingOptions {
  /** How long before kick-off Kalshi lists a game (and opens it), ms; default 2 days. */
  readonly kalshiListingLeadMs?: number;
  /** How long before kick-off Polymarket lists a game, ms; default 6 days (as live listings show). */
  readonly polymarketListingLeadMs?: number;
  /** How long after the end Kalshi determines the markets, ms (they settle a timer later); default 30 s. */
  readonly kalshiResultDelayMs?: number;
  /** How long after the end Polymarket resolves the markets, ms; default 5 minutes. */
  readonly polymarketResultDelayMs?: number;
  /**
   * How long before kick-off Polymarket US lists a game, ms; default Polymarket's 6 days (an
   * assumption: the reference gives no lead for this venue).
   */
  readonly polymarketUsListingLeadMs?: number;
  /** How long after the end Polymarket US settles the market, ms; default 5 minutes. */
  readonly polymarketUsResultDelayMs?: number;
}

export const DEFAULT_WORLD_LISTING: Required<WorldListingOptions> = {
  kalshiListingLeadMs: 2 * DAY_MS,
  polymarketListingLeadMs: DEFAULT_LISTING_LEAD_MS,
  kalshiResultDelayMs: 30_000,
  polymarketResultDelayMs: 5 * MINUTE_MS,
  polymarketUsListingLeadMs: DEFAULT_LISTING_LEAD_MS,
  polymarketUsResultDelayMs: 5 * MINUTE_MS,
};

/** How a game ended, as the venues' rules read it. */
export type WorldGameResult = 'home' | 'away' | 'draw';

export interface WorldGameTimes {
  readonly kalshiListedMs: number;
  readonly polymarketListedMs: number;
  readonly kickoffMs: number;
  /** The game is over: ESPN calls it final, the venues stop trading it. */
  readonly endMs: number;
  readonly kalshiDeterminedMs: number;
  /** Kalshi pays out: determined plus the markets' settlement timer. */
  readonly kalshiSettledMs: number;
  readonly polymarketResolvedMs: number;
  readonly polymarketUsListedMs: number;
  readonly polymarketUsSettledMs: number;
}

export interface WorldGamePlan {
  /** The game as the world plays it (ESPN's abbreviations). */
  readonly game: ReplayGame;
  readonly teams: WorldGameTeams;
  readonly result: WorldGameResult;
  readonly times: WorldGameTimes;
  readonly kalshi: KalshiGameListingBuilt;
  /** How Kalshi determines the game's markets. */
  readonly kalshiOutcome: GameOutcome;
  readonly polymarket: GameListing;
  /**
   * The game's one Polymarket US moneyline market (`aec-…`, the away team long, as US leagues
   * list it), whether or not the world serves that venue.
   */
  readonly polymarketUs: SimPmusMarketSpec;
  /** What one long (YES) contract of it pays, from the result: $1, $0 or $0.50 on a tie. */
  readonly polymarketUsPayout: Micros;
}

/** Gamma's code of each league the world plays. */
const GAMMA_SPORT: Readonly<Record<WorldLeague, GammaSportCode>> = { nfl: 'nfl', nba: 'nba' };

/**
 * A team code and name no team table knows: a listing carrying it cannot be matched to the
 * ESPN game (the `unmatchable listing` fault).
 */
export const UNMATCHABLE_KALSHI_TEAM: KalshiListingTeam = {
  code: 'QZX',
  name: 'Quizzix',
  eventName: 'QZX Quizzix',
};
export const UNMATCHABLE_GAMMA_TEAM: GammaListingTeam = {
  abbreviation: 'qzx',
  name: 'Quizzix Quokkas',
  outcome: 'Quokkas',
};

export function worldGameResult(game: ReplayGame): WorldGameResult {
  const { finalHomeScore: home, finalAwayScore: away } = game.info;
  return home > away ? 'home' : away > home ? 'away' : 'draw';
}

/** When ESPN calls the game final: a minute after its last play (the simulated ESPN's rule). */
export function worldGameEndMs(game: ReplayGame): number {
  return (replayPlayTimes(game).at(-1) ?? game.info.kickoffTs) + FINAL_AFTER_LAST_PLAY_MS;
}

export function planWorldGame(opts: {
  readonly game: ReplayGame;
  readonly teams: WorldGameTeams;
  readonly listing?: WorldListingOptions;
  /** The home team's venue codes are replaced by ones no table knows (a fault). */
  readonly unmatchable?: boolean;
}): WorldGamePlan {
  const { game, teams } = opts;
  const o = { ...DEFAULT_WORLD_LISTING, ...opts.listing };
  const kickoffMs = game.info.kickoffTs;
  const endMs = worldGameEndMs(game);
  const result = worldGameResult(game);
  const kalshiListedMs = kickoffMs - o.kalshiListingLeadMs;
  const kalshi = buildKalshiGameListing({
    league: teams.league,
    startMs: kickoffMs,
    listedMs: kalshiListedMs,
    home: opts.unmatchable ? UNMATCHABLE_KALSHI_TEAM : teams.home.kalshi,
    away: teams.away.kalshi,
  });
  const polymarketListedMs = kickoffMs - o.polymarketListingLeadMs;
  const polymarket = buildGameListing({
    sport: GAMMA_SPORT[teams.league],
    startTimeMs: kickoffMs,
    listedAtMs: polymarketListedMs,
    home: opts.unmatchable ? UNMATCHABLE_GAMMA_TEAM : teams.home.gamma,
    away: teams.away.gamma,
  });
  const unmatchableUs = {
    name: UNMATCHABLE_GAMMA_TEAM.name,
    abbreviation: UNMATCHABLE_GAMMA_TEAM.abbreviation,
  };
  const polymarketUs = pmusGameMarket({
    id: `${kalshi.event.eventTicker}-pmus`,
    league: teams.league,
    away: { name: teams.away.gamma.name, abbreviation: teams.away.gamma.abbreviation },
    home: opts.unmatchable
      ? unmatchableUs
      : { name: teams.home.gamma.name, abbreviation: teams.home.gamma.abbreviation },
    startMs: kickoffMs,
  });
  const timer = kalshi.markets[0]?.settlementTimerSeconds ?? 0;
  const kalshiDeterminedMs = endMs + o.kalshiResultDelayMs;
  const homeCode = kalshi.event.homeCode;
  const awayCode = kalshi.event.awayCode;
  return {
    game,
    teams,
    result,
    times: {
      kalshiListedMs,
      polymarketListedMs,
      kickoffMs,
      endMs,
      kalshiDeterminedMs,
      kalshiSettledMs: kalshiDeterminedMs + timer * 1000,
      polymarketResolvedMs: endMs + o.polymarketResultDelayMs,
      polymarketUsListedMs: kickoffMs - o.polymarketUsListingLeadMs,
      polymarketUsSettledMs: endMs + o.polymarketUsResultDelayMs,
    },
    kalshi,
    kalshiOutcome:
      result === 'draw' ? { kind: 'tie' } : { kind: 'team', code: result === 'home' ? homeCode : awayCode },
    polymarket,
    polymarketUs,
    // The long side is the away team (pmusGameMarket).
    polymarketUsPayout: (result === 'away' ? ONE_DOLLAR : result === 'home' ? 0 : ONE_DOLLAR / 2) as Micros,
  };
}
