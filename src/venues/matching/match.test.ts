/**
 * The matcher on real payloads and the reference's examples (matching.md): the captured Kalshi
 * NFL market (TB@DAL, dated Oct 8 Eastern, starting 00:15 UTC Oct 9), MLB's HHMM doubleheaders,
 * Gamma's mlb-sd-laa-2026-04-17 starting 01:38 UTC the next day, soccer's three outcomes, the
 * BUF–CLE game ESPN shows at a neutral site, renamed teams, and every refusal with its reason.
 */
import { describe, expect, it } from 'vitest';
import type { GameScheduled, TeamRef } from '../../core/events.js';
import { asEventId, asGameId } from '../../core/ids.js';
import type { Sport } from '../../core/instruments.js';
import type { Ppm } from '../../core/money.js';
import { readSharedJson } from '../kalshi/fixtures/load.js';
import { type LeagueId, teamByEspnAbbreviation } from '../teams/index.js';
import { type FeedGame, feedGameOf } from './feed-game.js';
import { gammaListingFromRaw } from './gamma-listing.js';
import { kalshiListingFromRaw } from './kalshi-listing.js';
import { LEAGUE_VENUES } from './leagues.js';
import { gammaEventJson, kalshiEventJson } from './listing-writer.js';
import { matchListings } from './match.js';

const FEES = { feeType: 'quadratic', feeMultiplier: 1_000_000 as Ppm } as const;
const kalshi = (raw: unknown) => kalshiListingFromRaw(raw, { seriesFees: FEES, simulated: false });
const gamma = (raw: unknown) => gammaListingFromRaw(raw, { simulated: false });

function announce(opts: {
  id: string;
  league?: LeagueId;
  sport?: Sport;
  home: TeamRef | string;
  away: TeamRef | string;
  start: string;
  neutralSite?: boolean;
}): GameScheduled {
  const ref = (t: TeamRef | string): TeamRef =>
    typeof t === 'string' ? { espnId: null, abbreviation: t, name: null, shortName: null } : t;
  const home = ref(opts.home);
  const away = ref(opts.away);
  const withTeams = typeof opts.home !== 'string';
  return {
    type: 'GameScheduled',
    id: asEventId(`announce-${opts.id}`),
    ts: 0,
    gameId: asGameId(opts.id),
    sport: opts.sport ?? LEAGUE_VENUES[opts.league ?? 'nfl'].sport,
    homeTeam: home.abbreviation,
    awayTeam: away.abbreviation,
    startTs: Date.parse(opts.start),
    homeSpread: 0,
    season: 2026,
    week: 1,
    seasonType: 'REG',
    ...(opts.league ? { league: opts.league } : {}),
    ...(withTeams ? { teams: { home, away } } : {}),
    ...(opts.neutralSite === undefined ? {} : { neutralSite: opts.neutralSite }),
  };
}

function feed(...events: GameScheduled[]): FeedGame[] {
  return events.map((e) => {
    const r = feedGameOf(e);
    if (!r.ok) throw new Error(r.problem);
    return r.game;
  });
}

/** ESPN's team as a feed would announce it, from the table. */
function espn(league: LeagueId, abbr: string): TeamRef {
  const t = teamByEspnAbbreviation(league, abbr);
  if (!t) throw new Error(`no ${league} ${abbr}`);
  return { espnId: t.espnIds[0] ?? null, abbreviation: abbr, name: t.name, shortName: t.shortName };
}

