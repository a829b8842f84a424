/**
 * A Gamma sports event read as a listing. The slug is `{league}-{a}-{b}-{YYYY-MM-DD}[-…]` with
 * the US Eastern date; the teams come from the event's `teams[]` (code, name, alias), else from
 * the slug's codes. US leagues have one moneyline market whose two outcomes are the teams (named
 * as the description's "If the Warriors win … "Warriors"" says); soccer has three Yes/No markets,
 * one per result (told apart by gamma-result.ts), whose YES tokens are the instruments. Pure.
 */
import type { SettlementTerms } from '../../core/instruments.js';
import type { RuleEvidence, StartTimeBasis } from '../../core/mapping.js';
import { describePolymarketParseError } from '../polymarket/errors.js';
import { polymarketFeeSchedule } from '../polymarket/fees.js';
import { polymarketInstrumentId } from '../polymarket/parse-fields.js';
import { type GammaEvent, type GammaMarket, parseGammaEvent } from '../polymarket/parse-market.js';
import type { LeagueId } from '../teams/index.js';
import { easternDate } from './eastern-time.js';
import { soccerMarketResult } from './gamma-result.js';
import { readGammaRules } from './gamma-rules.js';
import { LEAGUE_VENUES, leagueOfGammaSlug } from './leagues.js';
import {
  type ListingOutcome,
  type ListingResult,
  type ListingSide,
  type ListingStart,
  listingSide,
  sideOfName,
} from './listing.js';
import type { UnmappedReason } from './reasons.js';
import type { RulesProblem } from './rules.js';

const SLUG = /^([a-z0-9]+)-([a-z0-9]+)-([a-z0-9]+)-(\d{4}-\d{2}-\d{2})(?:-.*)?$/;
const DAY = 86_400_000;

function rulesReason(market: string, p: RulesProblem): UnmappedReason {
  if (p.kind === 'rules_missing') return { kind: 'rules_missing', market };
  if (p.kind === 'rules_not_understood')
    return { kind: 'rules_not_understood', market, sentence: p.sentence };
  if (p.kind === 'rules_incomplete') return { kind: 'rules_incomplete', market, missing: p.missing };
  if (p.kind === 'rules_contradict_listing')
    return { kind: 'rules_contradict_listing', market, detail: p.detail };
  return { kind: 'rules_unpriceable', market, detail: p.detail };
}

/** One raw Gamma event to a listing; junk is an unread listing, never a throw. */
export function gammaListingFromRaw(raw: unknown, ctx: { readonly simulated: boolean }): ListingResult {
  const parsed = parseGammaEvent(raw);
  if (!parsed.ok) {
    const slug = (raw as { slug?: unknown } | null)?.slug;
    return {
      ok: false,
      unread: {
        venue: 'polymarket',
        listing: typeof slug === 'string' ? slug : '(no slug)',
        league: typeof slug === 'string' ? leagueOfGammaSlug(slug) : null,
        reason: { kind: 'malformed_listing', problem: describePolymarketParseError(parsed.error) },
      },
    };
  }
  return gammaListingOf(parsed.value, ctx);
}

type Step<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: UnmappedReason };
const refuse = (reason: UnmappedReason): { ok: false; reason: UnmappedReason } => ({ ok: false, reason });

/** The two teams: the event's list if it has two (matching the slug's codes), else the slug's codes. */
function teamSides(
  event: GammaEvent,
  league: LeagueId,
  slugCodes: readonly [string, string],
): Step<[ListingSide, ListingSide]> {
  const listed = event.teams.filter((t) => t.abbreviation || t.name);
  let sides: [ListingSide, ListingSide];
  if (listed.length === 2) {
    const abbrs = listed.map((t) => t.abbreviation?.toLowerCase() ?? null);
    if (abbrs.every((a) => a !== null) && [...abbrs].sort().join() !== [...slugCodes].sort().join())
      return refuse({
        kind: 'malformed_listing',
        problem: `teams ${abbrs.join(', ')} are not the slug's ${slugCodes.join(', ')}`,
      });
    sides = listed.map((t) => listingSide(league, 'gamma', t.abbreviation ?? null, [t.name, t.alias])) as [
      ListingSide,
      ListingSide,
    ];
  } else if (listed.length === 0) {
    sides = slugCodes.map((c) => listingSide(league, 'gamma', c, [])) as [ListingSide, ListingSide];
  } else {
    return refuse({ kind: 'malformed_listing', problem: `the event lists ${listed.length} teams` });
  }
  const conflict = sides.find((side) => side.lookup.kind === 'conflict');
  if (conflict?.lookup.kind === 'conflict')
    return refuse({
      kind: 'team_conflict',
      detail: `code ${conflict.code} is ${conflict.lookup.byCode.name} but the event names ${conflict.names.join(' / ')}`,
    });
  return { ok: true, value: sides };
}

