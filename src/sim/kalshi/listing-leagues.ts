/**
 * What differs between Kalshi's game-winner series per league: the competition name, the sport
 * phrase in the rules text, the custom_strike key, ties, the postponement window, the governing
 * league's site, and the series' own fields. Pure data.
 *
 * Sources (matching.md §2, venues.md §2.9–2.10): NFL is the real capture of KXNFLGAME (event,
 * market, series) field for field. Everything else is inferred and marked so:
 * - competition strings "Pro Basketball (M)", "Pro Hockey", "Pro Baseball", "College Football"
 *   are Kalshi's milestone filter examples [doc]; "College Basketball (M)" follows their pattern.
 * - rules phrases: "Pro Basketball" and "college football" and "professional baseball … at 7:15 PM
 *   EDT" and "professional MLS soccer … after 90 minutes plus stoppage time" are from third-party
 *   copies of live text [3p]; "Pro Hockey" and "college basketball" follow them [inferred].
 * - custom_strike keys: football_team [cap], basketball_team and hockey_team [3p];
 *   baseball_team and soccer_team [inferred].
 * - postponement: 48 hours for NFL [cap] and the US leagues [inferred]; two weeks for soccer
 *   (World Cup markets close 14 days after the start [3p]).
 * - series titles other than "NFL Game" [cap], contract document names other than
 *   FOOTBALLGAMEWIN [cap], and the soccer settlement sources (Fox Sports, ESPN, as on the real
 *   soccer series page) are inferred.
 */
import type { KalshiGameLeague } from './listing-types.js';

export interface KalshiLeagueListingDefaults {
  /** `product_metadata.competition` of the event. */
  readonly competition: string;
  /** The sport phrase in the rules ("Pro Football" in "… DAL Cowboys Pro Football game …"). */
  readonly rulesSport: (competition: string) => string;
  readonly customStrikeKey: string;
  /** A third `-TIE` market (soccer) instead of "$0.50 for each team" on a tie. */
  readonly hasDraw: boolean;
  /** `HHMM` in the ticker and the start time in the rules (MLB: doubleheaders). */
  readonly startTimeInTicker: boolean;
  readonly postponementWindowMs: number;
  readonly settlementSources: readonly { readonly name: string; readonly url: string }[];
  readonly seriesTitle: string;
  readonly seriesTag: string;
  /** The contract document name in the series' contract URLs. */
  readonly contractCode: string;
}

const HOUR_MS = 3_600_000;
const GOVERNING_LEAGUE = (url: string) => [{ name: 'the Governing League', url }];
const SOCCER_SOURCES = [
  { name: 'Fox Sports', url: 'https://www.foxsports.com' },
  { name: 'ESPN', url: 'https://www.espn.com' },
];
const fixed = (phrase: string) => () => phrase;
const soccer = (competition: string) => `professional ${competition} soccer`;