// ---- the real Kalshi NFL market ---------------------------------------------------------------
const realDal = (
  readSharedJson('markets/kalshi_markets__ticker_KXNFLGAME-26OCT08TBDAL-DAL.json') as {
    market: Record<string, string>;
  }
).market;
/** Its sibling, as Kalshi lists it: the same market for Tampa Bay. */
const realTb = {
  ...realDal,
  ticker: 'KXNFLGAME-26OCT08TBDAL-TB',
  title: 'Tampa Bay wins',
  yes_sub_title: 'Tampa Bay',
  no_sub_title: 'Tampa Bay',
  rules_primary: (realDal.rules_primary as string).replace('If Dallas wins', 'If Tampa Bay wins'),
};
const tbDalEvent = (markets: unknown[] = [realDal, realTb]) => ({
  event_ticker: 'KXNFLGAME-26OCT08TBDAL',
  series_ticker: 'KXNFLGAME',
  title: 'TB Buccaneers vs DAL Cowboys',
  sub_title: 'TB vs DAL (Oct 8)',
  product_metadata: { competition: 'Pro Football', competition_scope: 'Game' },
  mutually_exclusive: true,
  markets,
});
const tbAtDal = (id = 'tb-dal', start = '2026-10-09T00:15Z') =>
  announce({ id, league: 'nfl', home: espn('nfl', 'DAL'), away: espn('nfl', 'TB'), start });

