/**
 * The leagues Arbees follows on ESPN's site API, with the URL path of each
 * (`https://site.api.espn.com/apis/site/v2/sports/{path}/scoreboard`) and the game clock rules the
 * parsers need to turn ESPN's period and clock into seconds left.
 */
import type { SoccerLeague } from '../../core/game-state.js';
import type { Sport } from '../../core/instruments.js';

/** How a league's game clock runs. Untimed overtime (college football) has overtimeSeconds 0. */
export interface PeriodClock {
  readonly regulationPeriods: number;
  readonly periodSeconds: number;
  /** Length of one overtime period in the regular season and in the postseason. */
  readonly overtimeSeconds: { readonly regular: number; readonly postseason: number };
}

export interface EspnLeagueInfo {
  readonly sport: Sport;
  /** `{sport}/{league}` segment of ESPN's site API URLs. */
  readonly path: string;
  /** ESPN's `leagues[].slug` / `header.league.slug` for this league. */
  readonly slug: string;
  readonly name: string;
  /** null for sports without a period clock (baseball, and soccer whose clock counts up). */
  readonly clock: PeriodClock | null;
}

export const ESPN_LEAGUES = {
  nfl: {
    sport: 'nfl',
    path: 'football/nfl',
    slug: 'nfl',
    name: 'NFL',
    // 10-minute overtime in the regular season since 2017; playoff overtime is a full 15-minute quarter.
    clock: { regulationPeriods: 4, periodSeconds: 900, overtimeSeconds: { regular: 600, postseason: 900 } },
  },
  'college-football': {
    sport: 'ncaaf',
    path: 'football/college-football',
    slug: 'college-football',
    name: 'College football',
    clock: { regulationPeriods: 4, periodSeconds: 900, overtimeSeconds: { regular: 0, postseason: 0 } },
  },
  nba: {
    sport: 'nba',
    path: 'basketball/nba',
    slug: 'nba',
    name: 'NBA',
    clock: { regulationPeriods: 4, periodSeconds: 720, overtimeSeconds: { regular: 300, postseason: 300 } },
  },
  'mens-college-basketball': {
    sport: 'ncaamb',
    path: 'basketball/mens-college-basketball',
    slug: 'mens-college-basketball',
    name: "Men's college basketball",
    clock: { regulationPeriods: 2, periodSeconds: 1200, overtimeSeconds: { regular: 300, postseason: 300 } },
  },
  nhl: {
    sport: 'nhl',
    path: 'hockey/nhl',
    slug: 'nhl',
    name: 'NHL',
    // Regular-season overtime is 5 minutes (then a shootout); playoff overtimes are full periods.
    clock: { regulationPeriods: 3, periodSeconds: 1200, overtimeSeconds: { regular: 300, postseason: 1200 } },
  },
  mlb: { sport: 'mlb', path: 'baseball/mlb', slug: 'mlb', name: 'MLB', clock: null },
  'eng.1': { sport: 'soccer', path: 'soccer/eng.1', slug: 'eng.1', name: 'Premier League', clock: null },
  'usa.1': { sport: 'soccer', path: 'soccer/usa.1', slug: 'usa.1', name: 'MLS', clock: null },
  'uefa.champions': {
    sport: 'soccer',
    path: 'soccer/uefa.champions',
    slug: 'uefa.champions',
    name: 'UEFA Champions League',
    clock: null,
  },
} as const satisfies Record<string, EspnLeagueInfo>;

export type EspnLeague = keyof typeof ESPN_LEAGUES;
export const ESPN_LEAGUE_IDS = Object.keys(ESPN_LEAGUES) as EspnLeague[];

export function isEspnLeague(value: unknown): value is EspnLeague {
  return typeof value === 'string' && Object.hasOwn(ESPN_LEAGUES, value);
}

export function leagueInfo(league: EspnLeague): EspnLeagueInfo {
  return ESPN_LEAGUES[league];
}

/** The soccer league code of a soccer league, for SoccerGameState.league. */
export function soccerLeagueOf(league: EspnLeague): SoccerLeague | null {
  return league === 'eng.1' || league === 'usa.1' || league === 'uefa.champions' ? league : null;
}

export const ESPN_SITE_API_BASE = 'https://site.api.espn.com/apis/site/v2/sports';

/** Scoreboard URL of a league; `dates` is YYYYMMDD or a YYYYMMDD-YYYYMMDD range. */
export function scoreboardUrl(league: EspnLeague, opts: { dates?: string } = {}): string {
  const query = opts.dates ? `?dates=${encodeURIComponent(opts.dates)}` : '';
  return `${ESPN_SITE_API_BASE}/${ESPN_LEAGUES[league].path}/scoreboard${query}`;
}

export function summaryUrl(league: EspnLeague, espnEventId: string): string {
  return `${ESPN_SITE_API_BASE}/${ESPN_LEAGUES[league].path}/summary?event=${encodeURIComponent(espnEventId)}`;
}

let easternDays: Intl.DateTimeFormat | undefined;

/** The US-Eastern calendar day of an instant as ESPN's `dates` parameter, YYYYMMDD. */
export function espnDay(ts: number): string {
  easternDays ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return easternDays.format(ts).replaceAll('-', '');
}
