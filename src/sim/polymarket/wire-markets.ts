/**
 * Markets and events in the shapes the venue serves them (venues.md §3.2–3.3, matching.md §3):
 * Gamma's market, event and team objects (`outcomes`, `outcomePrices` and `clobTokenIds` as
 * JSON-encoded strings, `positionIds` a real array for v2 markets), the CLOB's long-form
 * `/markets/{condition_id}` and compact `/clob-markets/{condition_id}`. Pure.
 *
 * Lifecycle as a client sees it: open (`acceptingOrders: true`); at game start `live` on the
 * event and the taker delay (`itode`) on; at the game's end orders are refused
 * (`acceptingOrders: false`, `ended`) while the market stays `closed: false` until it resolves,
 * as finished sports markets do on the venue (venues.md §3.2 gotcha); resolved: `closed: true`,
 * `closedTime`, `umaResolutionStatus: "resolved"`, `outcomePrices` ["1","0"] / ["0","1"] /
 * ["0.5","0.5"], and CLOB tokens with `winner` (neither for 50-50, `is_50_50_outcome`).
 */
import type { Micros } from '../../core/money.js';
import {
  decimalText,
  type SimPolyEventSpec,
  type SimPolyMarket,
  type SimPolyMarketSpec,
  type SimPolyTeam,
  takerDelayActive,
} from './market.js';

/** Gamma's `gameStartTime` / `closedTime` form: "2026-08-07 00:00:00+00". */
export function gammaTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+00`;
}

/** ISO 8601 to the second, as Gamma writes `endDate`, `startTime`: "2026-02-20T00:00:00Z". */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Gamma's numeric market id: the listing's, or one derived from the condition id. */
export function gammaMarketId(spec: SimPolyMarketSpec): string {
  return spec.gammaId ?? String(1_000_000 + (Number.parseInt(spec.conditionId.slice(2, 9), 16) % 9_000_000));
}

/** What each token pays per share once resolved, or null while it has not. */
function resolvedPrices(market: SimPolyMarket): readonly [string, string] | null {
  const r = market.resolution;
  if (r === null) return null;
  if (r.kind === 'split') return ['0.5', '0.5'];
  return r.index === 0 ? ['1', '0'] : ['0', '1'];
}

/** Token 0's price: the mid of the book, else the last trade, else 0.5; to 0.001. */
function token0Price(market: SimPolyMarket): number {
  const bid = market.book.bestBid();
  const ask = market.book.bestAsk();
  const mid = bid !== null && ask !== null ? (bid + ask) / 2 : (market.lastTradePrice ?? 500_000);
  return Math.round(mid / 1000) * 1000;
}

const eventRef = (event: SimPolyEventSpec) => ({
  id: event.id,
  ticker: event.slug,
  slug: event.slug,
  title: event.title,
  ...(event.gameId === undefined ? {} : { gameId: event.gameId }),
  startTime: isoSeconds(event.startTimeMs),
});

export function gammaMarketJson(market: SimPolyMarket, event?: SimPolyEventSpec) {
  const s = market.spec;
  const bestBid = market.book.bestBid();
  const bestAsk = market.book.bestAsk();
  const p0 = token0Price(market);
  const resolved = market.status === 'resolved';
  return {
    id: gammaMarketId(s),
    question: s.question,
    conditionId: s.conditionId,
    slug: s.slug,
    resolutionSource: s.resolutionSource ?? '',
    endDate: isoSeconds(s.endTimeMs),
    ...(s.listedAtMs === undefined ? {} : { startDate: isoSeconds(s.listedAtMs) }),
    description: s.description ?? '',
    outcomes: JSON.stringify(s.outcomes),
    outcomePrices: JSON.stringify(resolvedPrices(market) ?? [decimalText(p0), decimalText(1_000_000 - p0)]),
    active: true,
    closed: resolved,
    ...(resolved && market.resolvedAtMs !== null ? { closedTime: gammaTime(market.resolvedAtMs) } : {}),
    acceptingOrders: market.status === 'open',
    enableOrderBook: true,
    ...(s.questionId === undefined ? {} : { questionID: s.questionId }),
    umaResolutionStatus: resolved ? 'resolved' : null,
    ...(s.groupItemTitle === undefined ? {} : { groupItemTitle: s.groupItemTitle }),
    version: s.version,
    ...(s.version === 'v2' ? { positionIds: [...s.tokenIds] } : { clobTokenIds: JSON.stringify(s.tokenIds) }),
    negRisk: s.negRisk,
    ...(s.negRiskMarketId === undefined ? {} : { negRiskMarketID: s.negRiskMarketId }),
    orderPriceMinTickSize: Number(market.tickSize),
    orderMinSize: s.minOrderSize / 1e6,
    feesEnabled: s.fee.ratePpm > 0,
    ...(s.feeType === undefined ? {} : { feeType: s.feeType }),
    feeSchedule: { rate: s.fee.ratePpm / 1e6, exponent: s.fee.exponent, takerOnly: true, rebateRate: 0.25 },
    sportsMarketType: s.sportsMarketType,
    gameStartTime: s.gameStartTimeMs === null ? null : gammaTime(s.gameStartTimeMs),
    ...(s.gameStartTimeMs === null ? {} : { eventStartTime: isoSeconds(s.gameStartTimeMs) }),
    bestBid: bestBid === null ? null : bestBid / 1e6,
    bestAsk: bestAsk === null ? null : bestAsk / 1e6,
    ...(bestBid !== null && bestAsk !== null ? { spread: (bestAsk - bestBid) / 1e6 } : {}),
    lastTradePrice: market.lastTradePrice === null ? 0 : market.lastTradePrice / 1e6,
    events: event ? [eventRef(event)] : [],
  };
}

function teamRef(t: SimPolyTeam) {
  return {
    ...(t.id === undefined ? {} : { id: t.id }),
    name: t.name,
    abbreviation: t.abbreviation,
    alias: t.alias ?? t.name,
    ordering: t.ordering,
    ...(t.league === undefined ? {} : { league: t.league }),
  };
}

export function gammaEventJson(event: SimPolyEventSpec, markets: readonly SimPolyMarket[]) {
  const started = markets.some((m) => m.liveSinceMs !== null);
  const ended = markets.length > 0 && markets.every((m) => m.status !== 'open');
  return {
    id: event.id,
    ticker: event.slug,
    slug: event.slug,
    title: event.title,
    description: event.description ?? '',
    resolutionSource: event.resolutionSource ?? '',
    ...(event.listedAtMs === undefined
      ? {}
      : { startDate: isoSeconds(event.listedAtMs), creationDate: isoSeconds(event.listedAtMs) }),
    endDate: isoSeconds(event.startTimeMs),
    active: true,
    closed: markets.length > 0 && markets.every((m) => m.status === 'resolved'),
    archived: false,
    restricted: true,
    enableOrderBook: true,
    negRisk: event.negRisk,
    ...(event.gameId === undefined ? {} : { gameId: event.gameId }),
    startTime: isoSeconds(event.startTimeMs),
    seriesSlug: event.seriesSlug,
    ...(event.series === undefined
      ? {}
      : {
          series: [
            {
              id: event.series.id,
              ticker: event.seriesSlug,
              slug: event.seriesSlug,
              title: event.series.title,
            },
          ],
        }),
    tags: (event.tags ?? []).map((t) => ({ ...t })),
    sport: { sport: event.sport, ...event.sportInfo },
    teams: event.teams.map(teamRef),
    live: started && !ended,
    ended,
    markets: markets.map((m) => gammaMarketJson(m, event)),
  };
}

/** One `GET /teams` entry (matching.md §3: id, name, league, record, logo, abbreviation, alias, …). */
export function gammaTeamJson(
  team: SimPolyTeam & { readonly id: number; readonly league: string },
  sinceMs: number,
) {
  return {
    id: team.id,
    name: team.name,
    league: team.league,
    record: null,
    logo: `https://polymarket-upload.s3.us-east-2.amazonaws.com/${team.league}-${team.abbreviation}.png`,
    abbreviation: team.abbreviation,
    alias: team.alias ?? team.name,
    createdAt: isoSeconds(sinceMs),
    updatedAt: isoSeconds(sinceMs),
    providerId: team.id,
  };
}

