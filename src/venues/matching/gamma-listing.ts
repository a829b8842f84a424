/**
 * A Gamma sports event read as a listing. The slug is `{league}-{a}-{b}-{YYYY-MM-DD}[-…]` with
 * the US Eastern date; the teams come from the event's `teams[]` (code, name, alias), else from
 * the slug's codes. US leagues have one moneyline market whose two outcomes are the teams (named
 * as the description's "If the Warriors win … "Warriors"" says); soccer has three Yes/No markets,
 * one per result, whose YES tokens are the instruments. Pure.
 */
import type { SettlementTerms } from '../../core/instruments.js';
import type { RuleEvidence, StartTimeBasis } from '../../core/mapping.js';
import { describePolymarketParseError } from '../polymarket/errors.js';
import { polymarketFeeSchedule } from '../polymarket/fees.js';
import { polymarketInstrumentId } from '../polymarket/parse-fields.js';
import { type GammaEvent, type GammaMarket, parseGammaEvent } from '../polymarket/parse-market.js';
import { easternDate } from './eastern-time.js';
import { readGammaRules } from './gamma-rules.js';
import { LEAGUE_VENUES, leagueOfGammaSlug } from './leagues.js';
import {
  type ListingOutcome,
  type ListingResult,
  type ListingSide,
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

interface Priced {
  readonly market: GammaMarket;
  readonly tokenId: string;
  readonly terms: SettlementTerms;
  readonly rules: readonly RuleEvidence[];
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
  const slugDate = slug[4] as string;
  if (event.closed === true || event.ended === true)
    return unread({ kind: 'closed', status: event.ended === true ? 'ended' : 'closed' });
  const moneylines = event.markets.filter((m) => m.sportsMarketType === 'moneyline');
  if (moneylines.length === 0) return unread({ kind: 'malformed_listing', problem: 'no moneyline market' });
  const shut = moneylines.find((m) => m.closed);
  if (shut) return unread({ kind: 'closed', status: `market ${shut.id} closed` });

  // The teams: the event's list if it has two, else the slug's codes.
  const slugCodes = [slug[2] as string, slug[3] as string];
  const listed = event.teams.filter((t) => t.abbreviation || t.name);
  let sides: [ListingSide, ListingSide];
  if (listed.length === 2) {
    const abbrs = listed.map((t) => t.abbreviation?.toLowerCase() ?? null);
    if (abbrs.every((a) => a !== null) && [...abbrs].sort().join() !== [...slugCodes].sort().join())
      return unread({
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
    return unread({ kind: 'malformed_listing', problem: `the event lists ${listed.length} teams` });
  }
  for (const side of sides)
    if (side.lookup.kind === 'conflict')
      return unread({
        kind: 'team_conflict',
        detail: `code ${side.code} is ${side.lookup.byCode.name} but the event names ${side.names.join(' / ')}`,
      });

  const yesNo = (m: GammaMarket) =>
    m.outcomes.length === 2 &&
    m.outcomes[0]?.name.toLowerCase() === 'yes' &&
    m.outcomes[1]?.name.toLowerCase() === 'no';
  const threeWay = LEAGUE_VENUES[league].threeWay;
  const shapeYesNo = moneylines.every(yesNo);
  if (threeWay && !shapeYesNo)
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `a team-vs-team moneyline for a ${league} game, which can end level: not paired with three-way markets`,
    });
  if (!threeWay && moneylines.some(yesNo))
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `Yes/No result markets in ${league}, where games do not end level`,
    });

  const outcomes: ListingOutcome[] = [];
  const add = (p: Priced, pays: ListingOutcome['pays']): UnmappedReason | null => {
    const fees = polymarketFeeSchedule(p.market.fees);
    if (!fees.ok) return { kind: 'fees_unknown', detail: `market ${p.market.id}: ${fees.reason}` };
    if (p.market.tickSize === null)
      return { kind: 'malformed_listing', problem: `market ${p.market.id} has no orderPriceMinTickSize` };
    outcomes.push({
      pays,
      instrumentId: polymarketInstrumentId(p.tokenId),
      symbol: p.tokenId,
      market: p.market.id,
      tickSize: p.market.tickSize,
      fees: fees.value,
      settlement: p.terms,
      rules: p.rules,
    });
    return null;
  };

  if (threeWay) {
    if (moneylines.length !== 3)
      return unread({
        kind: 'malformed_listing',
        problem: `${moneylines.length} result markets, not 3 (home, draw, away)`,
      });
    const paid = new Set<ListingOutcome['pays']>();
    for (const m of moneylines) {
      const r = readGammaRules({ league, description: m.description });
      if (!r.ok) return unread(rulesReason(m.id, r.problem));
      let pays: ListingOutcome['pays'];
      if (r.reading.kind === 'draw_yes') pays = 'draw';
      else if (r.reading.kind === 'team_yes') {
        const side = sideOfName(sides, r.reading.subject);
        const titled = m.groupItemTitle ? sideOfName(sides, m.groupItemTitle) : side;
        if (side === null || titled !== side)
          return unread({
            kind: 'rules_contradict_listing',
            market: m.id,
            detail: `"${r.reading.subject}" (title "${m.groupItemTitle ?? ''}") is not one of the event's two teams`,
          });
        pays = side;
      } else
        return unread({
          kind: 'two_way_vs_three_way',
          detail: `market ${m.id} is a two-team moneyline in ${league}`,
        });
      if (paid.has(pays))
        return unread({ kind: 'malformed_listing', problem: `two markets pay on ${String(pays)}` });
      paid.add(pays);
      const problem = add(
        {
          market: m,
          tokenId: m.outcomes[0]?.tokenId as string,
          terms: r.reading.terms,
          rules: r.reading.evidence,
        },
        pays,
      );
      if (problem) return unread(problem);
    }
  } else {
    if (moneylines.length !== 1)
      return unread({ kind: 'malformed_listing', problem: `${moneylines.length} moneyline markets, not 1` });
    const m = moneylines[0] as GammaMarket;
    if (m.outcomes.length !== 2)
      return unread({
        kind: 'malformed_listing',
        problem: `market ${m.id} has ${m.outcomes.length} outcomes, not 2`,
      });
    const r = readGammaRules({ league, description: m.description });
    if (!r.ok) return unread(rulesReason(m.id, r.problem));
    if (r.reading.kind !== 'moneyline')
      return unread({
        kind: 'two_way_vs_three_way',
        detail: `market ${m.id} is a Yes/No result market in ${league}`,
      });
    const { winners, terms, evidence } = r.reading;
    const taken = new Set<number>();
    for (const o of m.outcomes) {
      const winner = winners.find((w) => w.label === o.name);
      const side = sideOfName(sides, o.name);
      const subjectSide = winner ? sideOfName(sides, winner.subject) : null;
      if (!winner || side === null || subjectSide !== side || taken.has(side))
        return unread({
          kind: 'rules_contradict_listing',
          market: m.id,
          detail: `outcome "${o.name}" is not one team's by the rules and the event's teams`,
        });
      taken.add(side);
      const problem = add({ market: m, tokenId: o.tokenId, terms, rules: evidence }, side);
      if (problem) return unread(problem);
    }
  }

  const gameStart = moneylines.map((m) => m.gameStartTime).find((t) => t !== null) ?? null;
  const instant = gameStart ?? event.startTime;
  const basis: StartTimeBasis =
    gameStart !== null
      ? 'gamma_game_start_time'
      : event.startTime !== null
        ? 'gamma_event_start_time'
        : 'gamma_slug_date';
  if (
    instant !== null &&
    Math.abs(Date.parse(`${easternDate(instant)}T00:00:00Z`) - Date.parse(`${slugDate}T00:00:00Z`)) > DAY
  )
    return unread({
      kind: 'malformed_listing',
      problem: `start ${new Date(instant).toISOString()} is not on the slug's date ${slugDate}`,
    });
  return {
    ok: true,
    listing: {
      venue: 'polymarket',
      listing: event.slug,
      league,
      sides,
      start: { instant, dateEt: slugDate, basis },
      outcomes,
      simulated: ctx.simulated,
    },
  };
}
