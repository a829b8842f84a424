/**
 * What the matcher knows of each league on each venue: Kalshi's game series, Gamma's slug prefix,
 * the phrases Kalshi's rules name the competition by, and whether a game can end level after
 * regulation (soccer: three outcomes). Pure data.
 */
import type { Sport } from '../../core/instruments.js';
import type { LeagueId } from '../teams/index.js';

export interface LeagueVenueInfo {
  readonly sport: Sport;
  /** Soccer: a game can end level, so a game-winner listing has three outcomes. */
  readonly threeWay: boolean;
  /**
   * A two-outcome league whose games can still end level after overtime (a regular-season NFL
   * game): its rules must say what a team's market pays then.
   */
  readonly canTieAfterOvertime: boolean;
  /** Kalshi's game-winner series (venues.md §2.10). */
  readonly kalshiSeries: string;
  /**
   * How Kalshi's `rules_primary` names the competition, lower case: "…the TB Buccaneers vs DAL
   * Cowboys Pro Football game…". From real rules (NFL capture; NBA, NHL, MLB, college football,
   * soccer rules quoted in public code); the college-basketball phrases are expected, not seen.
   */
  readonly kalshiCompetitions: readonly string[];
  /** Gamma's event slug prefix (`nba-nyk-sas-2026-06-03`). cfb/cbb are Polymarket US's league codes, unverified on Gamma. */
  readonly gammaPrefix: string;
  /** How a Gamma description opens: "In the upcoming NBA game…"; soccer says "In the upcoming game". */
  readonly gammaLeagueWord: string | null;
}

export const LEAGUE_VENUES: Readonly<Record<LeagueId, LeagueVenueInfo>> = {
  nfl: {
    sport: 'nfl',
    threeWay: false,
    canTieAfterOvertime: true,
    kalshiSeries: 'KXNFLGAME',
    kalshiCompetitions: ['pro football', 'professional football'],
    gammaPrefix: 'nfl',
    gammaLeagueWord: 'NFL',
  },
  nba: {
    sport: 'nba',
    threeWay: false,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXNBAGAME',
    kalshiCompetitions: ['pro basketball', 'professional basketball'],
    gammaPrefix: 'nba',
    gammaLeagueWord: 'NBA',
  },
  nhl: {
    sport: 'nhl',
    threeWay: false,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXNHLGAME',
    kalshiCompetitions: ['nhl', 'pro hockey', 'professional hockey'],
    gammaPrefix: 'nhl',
    gammaLeagueWord: 'NHL',
  },
  mlb: {
    sport: 'mlb',
    threeWay: false,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXMLBGAME',
    kalshiCompetitions: ['professional baseball', 'pro baseball'],
    gammaPrefix: 'mlb',
    gammaLeagueWord: 'MLB',
  },
  'college-football': {
    sport: 'ncaaf',
    threeWay: false,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXNCAAFGAME',
    kalshiCompetitions: ['college football'],
    gammaPrefix: 'cfb',
    gammaLeagueWord: null,
  },
  'mens-college-basketball': {
    sport: 'ncaamb',
    threeWay: false,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXNCAAMBGAME',
    kalshiCompetitions: ["men's college basketball", 'college basketball'],
    gammaPrefix: 'cbb',
    gammaLeagueWord: null,
  },
  'eng.1': {
    sport: 'soccer',
    threeWay: true,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXEPLGAME',
    kalshiCompetitions: ['professional epl soccer', 'professional premier league soccer'],
    gammaPrefix: 'epl',
    gammaLeagueWord: null,
  },
  'usa.1': {
    sport: 'soccer',
    threeWay: true,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXMLSGAME',
    kalshiCompetitions: ['professional mls soccer'],
    gammaPrefix: 'mls',
    gammaLeagueWord: null,
  },
  'uefa.champions': {
    sport: 'soccer',
    threeWay: true,
    canTieAfterOvertime: false,
    kalshiSeries: 'KXUCLGAME',
    // Real (a KXUCLBTTS market): "…Champions League match…"; the simulator writes "professional UCL soccer".
    kalshiCompetitions: ['champions league', 'professional ucl soccer', 'uefa champions league'],
    gammaPrefix: 'ucl',
    gammaLeagueWord: null,
  },
};

/** The league of a Kalshi game series, or null for a series the matcher does not read. */
export function leagueOfKalshiSeries(series: string): LeagueId | null {
  for (const [league, info] of Object.entries(LEAGUE_VENUES))
    if (info.kalshiSeries === series) return league as LeagueId;
  return null;
}

/** The league of a Gamma event slug by its prefix, or null. */
export function leagueOfGammaSlug(slug: string): LeagueId | null {
  for (const [league, info] of Object.entries(LEAGUE_VENUES))
    if (slug.startsWith(`${info.gammaPrefix}-`)) return league as LeagueId;
  return null;
}