export const KALSHI_LEAGUE_LISTING: Readonly<Record<KalshiGameLeague, KalshiLeagueListingDefaults>> = {
  nfl: {
    competition: 'Pro Football',
    rulesSport: fixed('Pro Football'),
    customStrikeKey: 'football_team',
    hasDraw: false,
    startTimeInTicker: false,
    postponementWindowMs: 48 * HOUR_MS,
    settlementSources: GOVERNING_LEAGUE('https://www.nfl.com/'),
    seriesTitle: 'NFL Game',
    seriesTag: 'Football',
    contractCode: 'FOOTBALLGAMEWIN',
  },
  ncaaf: {
    competition: 'College Football',
    rulesSport: fixed('college football'),
    customStrikeKey: 'football_team',
    hasDraw: false,
    startTimeInTicker: false,
    postponementWindowMs: 48 * HOUR_MS,
    settlementSources: GOVERNING_LEAGUE('https://www.ncaa.com/'),
    seriesTitle: 'College Football Game',
    seriesTag: 'Football',
    contractCode: 'FOOTBALLGAMEWIN',
  },
  nba: {
    competition: 'Pro Basketball (M)',
    rulesSport: fixed('Pro Basketball'),
    customStrikeKey: 'basketball_team',
    hasDraw: false,
    startTimeInTicker: false,
    postponementWindowMs: 48 * HOUR_MS,
    settlementSources: GOVERNING_LEAGUE('https://www.nba.com/'),
    seriesTitle: 'NBA Game',
    seriesTag: 'Basketball',
    contractCode: 'BASKETBALLGAMEWIN',
  },
  ncaamb: {
    competition: 'College Basketball (M)',
    rulesSport: fixed('college basketball'),
    customStrikeKey: 'basketball_team',
    hasDraw: false,
    startTimeInTicker: false,
    postponementWindowMs: 48 * HOUR_MS,
    settlementSources: GOVERNING_LEAGUE('https://www.ncaa.com/'),
    seriesTitle: "Men's College Basketball Game",
    seriesTag: 'Basketball',
    contractCode: 'BASKETBALLGAMEWIN',
  },
  nhl: {
    competition: 'Pro Hockey',
    rulesSport: fixed('Pro Hockey'),
    customStrikeKey: 'hockey_team',
    hasDraw: false,
    startTimeInTicker: false,
    postponementWindowMs: 48 * HOUR_MS,
    settlementSources: GOVERNING_LEAGUE('https://www.nhl.com/'),
    seriesTitle: 'NHL Game',
    seriesTag: 'Hockey',
    contractCode: 'HOCKEYGAMEWIN',
  },
  mlb: {
    competition: 'Pro Baseball',
    rulesSport: fixed('professional baseball'),
    customStrikeKey: 'baseball_team',
    hasDraw: false,
    startTimeInTicker: true,
    postponementWindowMs: 48 * HOUR_MS,
    settlementSources: GOVERNING_LEAGUE('https://www.mlb.com/'),
    seriesTitle: 'MLB Game',
    seriesTag: 'Baseball',
    contractCode: 'BASEBALLGAMEWIN',
  },
  mls: {
    competition: 'MLS',
    rulesSport: soccer,
    customStrikeKey: 'soccer_team',
    hasDraw: true,
    startTimeInTicker: false,
    postponementWindowMs: 14 * 24 * HOUR_MS,
    settlementSources: SOCCER_SOURCES,
    seriesTitle: 'MLS Game',
    seriesTag: 'Soccer',
    contractCode: 'SOCCERGAMEWIN',
  },
  soccer: {
    // The competition depends on the series; see KALSHI_SOCCER_COMPETITIONS.
    competition: 'EPL',
    rulesSport: soccer,
    customStrikeKey: 'soccer_team',
    hasDraw: true,
    startTimeInTicker: false,
    postponementWindowMs: 14 * 24 * HOUR_MS,
    settlementSources: SOCCER_SOURCES,
    seriesTitle: 'Soccer Game',
    seriesTag: 'Soccer',
    contractCode: 'SOCCERGAMEWIN',
  },
};

/**
 * The competition of each soccer game series (`product_metadata.competition`, and the league
 * name in the rules). "EPL" is seen on real Premier League events [3p]; the rest are inferred.
 */
export const KALSHI_SOCCER_COMPETITIONS: Readonly<Record<string, string>> = {
  KXEPLGAME: 'EPL',
  KXUCLGAME: 'UCL',
  KXLALIGAGAME: 'La Liga',
  KXBUNDESLIGAGAME: 'Bundesliga',
  KXSERIEAGAME: 'Serie A',
  KXLIGUE1GAME: 'Ligue 1',
  KXUELGAME: 'Europa League',
  KXEFLCHAMPIONSHIPGAME: 'EFL Championship',
  KXMLSGAME: 'MLS',
};

/** The three prohibitions on every real sports series page (the `/series` capture). */
export const SPORTS_SERIES_PROHIBITIONS: readonly string[] = [
  'Current players, coaches, and staff of the league, association, or organization(s) governing the event. For college leagues/associations specifically, or where otherwise appropriate (as identified by the Exchange), this applies to current players/coaches/staff of the specific sport in <event> rather than the league/association as a whole (e.g., if the Division I Gonzaga Men’s Basketball Team is playing in <event>, this prohibition will restrict trades by current players/coaches/staff on NCAA Basketball, rather than all current players/coaches/staff in any NCAA sport).',
  'Paid employees of the league and league participants',
  'Owners of teams and the league',
];

/** The disclaimer closing every real game market's rules_secondary. */
export const KALSHI_RULES_DISCLAIMER =
  'Kalshi is not affiliated, associated, authorized, endorsed by, or in any way officially connected with the Governing League. All trademarks, logos, and brand names are the property of their respective owners.';
