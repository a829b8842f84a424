/**
 * Writes a game's listings as the venues list them: a Kalshi `/events` event with nested markets
 * and a Gamma `/events` event, with each venue's team codes and names from the team tables and
 * rules in the venues' real wording (see kalshi-rules.ts and gamma-rules.ts for the sources).
 * For tests, and for a simulated venue that must list markets exactly as the real one does.
 * Where the real wording is not known (Kalshi's soccer `rules_secondary`) the NBA text is used;
 * the matcher reads it like any other. Pure.
 */
import { type LeagueId, type TeamEntry, venueCodeOf, venueNameOf } from '../teams/index.js';
import { easternDate, easternOffsetHours } from './eastern-time.js';
import { LEAGUE_VENUES } from './leagues.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const HOUR = 3_600_000;

export interface ListedGame {
  readonly league: LeagueId;
  readonly home: TeamEntry;
  readonly away: TeamEntry;
  /** Scheduled start, epoch ms. */
  readonly startTs: number;
}

/** Eastern wall-clock parts of an instant. */
function eastern(ts: number) {
  const offset = easternOffsetHours(ts);
  const d = new Date(ts + offset * HOUR);
  const h = d.getUTCHours();
  return {
    date: easternDate(ts),
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    hhmm: `${String(h).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}`,
    clock: `${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`,
    zone: offset === -4 ? 'EDT' : 'EST',
  };
}

/** Decimal token id from a label (deterministic; not a real ERC-1155 id). */
export function syntheticTokenId(label: string): string {
  let h = 1469598103934665603n;
  for (const ch of label) h = ((h ^ BigInt(ch.charCodeAt(0))) * 1099511628211n) % 2n ** 64n;
  return `${h}${String(label.length).padStart(3, '0')}`;
}

/** The ticker of a game's Kalshi event: US leagues away team first, soccer home team first. */
export function kalshiEventTicker(game: ListedGame, opts: { readonly withTime?: boolean } = {}): string {
  const info = LEAGUE_VENUES[game.league];
  const e = eastern(game.startTs);
  const [first, second] = info.threeWay ? [game.home, game.away] : [game.away, game.home];
  const date = `${String(e.year % 100).padStart(2, '0')}${MONTHS[e.month]?.toUpperCase()}${String(e.day).padStart(2, '0')}`;
  const time = (opts.withTime ?? game.league === 'mlb') ? e.hhmm : '';
  return `${info.kalshiSeries}-${date}${time}${venueCodeOf(first, 'kalshi')}${venueCodeOf(second, 'kalshi')}`;
}

const KALSHI_COMPETITION: Readonly<Record<LeagueId, string>> = {
  nfl: 'Pro Football',
  nba: 'Pro Basketball',
  nhl: 'NHL',
  mlb: 'professional baseball',
  'college-football': 'college football',
  'mens-college-basketball': 'college basketball',
  'eng.1': 'professional EPL soccer',
  'usa.1': 'professional MLS soccer',
  'uefa.champions': 'Champions League',
};

