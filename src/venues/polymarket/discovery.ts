/**
 * Discovery through Gamma (venues.md §3.2): a league's game events, their moneyline markets,
 * and for each outcome token an instrument with its settlement terms. The token id field is
 * chosen by the market's `version` (parse-market.ts). US team sports have one moneyline market
 * whose two outcomes are the teams; soccer has one Yes/No market per result (home, draw, away),
 * and its YES token is the instrument. The market info each order needs (complement token,
 * tick, neg risk, domain) comes out too, so the client resolves nothing over REST for them.
 */
import { asGameId, type GameId, type InstrumentId } from '../../core/ids.js';
import {
  type OutcomeKind,
  outcomeIdFor as outcomeId,
  type SettlementTerms,
  type Sport,
  type VenueInstrument,
} from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import { soccerMarketResult } from '../matching/gamma-result.js';
import { leagueOfGammaSlug } from '../matching/leagues.js';
import { type ListingSide, listingSide, sideOfName } from '../matching/listing.js';
import { nameKeys } from '../teams/index.js';
import { describePolymarketParseError } from './errors.js';
import { polymarketFeeSchedule } from './fees.js';
import { describeOutcome, type PolymarketHttp } from './http.js';
import { type PolymarketMarketInfo, tickSizeText } from './markets.js';
import { polymarketInstrumentId } from './parse-fields.js';
import { type GammaEvent, type GammaMarket, parseGammaEvent } from './parse-market.js';

/** The Gamma tag of game events (terauss cache warmer; venues.md §3.2). */
export const GAMES_TAG_ID = '100639';

/**
 * @deprecated Assumed, not read: market discovery reads each market's `description`
 * (src/venues/matching/gamma-rules.ts). Kept for the simulator tests that still use it.
 *
 * Settlement per sport as Polymarket's game markets state it: US leagues count overtime and
 * follow a postponed game to its new date; soccer settles on regulation time and can draw.
 * [from market rule texts; not in venues.md — check against a market's `description`]
 */
export function polymarketSettlement(sport: Sport): SettlementTerms {
  if (sport === 'soccer')
    return { includesOvertime: false, drawPossible: true, postponement: 'follows_rescheduled_game' };
  return { includesOvertime: true, drawPossible: sport === 'nfl', postponement: 'follows_rescheduled_game' };
}

export interface DiscoveredGame {
  readonly gameId: GameId;
  readonly event: GammaEvent;
  readonly instruments: readonly VenueInstrument[];
  readonly markets: readonly PolymarketMarketInfo[];
}

export interface DiscoveryResult {
  readonly games: readonly DiscoveredGame[];
  /** Events or markets skipped, each with what was wrong. */
  readonly skipped: readonly string[];
}

/**
 * The event's home and away teams as listing sides: the event's code and names, resolved in the
 * team tables when the slug's league has them (so a nickname outcome such as "Giants" is known).
 */
function eventSides(event: GammaEvent): { home: ListingSide; away: ListingSide } | null {
  const league = leagueOfGammaSlug(event.slug);
  const sideOf = (ordering: 'home' | 'away'): ListingSide | null => {
    const t = event.teams.find((x) => x.ordering === ordering);
    if (!t) return null;
    const names = [t.name, t.alias];
    if (league) return listingSide(league, 'gamma', t.abbreviation, names);
    const clean = names.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
    return { code: t.abbreviation, names: clean, lookup: { kind: 'unknown' }, nameKeys: nameKeys(clean) };
  };
  const home = sideOf('home');
  const away = sideOf('away');
  return home && away ? { home, away } : null;
}

/**
 * Which outcome a token pays on, each name compared whole with the teams' (never by substring):
 * a US moneyline outcome by its label; a soccer Yes/No market's YES token by its slug suffix,
 * title and question (matching/gamma-result.ts).
 */
function outcomeOfToken(
  event: GammaEvent,
  market: GammaMarket,
  label: string | null,
  sides: { home: ListingSide; away: ListingSide },
): OutcomeKind | null {
  const pair = [sides.home, sides.away] as const;
  const kinds = ['home_win', 'away_win'] as const;
  if (label !== null) {
    if (/^(?:draw|tie)$/i.test(label.trim())) return 'draw';
    const side = sideOfName(pair, label);
    return side === null ? null : kinds[side];
  }
  const result = soccerMarketResult({
    league: leagueOfGammaSlug(event.slug),
    eventSlug: event.slug,
    sides: pair,
    market,
  });
  if (!result.ok) return null;
  return result.pays === 'draw' ? 'draw' : kinds[result.pays];
}

export interface DiscoverOptions {
  /** To the Gamma host, best with GAMMA_LIMITS. */
  readonly http: PolymarketHttp;
  readonly sport: Sport;
  /** The slug prefix of the league's events, e.g. `nba` (slugs are `{league}-{away}-{home}-{date}`). */
  readonly league: string;
  readonly gameIdOf?: (event: GammaEvent) => GameId;
  readonly pageSize?: number;
  readonly maxPages?: number;
  /** True when the Gamma host is a simulator. */
  readonly simulated?: boolean;
}

