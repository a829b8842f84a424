/**
 * The leagues the simulated Gamma lists game markets for, with what Gamma's `GET /sports` says
 * about each (matching.md §3): the short code that starts every event slug, which team the
 * title and slug name first (`ordering`: US leagues away-first, soccer home-first), the
 * official results page (`resolution`), the tag ids, the series, and how the rules text words
 * the game. Pure data.
 *
 * Sources: the EPL, LaLiga, Bundesliga, Ligue 1, Serie A and MLS sport ids, primary tags and
 * series are as a third-party collector observed them on the live API in 2026-08; tags 1
 * (sports), 100639 (games) and 100350 (soccer) are consistent across repositories; NFL's
 * results page is the one its live rules cite. The US leagues' sport ids, tags and series ids,
 * and UCL's, are placeholders in the same style [inferred]: no capture of them was found.
 */

/** Tag 1: sports; 100639: games (what discovery filters on); 100350: soccer. */
export const GAMMA_TAGS = {
  sports: { id: '1', label: 'Sports', slug: 'sports' },
  games: { id: '100639', label: 'Games', slug: 'games' },
  soccer: { id: '100350', label: 'Soccer', slug: 'soccer' },
} as const;

/** How the rules text (`description`) of a league's game markets is worded. */
export type RulesStyle =
  /** "If Titans wins, …"; a tie or a cancellation resolves 50-50. */
  | 'nfl'
  /** "If the Warriors win, …"; a cancellation resolves 50-50; overtime counts. */
  | 'us_league'
  /** Yes/No per result; 90 minutes plus stoppage time; a cancellation resolves the team markets No. */
  | 'soccer';

export interface GammaSport {
  /** Gamma's `/sports` id. */
  readonly id: number;
  /** The short code, e.g. `nfl`, `epl`: the first word of every event slug. */
  readonly code: string;
  /** The league's name, as in an event's `sport.name`. */
  readonly name: string;
  /** The league's name in the rules text ("In the upcoming NBA game, …"). */
  readonly rulesLeague: string;
  /** Which team the title, the slug and the outcomes list first. */
  readonly ordering: 'home' | 'away';
  /** The official results page (`/sports` `resolution`, market `resolutionSource`). */
  readonly resolution: string;
  /** The league's own tag. */
  readonly tag: { readonly id: string; readonly label: string; readonly slug: string };
  /** Extra tags a game event carries (EPL events carry 82 as well as their primary 306). */
  readonly extraTagIds: readonly string[];
  /** The Gamma series the league's game events belong to. */
  readonly seriesId: string;
  /** The series slug before its season year, e.g. `premier-league` in `premier-league-2025`. */
  readonly seriesPrefix: string;
  /**
   * How the series is named by season: `start` the year the season starts (a Sep-2026 NFL game
   * is in `nfl-2026`), `end` the year it ends (a Feb-2026 NBA game is in NBA 2026), `calendar`
   * the game's own year. [inferred beyond the examples named]
   */
  readonly seasonYear: 'start' | 'end' | 'calendar';
  /** The month (1–12) a new season's games start in, for `start` and `end`. */
  readonly seasonStartMonth: number;
  readonly rules: RulesStyle;
  /** Soccer: three Yes/No markets (home, draw, away), one neg-risk event. */
  readonly threeWay: boolean;
}

const us = (
  code: string,
  o: Pick<GammaSport, 'id' | 'name' | 'rulesLeague' | 'resolution' | 'seriesId'> & {
    tagId: string;
    seasonYear: GammaSport['seasonYear'];
    seasonStartMonth: number;
    rules?: RulesStyle;
  },
): GammaSport => ({
  id: o.id,
  code,
  name: o.name,
  rulesLeague: o.rulesLeague,
  ordering: 'away',
  resolution: o.resolution,
  tag: { id: o.tagId, label: o.rulesLeague, slug: code },
  extraTagIds: [],
  seriesId: o.seriesId,
  seriesPrefix: code,
  seasonYear: o.seasonYear,
  seasonStartMonth: o.seasonStartMonth,
  rules: o.rules ?? 'us_league',
  threeWay: false,
});

const soccer = (
  code: string,
  o: Pick<GammaSport, 'id' | 'name' | 'resolution' | 'seriesId' | 'seriesPrefix'> & {
    tagId: string;
    extraTagIds?: readonly string[];
    seasonYear?: GammaSport['seasonYear'];
  },
): GammaSport => ({
  id: o.id,
  code,
  name: o.name,
  rulesLeague: o.name,
  ordering: 'home',
  resolution: o.resolution,
  tag: { id: o.tagId, label: o.name, slug: code },
  extraTagIds: o.extraTagIds ?? [],
  seriesId: o.seriesId,
  seriesPrefix: o.seriesPrefix,
  seasonYear: o.seasonYear ?? 'start',
  seasonStartMonth: 7,
  rules: 'soccer',
  threeWay: true,
});