/** A Kalshi game event with its markets nested, as `GET /events?with_nested_markets=true` sends it. */
export function kalshiEventJson(
  game: ListedGame,
  opts: { readonly withTime?: boolean; readonly drawSuffix?: 'TIE' | 'DRAW' } = {},
): Record<string, unknown> {
  const info = LEAGUE_VENUES[game.league];
  const eventTicker = kalshiEventTicker(game, opts);
  const e = eastern(game.startTs);
  const withTime = opts.withTime ?? game.league === 'mlb';
  const [first, second] = info.threeWay ? [game.home, game.away] : [game.away, game.home];
  const matchName = (t: TeamEntry) =>
    game.league === 'nfl' ? `${venueCodeOf(t, 'kalshi')} ${t.nickname}` : venueNameOf(t, 'kalshi');
  const gameText = `${matchName(first)} vs ${matchName(second)} ${KALSHI_COMPETITION[game.league]} ${
    info.kalshiCompetitions[0] === 'champions league' ? 'match' : 'game'
  }`;
  const scheduled = `${MONTHS[e.month]} ${e.day}, ${e.year}${withTime ? ` at ${e.clock} ${e.zone}` : ''}`;
  const regulation = info.threeWay
    ? ' after 90 minutes plus stoppage time (does not include extra time or penalties)'
    : '';
  const secondary =
    game.league === 'nfl'
      ? `The following market refers to the team who wins the ${gameText} originally scheduled for ${scheduled}. If the game ends in a tie, the market will resolve to $0.50 for each team. If the game is postponed but begins within 48 hours from its originally scheduled start time, the market will remain open and resolve based on the official final result. If the game is not started within 48 hours, the market will resolve to a fair price.\n\nKalshi is not affiliated, associated, authorized, endorsed by, or in any way officially connected with the Governing League. All trademarks, logos, and brand names are the property of their respective owners.`
      : 'If the game is postponed but begins within 48 hours of its originally scheduled start time, the market will remain open and resolve based on the official final result. If the game is cancelled or not started within 48 hours of its originally scheduled start, all markets will resolve to a fair price.';
  const iso = (ts: number) => new Date(ts).toISOString().replace('.000Z', 'Z');
  const market = (suffix: string, subTitle: string, primary: string) => ({
    ticker: `${eventTicker}-${suffix}`,
    event_ticker: eventTicker,
    market_type: 'binary',
    title: `${subTitle} wins`,
    yes_sub_title: subTitle,
    no_sub_title: subTitle,
    status: 'active',
    result: '',
    can_close_early: true,
    open_time: iso(game.startTs - 10 * 24 * HOUR),
    close_time: iso(game.startTs + 48 * HOUR),
    latest_expiration_time: iso(game.startTs + 48 * HOUR),
    expected_expiration_time: iso(game.startTs + 3 * HOUR),
    occurrence_datetime: iso(game.startTs + 3 * HOUR),
    price_level_structure: 'linear_cent',
    price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
    strike_type: 'structured',
    rules_primary: primary,
    rules_secondary: secondary,
    exchange_index: game.league === 'mlb' ? 3 : 0,
  });
  const teamMarket = (t: TeamEntry) =>
    market(
      venueCodeOf(t, 'kalshi'),
      venueNameOf(t, 'kalshi'),
      `If ${venueNameOf(t, 'kalshi')} wins the ${gameText} originally scheduled for ${scheduled}${regulation}, then the market resolves to Yes.`,
    );
  const markets = [teamMarket(first), teamMarket(second)];
  if (info.threeWay)
    markets.push(
      market(
        opts.drawSuffix ?? 'TIE',
        'Tie',
        `If Tie is the result of the ${gameText} originally scheduled for ${scheduled}${regulation}, then the market resolves to Yes.`,
      ),
    );
  return {
    event_ticker: eventTicker,
    series_ticker: info.kalshiSeries,
    title: `${matchName(first)} vs ${matchName(second)}`,
    sub_title: `${venueCodeOf(first, 'kalshi')} vs ${venueCodeOf(second, 'kalshi')} (${MONTHS[e.month]} ${e.day})`,
    product_metadata: { competition: KALSHI_COMPETITION[game.league], competition_scope: 'Game' },
    mutually_exclusive: true,
    markets,
  };
}