/** One YES token as an outcome: fees and tick read from its market. */
function outcomeOf(
  market: GammaMarket,
  tokenId: string,
  pays: ListingOutcome['pays'],
  rules: { readonly terms: SettlementTerms; readonly evidence: readonly RuleEvidence[] },
): Step<ListingOutcome> {
  const fees = polymarketFeeSchedule(market.fees);
  if (!fees.ok) return refuse({ kind: 'fees_unknown', detail: `market ${market.id}: ${fees.reason}` });
  if (market.tickSize === null)
    return refuse({ kind: 'malformed_listing', problem: `market ${market.id} has no orderPriceMinTickSize` });
  return {
    ok: true,
    value: {
      pays,
      instrumentId: polymarketInstrumentId(tokenId),
      symbol: tokenId,
      market: market.id,
      conditionId: market.conditionId,
      tickSize: market.tickSize,
      fees: fees.value,
      settlement: rules.terms,
      rules: rules.evidence,
    },
  };
}

/** Soccer: three Yes/No markets, one per result, each told apart by its slug, title, question and rules. */
function threeWayOutcomes(
  event: GammaEvent,
  moneylines: readonly GammaMarket[],
  league: LeagueId,
  sides: readonly [ListingSide, ListingSide],
): Step<ListingOutcome[]> {
  if (moneylines.length !== 3)
    return refuse({
      kind: 'malformed_listing',
      problem: `${moneylines.length} result markets, not 3 (home, draw, away)`,
    });
  const outcomes: ListingOutcome[] = [];
  for (const m of moneylines) {
    const r = readGammaRules({ league, description: m.description });
    if (!r.ok) return refuse(rulesReason(m.id, r.problem));
    if (r.reading.kind === 'moneyline')
      return refuse({
        kind: 'two_way_vs_three_way',
        detail: `market ${m.id} is a two-team moneyline in ${league}`,
      });
    const result = soccerMarketResult({
      league,
      eventSlug: event.slug,
      sides,
      market: m,
      rules:
        r.reading.kind === 'team_yes'
          ? { kind: 'team_yes', subject: r.reading.subject }
          : { kind: 'draw_yes' },
    });
    if (!result.ok)
      return refuse({
        kind: 'rules_contradict_listing',
        market: m.id,
        detail: `which result it pays on is not clear: ${result.detail}`,
      });
    const pays = result.pays;
    if (outcomes.some((o) => o.pays === pays))
      return refuse({ kind: 'malformed_listing', problem: `two markets pay on ${String(pays)}` });
    const o = outcomeOf(m, m.outcomes[0]?.tokenId as string, pays, r.reading);
    if (!o.ok) return o;
    outcomes.push(o.value);
  }
  return { ok: true, value: outcomes };
}

/** US leagues: one moneyline market whose two outcomes the rules give to the two teams. */
function moneylineOutcomes(
  moneylines: readonly GammaMarket[],
  league: LeagueId,
  sides: readonly [ListingSide, ListingSide],
): Step<ListingOutcome[]> {
  const m = moneylines[0];
  if (moneylines.length !== 1 || !m)
    return refuse({ kind: 'malformed_listing', problem: `${moneylines.length} moneyline markets, not 1` });
  if (m.outcomes.length !== 2)
    return refuse({
      kind: 'malformed_listing',
      problem: `market ${m.id} has ${m.outcomes.length} outcomes, not 2`,
    });
  const r = readGammaRules({ league, description: m.description });
  if (!r.ok) return refuse(rulesReason(m.id, r.problem));
  if (r.reading.kind !== 'moneyline')
    return refuse({
      kind: 'two_way_vs_three_way',
      detail: `market ${m.id} is a Yes/No result market in ${league}`,
    });
  const { winners } = r.reading;
  const outcomes: ListingOutcome[] = [];
  for (const o of m.outcomes) {
    const winner = winners.find((w) => w.label === o.name);
    const side = sideOfName(sides, o.name);
    const subjectSide = winner ? sideOfName(sides, winner.subject) : null;
    if (!winner || side === null || subjectSide !== side || outcomes.some((x) => x.pays === side))
      return refuse({
        kind: 'rules_contradict_listing',
        market: m.id,
        detail: `outcome "${o.name}" is not one team's by the rules and the event's teams`,
      });
    const out = outcomeOf(m, o.tokenId, side, r.reading);
    if (!out.ok) return out;
    outcomes.push(out.value);
  }
  return { ok: true, value: outcomes };
}