/** The league's open game events from `GET /events`, each mapped to instruments. */
export async function discoverPolymarketGames(opts: DiscoverOptions): Promise<DiscoveryResult> {
  const games: DiscoveredGame[] = [];
  const skipped: string[] = [];
  const pageSize = opts.pageSize ?? 100;
  for (let page = 0; page < (opts.maxPages ?? 20); page++) {
    const outcome = await opts.http.request({
      method: 'GET',
      path: '/events',
      query: {
        tag_id: GAMES_TAG_ID,
        active: 'true',
        closed: 'false',
        limit: String(pageSize),
        offset: String(page * pageSize),
      },
      auth: 'public',
      limit: 'events',
    });
    if (outcome.kind !== 'ok') throw new Error(`Gamma events: ${describeOutcome(outcome)}`);
    if (!Array.isArray(outcome.body)) throw new Error('Gamma events: expected an array');
    for (const raw of outcome.body) {
      const slug = (raw as { slug?: unknown } | null)?.slug;
      if (typeof slug !== 'string' || !slug.startsWith(`${opts.league}-`)) continue;
      const mapped = mapGammaEvent(raw, opts);
      if (mapped.ok) games.push(mapped.game);
      else skipped.push(mapped.reason);
    }
    if (outcome.body.length < pageSize) break;
  }
  return { games, skipped };
}

/**
 * One Gamma event (raw JSON) to a game with instruments, or why not.
 * @deprecated Its terms are assumed per sport; market discovery uses src/venues/matching
 * (gammaListingOf), which reads the rules. Teams are compared whole, as there.
 */
export function mapGammaEvent(
  raw: unknown,
  opts: Pick<DiscoverOptions, 'sport' | 'gameIdOf' | 'simulated'>,
): { ok: true; game: DiscoveredGame } | { ok: false; reason: string } {
  const parsed = parseGammaEvent(raw);
  if (!parsed.ok) return { ok: false, reason: describePolymarketParseError(parsed.error) };
  const event = parsed.value;
  const gameId = opts.gameIdOf?.(event) ?? asGameId(`polymarket:${event.slug}`);
  const sides = eventSides(event);
  if (!sides) return { ok: false, reason: `${event.slug}: the event does not list a home and an away team` };
  const instruments: VenueInstrument[] = [];
  const markets: PolymarketMarketInfo[] = [];
  for (const m of event.markets) {
    if (m.sportsMarketType !== 'moneyline' || m.closed) continue;
    const info = marketInfo(m);
    if (typeof info === 'string') return { ok: false, reason: `${event.slug}: ${info}` };
    const yesNo = m.outcomes.length === 2 && m.outcomes[0]?.name.toLowerCase() === 'yes';
    const picks: { tokenId: string; outcome: OutcomeKind | null }[] = yesNo
      ? // soccer style: the YES token of a market per result
        [{ tokenId: m.outcomes[0]?.tokenId ?? '', outcome: outcomeOfToken(event, m, null, sides) }]
      : m.outcomes.map((o) => ({ tokenId: o.tokenId, outcome: outcomeOfToken(event, m, o.name, sides) }));
    for (const p of picks) {
      if (p.outcome === null)
        return { ok: false, reason: `${event.slug}: cannot tell which team market ${m.id} outcome is` };
      instruments.push(instrument(p.tokenId, p.outcome, gameId, info, opts));
    }
    markets.push(info);
  }
  if (instruments.length === 0) return { ok: false, reason: `${event.slug}: no open moneyline market` };
  return { ok: true, game: { gameId, event, instruments, markets } };
}

function marketInfo(m: GammaMarket): PolymarketMarketInfo | string {
  const [a, b] = m.outcomes;
  if (m.outcomes.length !== 2 || !a || !b) return `market ${m.id} has ${m.outcomes.length} outcomes, not 2`;
  const tick = m.tickSize === null ? null : tickSizeText(m.tickSize);
  if (tick === null) return `market ${m.id} has no known tick size`;
  const fees = polymarketFeeSchedule(m.fees);
  if (!fees.ok) return `market ${m.id}: ${fees.reason}`;
  return {
    conditionId: m.conditionId,
    tokenIds: [a.tokenId, b.tokenId],
    tickSize: tick,
    negRisk: m.negRisk,
    // Gamma v2 markets trade on the V3 exchange domain, v1 (CTF) markets on the V2 one.
    domainVersion: m.version === 'v2' ? '3' : '2',
    fees: fees.value,
  };
}

function instrument(
  tokenId: string,
  outcome: OutcomeKind,
  gameId: GameId,
  info: PolymarketMarketInfo,
  opts: Pick<DiscoverOptions, 'sport' | 'simulated'>,
): VenueInstrument {
  const instrumentId: InstrumentId = polymarketInstrumentId(tokenId);
  return {
    instrumentId,
    venue: 'polymarket',
    symbol: tokenId,
    gameId,
    outcomeId: outcomeId(gameId, outcome),
    outcome,
    tickSize: tickMicros(info),
    fees: info.fees,
    settlement: polymarketSettlement(opts.sport),
    simulated: opts.simulated ?? false,
  };
}

const TICK_MICROS: Record<PolymarketMarketInfo['tickSize'], number> = {
  '0.1': 100_000,
  '0.01': 10_000,
  '0.005': 5_000,
  '0.0025': 2_500,
  '0.001': 1_000,
  '0.0001': 100,
};
const tickMicros = (info: PolymarketMarketInfo) => TICK_MICROS[info.tickSize] as Micros;