describe('the real KXNFLGAME market', () => {
  it('maps both teams of TB@DAL (Oct 8 Eastern, 00:15 UTC Oct 9) with terms read from its rules', () => {
    const r = matchListings({ games: feed(tbAtDal()), listings: [kalshi(tbDalEvent())] });
    expect(r.unmapped).toEqual([]);
    expect(r.mapped.map((m) => [m.instrument.symbol, m.instrument.outcome])).toEqual([
      ['KXNFLGAME-26OCT08TBDAL-DAL', 'home_win'],
      ['KXNFLGAME-26OCT08TBDAL-TB', 'away_win'],
    ]);
    const dal = r.mapped[0];
    expect(dal?.instrument).toMatchObject({
      instrumentId: 'kalshi:KXNFLGAME-26OCT08TBDAL-DAL',
      venue: 'kalshi',
      gameId: 'tb-dal',
      outcomeId: 'tb-dal/home_win',
      tickSize: 10_000,
      settlement: {
        includesOvertime: true,
        drawPossible: true,
        drawPayout: 'half',
        postponement: 'follows_rescheduled_game',
        postponementWindowHours: 48,
        unplayedPayout: 'fair_price',
      },
      simulated: false,
    });
    expect(dal?.evidence).toMatchObject({
      listing: 'KXNFLGAME-26OCT08TBDAL',
      market: 'KXNFLGAME-26OCT08TBDAL-DAL',
      feedGameId: 'tb-dal',
      startTimeDiffMs: null,
      startTimeBasis: 'kalshi_ticker_date',
      doubleheader: false,
      neutralSite: false,
      teams: [
        {
          side: 'home',
          feedAbbreviation: 'DAL',
          venueCode: 'DAL',
          venueNames: ['Dallas', 'Dallas'],
          matchedBy: 'table',
          codeVerified: true,
        },
        { side: 'away', feedAbbreviation: 'TB', venueCode: 'TB', matchedBy: 'table', codeVerified: true },
      ],
    });
    expect(dal?.evidence.rules.map((e) => e.term)).toEqual([
      'winner',
      'overtime',
      'draw',
      'postponement',
      'unplayed',
    ]);
  });

  it('compares Eastern dates: the same game a day later is "start time differs", two that day are ambiguous', () => {
    const late = matchListings({
      games: feed(tbAtDal('late', '2026-10-10T00:15Z')),
      listings: [kalshi(tbDalEvent())],
    });
    expect(late.mapped).toEqual([]);
    expect(late.unmapped[0]?.reason).toMatchObject({
      kind: 'start_time_differs',
      gameId: 'late',
      diffMinutes: null,
    });
    const two = matchListings({
      games: feed(tbAtDal('a', '2026-10-08T17:00Z'), tbAtDal('b', '2026-10-09T00:15Z')),
      listings: [kalshi(tbDalEvent())],
    });
    expect(two.unmapped[0]?.reason).toEqual({ kind: 'two_candidate_games', gameIds: ['a', 'b'] });
    const far = matchListings({
      games: feed(tbAtDal('far', '2026-12-20T18:00Z')),
      listings: [kalshi(tbDalEvent())],
    });
    expect(far.unmapped[0]?.reason.kind).toBe('no_feed_game');
  });

  it('refuses a listing whose code and names disagree, an unknown code, closed or unopened markets, unknown fees', () => {
    const games = feed(tbAtDal());
    const conflict = { ...realDal, yes_sub_title: 'Tampa Bay', no_sub_title: 'Tampa Bay' };
    expect(
      matchListings({ games, listings: [kalshi(tbDalEvent([conflict, realTb]))] }).unmapped[0]?.reason.kind,
    ).toBe('team_conflict');
    const unknown = {
      ...tbDalEvent([
        { ...realDal, ticker: 'KXNFLGAME-26OCT08XYZDAL-DAL', event_ticker: 'KXNFLGAME-26OCT08XYZDAL' },
        {
          ...realTb,
          ticker: 'KXNFLGAME-26OCT08XYZDAL-XYZ',
          event_ticker: 'KXNFLGAME-26OCT08XYZDAL',
          yes_sub_title: 'Springfield',
          rules_primary: (realDal.rules_primary as string).replace('If Dallas wins', 'If Springfield wins'),
        },
      ]),
      event_ticker: 'KXNFLGAME-26OCT08XYZDAL',
    };
    const u = matchListings({ games, listings: [kalshi(unknown)] }).unmapped[0];
    expect(u?.reason).toEqual({ kind: 'unknown_team', team: 'nfl XYZ (Springfield)' });
    expect(u?.message).toMatch(/XYZ/);
    const closed = kalshi(tbDalEvent([{ ...realDal, status: 'finalized', result: 'yes' }, realTb]));
    expect(matchListings({ games, listings: [closed] }).unmapped[0]?.reason).toEqual({
      kind: 'closed',
      status: 'KXNFLGAME-26OCT08TBDAL-DAL finalized',
    });
    const early = kalshi(tbDalEvent([{ ...realDal, status: 'initialized' }, realTb]));
    expect(matchListings({ games, listings: [early] }).unmapped[0]?.reason.kind).toBe('not_open');
    const noFees = kalshiListingFromRaw(tbDalEvent(), { seriesFees: 'flat-fee series', simulated: false });
    expect(matchListings({ games, listings: [noFees] }).unmapped[0]?.reason).toEqual({
      kind: 'fees_unknown',
      detail: 'flat-fee series',
    });
  });

  it('refuses rules it cannot read, naming the market and the sentence', () => {
    const games = feed(tbAtDal());
    const missing = matchListings({
      games,
      listings: [kalshi(tbDalEvent([{ ...realDal, rules_primary: '' }, realTb]))],
    });
    expect(missing.unmapped[0]?.reason).toEqual({
      kind: 'rules_missing',
      market: 'KXNFLGAME-26OCT08TBDAL-DAL',
    });
    const odd = { ...realTb, rules_secondary: 'If the game is moved to London, the market resolves to No.' };
    const r = matchListings({ games, listings: [kalshi(tbDalEvent([realDal, odd]))] });
    expect(r.mapped).toEqual([]);
    expect(r.unmapped[0]?.reason).toEqual({
      kind: 'rules_not_understood',
      market: 'KXNFLGAME-26OCT08TBDAL-TB',
      sentence: 'If the game is moved to London, the market resolves to No.',
    });
    // The rules of the TB market naming Dallas: they say the other team wins.
    const swapped = { ...realTb, rules_primary: realDal.rules_primary };
    expect(
      matchListings({ games, listings: [kalshi(tbDalEvent([realDal, swapped]))] }).unmapped[0]?.reason.kind,
    ).toBe('team_conflict');
  });

  it('reads junk as an unmapped listing, never a throw', () => {
    const junk = [
      7,
      null,
      {},
      { event_ticker: 'KXNFLGAME-26OCT08TBDAL', series_ticker: 'KXNFLGAME', markets: 'no' },
    ];
    const r = matchListings({ games: feed(tbAtDal()), listings: junk.map(kalshi) });
    expect(r.mapped).toEqual([]);
    expect(r.unmapped.map((u) => u.reason.kind)).toEqual(Array(4).fill('malformed_listing'));
    expect(r.unmapped[3]?.listing).toBe('KXNFLGAME-26OCT08TBDAL');
    const bad = tbDalEvent([{ ...realDal, yes_bid_dollars: 0.5 }, realTb]);
    expect(matchListings({ games: feed(tbAtDal()), listings: [kalshi(bad)] }).unmapped[0]?.message).toMatch(
      /yes_bid_dollars/,
    );
  });
});