/** Gamma's `gameStartTime` text: "2026-04-18 01:38:00+00". */
function gammaTime(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}+00`;
}

/** The Gamma slug: US leagues away team first, soccer home team first. */
export function gammaSlug(game: ListedGame): string {
  const info = LEAGUE_VENUES[game.league];
  const [first, second] = info.threeWay ? [game.home, game.away] : [game.away, game.home];
  return `${info.gammaPrefix}-${venueCodeOf(first, 'gamma')}-${venueCodeOf(second, 'gamma')}-${easternDate(game.startTs)}`;
}

/** A Gamma sports event with its moneyline market(s), as `GET /events` sends it. */
export function gammaEventJson(
  game: ListedGame,
  opts: { readonly eventId?: string } = {},
): Record<string, unknown> {
  const info = LEAGUE_VENUES[game.league];
  const slug = gammaSlug(game);
  const e = eastern(game.startTs);
  const label = (t: TeamEntry) => venueNameOf(t, 'gamma');
  const base = {
    active: true,
    closed: false,
    version: 'v1',
    negRisk: info.threeWay,
    orderPriceMinTickSize: 0.01,
    orderMinSize: 5,
    feeSchedule: { rate: 0.03, exponent: 1 },
    sportsMarketType: 'moneyline',
    gameStartTime: gammaTime(game.startTs),
  };
  const conditionId = (tag: string) => `0x${syntheticTokenId(`${slug}:${tag}`).padStart(64, '0').slice(-64)}`;
  let markets: Record<string, unknown>[];
  if (!info.threeWay) {
    const [a, b] = [game.away, game.home];
    const tie =
      game.league === 'nfl'
        ? 'If the game is canceled entirely or ends in a tie, with no make-up game, this market will resolve 50-50.'
        : 'If the game is canceled entirely, with no make-up game, this market will resolve 50-50.';
    const overtime =
      game.league === 'nfl'
        ? ''
        : game.league === 'nhl'
          ? "\nThe result will be determined based on the final score including any overtime periods and shootouts. In the event of a shootout, one goal will be added to the winning team's score for the purpose of resolution."
          : '\nThe result will be determined based on the final score including any overtime periods.';
    const word = info.gammaLeagueWord ? `${info.gammaLeagueWord} ` : '';
    markets = [
      {
        ...base,
        id: `${syntheticTokenId(slug).slice(0, 7)}`,
        question: `${label(a)} vs. ${label(b)}`,
        conditionId: conditionId('ml'),
        slug: `${slug}-moneyline`,
        outcomes: JSON.stringify([label(a), label(b)]),
        clobTokenIds: JSON.stringify([syntheticTokenId(`${slug}:a`), syntheticTokenId(`${slug}:h`)]),
        description: `In the upcoming ${word}game, scheduled for ${LONG_MONTHS[e.month]} ${e.day} at ${e.clock.replace(' ', '')} ET:\nIf the ${label(a)} win, the market will resolve to "${label(a)}".\nIf the ${label(b)} win, the market will resolve to "${label(b)}".\nIf the game is postponed, this market will remain open until the game has been completed.\n${tie}${overtime}`,
      },
    ];
  } else {
    const intro = `In the upcoming game, scheduled for ${LONG_MONTHS[e.month]} ${e.day}, ${e.year}`;
    const tail =
      'If the game is postponed, this market will remain open until the game has been completed.\n';
    const reg =
      'This market refers only to the outcome within the first 90 minutes of regular play plus stoppage time.';
    const yesNo = (tag: string, question: string, title: string, description: string) => ({
      ...base,
      id: syntheticTokenId(`${slug}:${tag}`).slice(0, 7),
      question,
      groupItemTitle: title,
      conditionId: conditionId(tag),
      slug: `${slug}-${tag}`,
      outcomes: JSON.stringify(['Yes', 'No']),
      clobTokenIds: JSON.stringify([
        syntheticTokenId(`${slug}:${tag}:yes`),
        syntheticTokenId(`${slug}:${tag}:no`),
      ]),
      description,
    });
    const team = (t: TeamEntry) =>
      yesNo(
        venueCodeOf(t, 'gamma'),
        `Will ${t.name} win on ${e.date}?`,
        t.name,
        `${intro}\nIf ${t.name} wins, this market will resolve to "Yes".\nOtherwise, this market will resolve to "No".\n${tail}If the game is canceled entirely, with no make-up game, this market will resolve "No".\n${reg}`,
      );
    markets = [
      team(game.home),
      yesNo(
        'draw',
        `Will ${game.home.name} vs. ${game.away.name} end in a draw?`,
        `Draw (${game.home.name} vs. ${game.away.name})`,
        `${intro}\nIf the game ends in a draw, this market will resolve to "Yes".\nOtherwise, this market will resolve to "No".\n${tail}If the game is canceled entirely, with no make-up game, this market will resolve to "Yes".\n${reg}`,
      ),
      team(game.away),
    ];
  }
  const teamJson = (t: TeamEntry, ordering: 'home' | 'away') => ({
    name: info.threeWay ? t.name : t.nickname,
    abbreviation: venueCodeOf(t, 'gamma'),
    alias: info.threeWay ? t.shortName : t.nickname,
    ordering,
  });
  return {
    id: opts.eventId ?? syntheticTokenId(slug).slice(0, 6),
    slug,
    title: `${label(game.away)} vs. ${label(game.home)}`,
    startTime: new Date(game.startTs).toISOString(),
    seriesSlug: `${info.gammaPrefix}-${e.year}`,
    active: true,
    closed: false,
    ended: false,
    negRisk: info.threeWay,
    teams: [teamJson(game.away, 'away'), teamJson(game.home, 'home')],
    markets,
  };
}