/** The market's gameStartTime, else the event's startTime, else the slug's date; never far from the slug's date. */
function startOf(
  event: GammaEvent,
  moneylines: readonly GammaMarket[],
  slugDate: string,
): Step<ListingStart> {
  const gameStart = moneylines.map((m) => m.gameStartTime).find((t) => t !== null) ?? null;
  const instant = gameStart ?? event.startTime;
  const basis: StartTimeBasis =
    gameStart !== null
      ? 'gamma_game_start_time'
      : event.startTime !== null
        ? 'gamma_event_start_time'
        : 'gamma_slug_date';
  const daysOff = (t: number) =>
    Math.abs(Date.parse(`${easternDate(t)}T00:00:00Z`) - Date.parse(`${slugDate}T00:00:00Z`));
  if (instant !== null && daysOff(instant) > DAY)
    return refuse({
      kind: 'malformed_listing',
      problem: `start ${new Date(instant).toISOString()} is not on the slug's date ${slugDate}`,
    });
  return { ok: true, value: { instant, dateEt: slugDate, basis } };
}

export function gammaListingOf(event: GammaEvent, ctx: { readonly simulated: boolean }): ListingResult {
  const league = leagueOfGammaSlug(event.slug);
  const unread = (reason: UnmappedReason): ListingResult => ({
    ok: false,
    unread: { venue: 'polymarket', listing: event.slug, league, reason },
  });
  if (league === null)
    return unread({ kind: 'malformed_listing', problem: `slug ${event.slug} is not a league we read` });
  const slug = SLUG.exec(event.slug);
  if (!slug)
    return unread({
      kind: 'malformed_listing',
      problem: `slug ${event.slug} is not {league}-{a}-{b}-{date}`,
    });
  if (event.closed === true || event.ended === true)
    return unread({ kind: 'closed', status: event.ended === true ? 'ended' : 'closed' });
  const moneylines = event.markets.filter((m) => m.sportsMarketType === 'moneyline');
  if (moneylines.length === 0) return unread({ kind: 'malformed_listing', problem: 'no moneyline market' });
  const shut = moneylines.find((m) => m.closed);
  if (shut) return unread({ kind: 'closed', status: `market ${shut.id} closed` });
  const sides = teamSides(event, league, [slug[2] as string, slug[3] as string]);
  if (!sides.ok) return unread(sides.reason);

  const yesNo = (m: GammaMarket) =>
    m.outcomes.length === 2 &&
    m.outcomes[0]?.name.toLowerCase() === 'yes' &&
    m.outcomes[1]?.name.toLowerCase() === 'no';
  const threeWay = LEAGUE_VENUES[league].threeWay;
  if (threeWay && !moneylines.every(yesNo))
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `a team-vs-team moneyline for a ${league} game, which can end level: not paired with three-way markets`,
    });
  if (!threeWay && moneylines.some(yesNo))
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `Yes/No result markets in ${league}, where games do not end level`,
    });
  const outcomes = threeWay
    ? threeWayOutcomes(event, moneylines, league, sides.value)
    : moneylineOutcomes(moneylines, league, sides.value);
  if (!outcomes.ok) return unread(outcomes.reason);
  const start = startOf(event, moneylines, slug[4] as string);
  if (!start.ok) return unread(start.reason);
  return {
    ok: true,
    listing: {
      venue: 'polymarket',
      listing: event.slug,
      league,
      sides: sides.value,
      start: start.value,
      outcomes: outcomes.value,
      simulated: ctx.simulated,
    },
  };
}