// ---- MLB doubleheaders ------------------------------------------------------------------------
const NBA_SECONDARY =
  'If the game is postponed but begins within 48 hours of its originally scheduled start time, the market will remain open and resolve based on the official final result. If the game is cancelled or not started within 48 hours of its originally scheduled start, all markets will resolve to a fair price.';
function mlbEvent(eventTicker: string, time: string) {
  const market = (code: string, name: string) => ({
    ...realDal,
    ticker: `${eventTicker}-${code}`,
    event_ticker: eventTicker,
    title: `${name} wins`,
    yes_sub_title: name,
    no_sub_title: name,
    rules_primary: `If ${name} wins the Kansas City vs Chicago WS professional baseball game originally scheduled for Jun 26, 2026${time}, then the market resolves to Yes.`,
    rules_secondary: NBA_SECONDARY,
  });
  return {
    event_ticker: eventTicker,
    series_ticker: 'KXMLBGAME',
    markets: [market('KC', 'Kansas City'), market('CWS', 'Chicago WS')],
  };
}
const kcAtChw = (id: string, start: string) =>
  announce({ id, league: 'mlb', home: espn('mlb', 'CHW'), away: espn('mlb', 'KC'), start });

describe('MLB: the HHMM of the ticker tells doubleheader games apart', () => {
  it('KXMLBGAME-26JUN261940KCCWS is the 19:40 EDT game (23:40 UTC), not the afternoon one', () => {
    const games = feed(kcAtChw('g1', '2026-06-26T17:10Z'), kcAtChw('g2', '2026-06-26T23:40Z'));
    const r = matchListings({
      games,
      listings: [kalshi(mlbEvent('KXMLBGAME-26JUN261940KCCWS', ' at 7:40 PM EDT'))],
    });
    expect(r.unmapped).toEqual([]);
    expect(r.mapped.map((m) => [m.instrument.symbol, m.instrument.gameId, m.instrument.outcome])).toEqual([
      ['KXMLBGAME-26JUN261940KCCWS-KC', 'g2', 'away_win'],
      ['KXMLBGAME-26JUN261940KCCWS-CWS', 'g2', 'home_win'],
    ]);
    expect(r.mapped[0]?.evidence).toMatchObject({ startTimeDiffMs: 0, startTimeBasis: 'kalshi_ticker_time' });
  });

  it('never matches by a shared location: "Chicago" with an unknown code is ambiguous, not the White Sox', () => {
    const event = mlbEvent('KXMLBGAME-26JUN261940KCCHX', ' at 7:40 PM EDT') as {
      markets: Record<string, unknown>[];
    };
    const cws = event.markets[1] as Record<string, unknown>;
    const chx = {
      ...cws,
      ticker: 'KXMLBGAME-26JUN261940KCCHX-CHX',
      yes_sub_title: 'Chicago',
      no_sub_title: 'Chicago',
      rules_primary: (cws.rules_primary as string).replace('If Chicago WS wins', 'If Chicago wins'),
    };
    const r = matchListings({
      games: feed(kcAtChw('g', '2026-06-26T23:40Z')),
      listings: [kalshi({ ...event, markets: [event.markets[0], chx] })],
    });
    expect(r.mapped).toEqual([]);
    expect(r.unmapped[0]?.reason).toMatchObject({
      kind: 'ambiguous_team',
      candidates: ['Chicago Cubs', 'Chicago White Sox'],
    });
  });

  it('two games within 3 h: the one within 30 min; two within 30 min: refused', () => {
    const close = matchListings({
      games: feed(kcAtChw('g1', '2026-06-26T21:05Z'), kcAtChw('g2', '2026-06-26T23:45Z')),
      listings: [kalshi(mlbEvent('KXMLBGAME-26JUN261940KCCWS', ''))],
    });
    expect(close.mapped[0]?.instrument.gameId).toBe('g2');
    expect(close.mapped[0]?.evidence).toMatchObject({ doubleheader: true, startTimeDiffMs: -5 * 60_000 });
    const tooClose = matchListings({
      games: feed(kcAtChw('g1', '2026-06-26T23:30Z'), kcAtChw('g2', '2026-06-26T23:50Z')),
      listings: [kalshi(mlbEvent('KXMLBGAME-26JUN261940KCCWS', ''))],
    });
    expect(tooClose.unmapped[0]?.reason).toEqual({ kind: 'two_candidate_games', gameIds: ['g1', 'g2'] });
    const late = matchListings({
      games: feed(kcAtChw('g1', '2026-06-27T03:45Z')),
      listings: [kalshi(mlbEvent('KXMLBGAME-26JUN261940KCCWS', ''))],
    });
    expect(late.unmapped[0]?.reason).toMatchObject({
      kind: 'start_time_differs',
      gameId: 'g1',
      diffMinutes: -245,
    });
  });
});