export const GAMMA_SPORTS = {
  nfl: us('nfl', {
    id: 10,
    name: 'NFL',
    rulesLeague: 'NFL',
    resolution: 'https://www.nfl.com/scores',
    seriesId: '10187',
    tagId: '450',
    seasonYear: 'start',
    seasonStartMonth: 8,
    rules: 'nfl',
  }),
  nba: us('nba', {
    id: 34,
    name: 'NBA',
    rulesLeague: 'NBA',
    resolution: 'https://www.nba.com/',
    seriesId: '10345',
    tagId: '745',
    seasonYear: 'end',
    seasonStartMonth: 10,
  }),
  nhl: us('nhl', {
    id: 35,
    name: 'NHL',
    rulesLeague: 'NHL',
    resolution: 'https://www.nhl.com/',
    seriesId: '10346',
    tagId: '899',
    seasonYear: 'end',
    seasonStartMonth: 10,
  }),
  mlb: us('mlb', {
    id: 36,
    name: 'MLB',
    rulesLeague: 'MLB',
    resolution: 'https://www.mlb.com/',
    seriesId: '10347',
    tagId: '100381',
    seasonYear: 'calendar',
    seasonStartMonth: 3,
  }),
  cfb: us('cfb', {
    id: 37,
    name: 'College Football',
    rulesLeague: 'CFB',
    resolution: 'https://www.ncaa.com/scoreboard/football/fbs',
    seriesId: '10348',
    tagId: '100351',
    seasonYear: 'start',
    seasonStartMonth: 8,
  }),
  cbb: us('cbb', {
    id: 38,
    name: 'College Basketball',
    rulesLeague: 'CBB',
    resolution: 'https://www.ncaa.com/scoreboard/basketball-men/d1',
    seriesId: '10349',
    tagId: '100149',
    seasonYear: 'end',
    seasonStartMonth: 11,
  }),
  epl: soccer('epl', {
    id: 2,
    name: 'Premier League',
    resolution: 'https://www.premierleague.com/',
    seriesId: '10188',
    seriesPrefix: 'premier-league',
    tagId: '306',
    extraTagIds: ['82'],
  }),
  lal: soccer('lal', {
    id: 3,
    name: 'LaLiga',
    resolution: 'https://www.laliga.com/',
    seriesId: '10193',
    seriesPrefix: 'la-liga',
    tagId: '780',
  }),
  bun: soccer('bun', {
    id: 7,
    name: 'Bundesliga',
    resolution: 'https://www.bundesliga.com/',
    seriesId: '10194',
    seriesPrefix: 'bundesliga',
    tagId: '1494',
  }),
  sea: soccer('sea', {
    id: 12,
    name: 'Serie A',
    resolution: 'https://www.legaseriea.it/',
    seriesId: '10203',
    seriesPrefix: 'serie-a',
    tagId: '100618',
    extraTagIds: ['101962'],
  }),
  fl1: soccer('fl1', {
    id: 11,
    name: 'Ligue 1',
    resolution: 'https://www.ligue1.com/',
    seriesId: '10195',
    seriesPrefix: 'ligue-1',
    tagId: '102070',
  }),
  mls: soccer('mls', {
    id: 33,
    name: 'MLS',
    resolution: 'https://www.mlssoccer.com/',
    seriesId: '10189',
    seriesPrefix: 'mls',
    tagId: '100100',
    seasonYear: 'calendar',
  }),
  ucl: soccer('ucl', {
    id: 13,
    name: 'UEFA Champions League',
    resolution: 'https://www.uefa.com/uefachampionsleague/',
    seriesId: '10204',
    seriesPrefix: 'champions-league',
    tagId: '100977',
  }),
} as const satisfies Record<string, GammaSport>;

export type GammaSportCode = keyof typeof GAMMA_SPORTS;

/** The season year of the series a game starting at `utcYear`/`utcMonth` (1–12, Eastern) is in. */
export function seasonYearOf(sport: GammaSport, year: number, month: number): number {
  if (sport.seasonYear === 'calendar') return year;
  const inNewSeason = month >= sport.seasonStartMonth;
  if (sport.seasonYear === 'start') return inNewSeason ? year : year - 1;
  return inNewSeason ? year + 1 : year;
}

/** The tag ids a league's game event carries, in the order Gamma lists `sport.tags`. */
export function eventTagIds(sport: GammaSport): string[] {
  const ids = [GAMMA_TAGS.sports.id, ...sport.extraTagIds, sport.tag.id, GAMMA_TAGS.games.id];
  if (sport.threeWay) ids.push(GAMMA_TAGS.soccer.id);
  return ids;
}

/** The tags a league's game event carries, as `{id, label, slug}`. */
export function eventTags(sport: GammaSport): { id: string; label: string; slug: string }[] {
  return eventTagIds(sport).map((id) => {
    const known = [...Object.values(GAMMA_TAGS), sport.tag].find((t) => t.id === id);
    return known ? { ...known } : { id, label: sport.name, slug: `${sport.code}-${id}` };
  });
}

/** One `GET /sports` entry. */
export function sportJson(sport: GammaSport) {
  return {
    id: sport.id,
    sport: sport.code,
    image: `https://polymarket-upload.s3.us-east-2.amazonaws.com/${sport.code}.png`,
    resolution: sport.resolution,
    ordering: sport.ordering,
    tags: eventTagIds(sport).join(','),
    series: sport.seriesId,
  };
}