/** `GET /clob-markets/{condition_id}` (clob-client-v2 `MarketDetails`). */
export function clobMarketJson(market: SimPolyMarket) {
  const s = market.spec;
  return {
    c: s.conditionId,
    t: s.tokenIds.map((t, i) => ({ t, o: s.outcomes[i] })),
    mts: Number(market.tickSize),
    nr: s.negRisk,
    fd: { r: s.fee.ratePpm / 1e6, e: s.fee.exponent, to: true },
    mbf: 0,
    tbf: Math.round(s.fee.ratePpm / 100),
    r: null,
    ao: market.status === 'open',
    mos: s.minOrderSize / 1e6,
    sd: s.takerDelaySeconds ?? 0,
    ...(s.gameStartTimeMs === null ? {} : { gst: gammaTime(s.gameStartTimeMs) }),
    cbos: s.clearBookOnStart ?? false,
    itode: takerDelayActive(market),
  };
}

/** The CLOB's `GET /markets/{condition_id}` object (the long-form market). */
export function clobMarketSummary(market: SimPolyMarket) {
  const s = market.spec;
  const paid = resolvedPrices(market);
  const last = market.lastTradePrice;
  const price = (i: number): number => {
    if (paid) return Number(paid[i]);
    if (last === null) return 0.5;
    return (i === 0 ? last : ((1_000_000 - last) as Micros)) / 1e6;
  };
  return {
    condition_id: s.conditionId,
    question_id: s.questionId ?? '',
    question: s.question,
    description: s.description ?? '',
    market_slug: s.slug,
    active: true,
    closed: market.status === 'resolved',
    archived: false,
    accepting_orders: market.status === 'open',
    enable_order_book: true,
    minimum_order_size: s.minOrderSize / 1e6,
    minimum_tick_size: Number(market.tickSize),
    neg_risk: s.negRisk,
    neg_risk_market_id: s.negRiskMarketId ?? '',
    game_start_time: s.gameStartTimeMs === null ? null : isoSeconds(s.gameStartTimeMs),
    seconds_delay: s.takerDelaySeconds ?? 0,
    end_date_iso: isoSeconds(s.endTimeMs),
    is_50_50_outcome: market.resolution?.kind === 'split',
    tokens: s.tokenIds.map((token_id, i) => ({
      token_id,
      outcome: s.outcomes[i],
      price: price(i),
      winner: market.resolution?.kind === 'winner' && market.resolution.index === i,
    })),
  };
}