// ---- Gamma ------------------------------------------------------------------------------------
const MLB_DESCRIPTION =
  'In the upcoming MLB game, scheduled for April 17 at 9:38PM ET:\nIf the Padres win, the market will resolve to "Padres".\nIf the Angels win, the market will resolve to "Angels".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely, with no make-up game, this market will resolve 50-50.\nThe result will be determined based on the final score including any overtime periods.';
const sdLaa = (over: Record<string, unknown> = {}, market: Record<string, unknown> = {}) => ({
  id: '301',
  slug: 'mlb-sd-laa-2026-04-17',
  title: 'Padres vs. Angels',
  startTime: '2026-04-18T01:38:00Z',
  teams: [
    { name: 'Padres', abbreviation: 'sd', alias: 'Padres', ordering: 'away' },
    { name: 'Angels', abbreviation: 'laa', alias: 'Angels', ordering: 'home' },
  ],
  markets: [
    {
      id: '9001',
      conditionId: `0x${'ab'.repeat(32)}`,
      question: 'Padres vs. Angels',
      outcomes: '["Padres","Angels"]',
      clobTokenIds: '["111","222"]',
      orderPriceMinTickSize: 0.01,
      feeSchedule: { rate: 0.03, exponent: 1 },
      sportsMarketType: 'moneyline',
      gameStartTime: '2026-04-18 01:38:00+00',
      description: MLB_DESCRIPTION,
      ...market,
    },
  ],
  ...over,
});
const sdAtLaa = (start = '2026-04-18T01:38Z') =>
  announce({ id: 'sd-laa', league: 'mlb', home: espn('mlb', 'LAA'), away: espn('mlb', 'SD'), start });

describe('Gamma listings', () => {
  it('mlb-sd-laa-2026-04-17 (an Eastern date) is the game at 01:38 UTC on the 18th', () => {
    const r = matchListings({ games: feed(sdAtLaa()), listings: [gamma(sdLaa())] });
    expect(r.unmapped).toEqual([]);
    expect(r.mapped.map((m) => [m.instrument.instrumentId, m.instrument.outcome])).toEqual([
      ['polymarket:111', 'away_win'],
      ['polymarket:222', 'home_win'],
    ]);
    expect(r.mapped[0]?.instrument.fees).toEqual({ kind: 'polymarket_taker', ratePpm: 30_000, exponent: 1 });
    expect(r.mapped[0]?.evidence).toMatchObject({
      startTimeDiffMs: 0,
      startTimeBasis: 'gamma_game_start_time',
    });
    expect(r.mapped[0]?.instrument.settlement).toMatchObject({
      unplayedPayout: 'half',
      postponementWindowHours: null,
    });
  });

  it('refuses a start far from its own slug date, closed or ended events, and two events for one game', () => {
    const games = feed(sdAtLaa());
    const drift = gamma(sdLaa({}, { gameStartTime: '2026-07-28 01:38:00+00' }));
    expect(matchListings({ games, listings: [drift] }).unmapped[0]?.reason.kind).toBe('malformed_listing');
    expect(matchListings({ games, listings: [gamma(sdLaa({ ended: true }))] }).unmapped[0]?.reason).toEqual({
      kind: 'closed',
      status: 'ended',
    });
    const twice = matchListings({
      games,
      listings: [gamma(sdLaa()), gamma(sdLaa({ id: '302', slug: 'mlb-sd-laa-2026-04-17-g2' }))],
    });
    expect(twice.mapped).toEqual([]);
    expect(twice.unmapped.map((u) => u.reason.kind)).toEqual(['duplicate_listing', 'duplicate_listing']);
  });

  it('refuses an outcome the rules do not name, and junk', () => {
    const games = feed(sdAtLaa());
    const r = matchListings({ games, listings: [gamma(sdLaa({}, { outcomes: '["Padres","Dodgers"]' }))] });
    expect(r.unmapped[0]?.reason.kind).toBe('rules_contradict_listing');
    const junk = matchListings({
      games,
      listings: [gamma(null), gamma({ slug: 5 }), gamma({ id: '1', slug: 'mlb-x', markets: [{}] })],
    });
    expect(junk.unmapped.map((u) => u.reason.kind)).toEqual([
      'malformed_listing',
      'malformed_listing',
      'malformed_listing',
    ]);
  });
});

// ---- soccer: three outcomes on both venues ----------------------------------------------------
describe('soccer', () => {
  const league = 'eng.1';
  const man = teamByEspnAbbreviation(league, 'MAN');
  const tot = teamByEspnAbbreviation(league, 'TOT');
  if (!man || !tot) throw new Error('table');
  const startTs = Date.parse('2026-10-10T14:00Z');
  const game = { league, home: man, away: tot, startTs } as const;
  const games = () =>
    feed(
      announce({
        id: 'mun-tot',
        league,
        home: espn(league, 'MAN'),
        away: espn(league, 'TOT'),
        start: '2026-10-10T14:00Z',
      }),
    );

  it('maps Kalshi MUN/TOT/TIE and Gamma home/draw/away to the three results of one game', () => {
    const r = matchListings({
      games: games(),
      listings: [kalshi(kalshiEventJson(game, { drawSuffix: 'DRAW' })), gamma(gammaEventJson(game))],
    });
    expect(r.unmapped).toEqual([]);
    const byVenue = (v: string) =>
      r.mapped
        .filter((m) => m.instrument.venue === v)
        .map((m) => m.instrument.outcome)
        .sort();
    expect(byVenue('kalshi')).toEqual(['away_win', 'draw', 'home_win']);
    expect(byVenue('polymarket')).toEqual(['away_win', 'draw', 'home_win']);
    const kalshiHome = r.mapped.find(
      (m) => m.instrument.venue === 'kalshi' && m.instrument.outcome === 'home_win',
    );
    expect(kalshiHome?.instrument.symbol).toBe('KXEPLGAME-26OCT10MUNTOT-MUN');
    expect(kalshiHome?.instrument.settlement).toMatchObject({
      includesOvertime: false,
      drawPossible: true,
      drawPayout: 'none',
    });
  });

  it('refuses a tie market whose sub-title names a team', () => {
    const event = kalshiEventJson(game) as { markets: Record<string, unknown>[] };
    const tie = { ...(event.markets[2] as Record<string, unknown>), yes_sub_title: 'Manchester United' };
    const r = matchListings({
      games: games(),
      listings: [kalshi({ ...event, markets: [event.markets[0], event.markets[1], tie] })],
    });
    expect(r.unmapped[0]?.reason).toMatchObject({
      kind: 'rules_contradict_listing',
      market: 'KXEPLGAME-26OCT10MUNTOT-TIE',
    });
  });

  it('never pairs a two-way listing with the three-way game', () => {
    const twoWayKalshi = kalshiEventJson(game) as { markets: unknown[] };
    const k = kalshi({ ...twoWayKalshi, markets: twoWayKalshi.markets.slice(0, 2) });
    // A team-vs-team moneyline (as US leagues list) for a soccer game.
    const pm = gamma({ ...gammaEventJson(game), markets: sdLaa().markets });
    const r = matchListings({ games: games(), listings: [k, pm] });
    expect(r.mapped).toEqual([]);
    expect(r.unmapped.map((u) => u.reason.kind)).toEqual(['two_way_vs_three_way', 'two_way_vs_three_way']);
  });
});

// ---- neutral sites and renamed teams ----------------------------------------------------------
describe('neutral sites and renamed teams', () => {
  // The real ESPN scoreboard of 2022-11-20: CLE at BUF, played in Detroit, BUF the nominal home team.
  const board = readSharedJson(
    'espn/nfl_scoreboard_2022wk11_2022-11-20_8_inprogress__pebble-sports.json',
  ) as {
    events: {
      id: string;
      competitions: {
        date: string;
        neutralSite: boolean;
        competitors: {
          homeAway: string;
          team: { id: string; abbreviation: string; displayName: string; shortDisplayName: string };
        }[];
      }[];
    }[];
  };
  const event = board.events.find((e) =>
    e.competitions[0]?.competitors.some((c) => c.team.abbreviation === 'BUF'),
  );
  const comp = event?.competitions[0];
  if (!event || !comp) throw new Error('BUF game not in the scoreboard');
  const team = (side: string): TeamRef => {
    const c = comp.competitors.find((x) => x.homeAway === side)?.team;
    if (!c) throw new Error(side);
    return { espnId: c.id, abbreviation: c.abbreviation, name: c.displayName, shortName: c.shortDisplayName };
  };
  const game = announce({
    id: event.id,
    league: 'nfl',
    home: team('home'),
    away: team('away'),
    start: comp.date,
    neutralSite: comp.neutralSite,
  });

  it('maps by team identity whichever team the venue lists as home', () => {
    expect(comp.neutralSite).toBe(true);
    const buf = teamByEspnAbbreviation('nfl', 'BUF');
    const cle = teamByEspnAbbreviation('nfl', 'CLE');
    if (!buf || !cle) throw new Error('table');
    // The venue calls Cleveland the home team: BUF's market is still BUF's win, ESPN's home side.
    const venueView = kalshiEventJson({
      league: 'nfl',
      home: cle,
      away: buf,
      startTs: Date.parse(comp.date),
    });
    const r = matchListings({ games: feed(game), listings: [kalshi(venueView)] });
    expect(r.unmapped).toEqual([]);
    const bufMarket = r.mapped.find((m) => m.instrument.symbol.endsWith('-BUF'));
    expect(bufMarket?.instrument.outcome).toBe('home_win');
    expect(bufMarket?.evidence.neutralSite).toBe(true);
  });

  it("knows the replay feed's nflverse codes and the 2020 Washington Football Team", () => {
    // The direct replay announces only sport and nflverse codes: LA (Rams), WAS (Washington).
    const old = feed(
      announce({ id: '2020_17_LA_WAS', sport: 'nfl', home: 'WAS', away: 'LA', start: '2021-01-03T21:25Z' }),
    );
    expect(old[0]?.home.entry?.name).toBe('Washington Commanders');
    const was = teamByEspnAbbreviation('nfl', 'WSH');
    const lar = teamByEspnAbbreviation('nfl', 'LAR');
    if (!was || !lar) throw new Error('table');
    const r = matchListings({
      games: old,
      listings: [
        kalshi(
          kalshiEventJson({ league: 'nfl', home: was, away: lar, startTs: Date.parse('2021-01-03T21:25Z') }),
        ),
      ],
    });
    expect(r.mapped.map((m) => m.instrument.symbol)).toEqual([
      'KXNFLGAME-21JAN03LARWAS-LAR',
      'KXNFLGAME-21JAN03LARWAS-WAS',
    ]);
    // ESPN's name of 2020 resolves to the same team.
    const wft = feed(
      announce({
        id: 'wft',
        league: 'nfl',
        home: {
          espnId: '28',
          abbreviation: 'WSH',
          name: 'Washington Football Team',
          shortName: 'Football Team',
        },
        away: espn('nfl', 'LAR'),
        start: '2021-01-03T21:25Z',
      }),
    );
    expect(wft[0]?.home.entry?.key).toBe('WSH');
  });
});

// ---- college: teams the tables do not hold, matched by name ----------------------------------
describe('college teams outside the tables', () => {
  const espnTeam = (abbreviation: string, name: string, shortName: string): TeamRef => ({
    espnId: null,
    abbreviation,
    name,
    shortName,
  });
  const game = announce({
    id: 'moh-ohio',
    league: 'college-football',
    home: espnTeam('OHIO', 'Ohio Bobcats', 'Ohio'),
    away: espnTeam('M-OH', 'Miami (OH) RedHawks', 'Miami (OH)'),
    start: '2026-10-10T23:30Z',
  });
  const market = (code: string, name: string) => ({
    ...realDal,
    ticker: `KXNCAAFGAME-26OCT10MOHOHIO-${code}`,
    event_ticker: 'KXNCAAFGAME-26OCT10MOHOHIO',
    yes_sub_title: name,
    no_sub_title: name,
    rules_primary: `If ${name} wins the Miami (OH) vs Ohio college football game originally scheduled for Oct 10, 2026, then the market resolves to Yes.`,
    rules_secondary: NBA_SECONDARY,
  });
  const event = (names: [string, string]) => ({
    event_ticker: 'KXNCAAFGAME-26OCT10MOHOHIO',
    series_ticker: 'KXNCAAFGAME',
    markets: [market('MOH', names[0]), market('OHIO', names[1])],
  });

  it('maps by the names both give when neither team is in the table', () => {
    const r = matchListings({ games: feed(game), listings: [kalshi(event(['Miami (OH)', 'Ohio']))] });
    expect(r.unmapped).toEqual([]);
    expect(
      r.mapped.map((m) => [m.instrument.symbol, m.instrument.outcome, m.evidence.teams[0]?.matchedBy]),
    ).toEqual([
      ['KXNCAAFGAME-26OCT10MOHOHIO-MOH', 'away_win', 'names'],
      ['KXNCAAFGAME-26OCT10MOHOHIO-OHIO', 'home_win', 'names'],
    ]);
  });

  it('does not map a name that is only like one ("Miami" is not "Miami (OH)")', () => {
    const r = matchListings({ games: feed(game), listings: [kalshi(event(['Miami', 'Ohio']))] });
    expect(r.mapped).toEqual([]);
    expect(r.unmapped[0]?.reason.kind).toBe('no_feed_game');
  });
});
