/**
 * A game's Polymarket listing, built as the venue lists it (matching.md §3, venues.md §3.2):
 * one Gamma event per game and its moneyline markets. Pure and deterministic: the same spec
 * always gives the same slugs, ids, token ids and texts.
 *
 * - Event slug `{sport}-{team1}-{team2}-{date}`: the teams in the order of the league's
 *   `/sports` `ordering` (US leagues away-first, soccer home-first), the date the US Eastern
 *   calendar day of the scheduled start (an evening game is on the next UTC day already).
 * - US leagues: one market, outcomes the two nicknames in slug order ("Rockets vs. Hornets"),
 *   its slug the event's. Soccer: a neg-risk event of three Yes/No markets, home, draw, away
 *   ("Will Everton FC win on 2026-08-22?", "Will Everton FC vs. Crystal Palace FC end in a
 *   draw?"), slugs suffixed with the team code or `-draw`, `groupItemTitle` the team name or
 *   "Draw (Home vs. Away)".
 * - Ids: the event `id`, `gameId`, market `id` (numbers, as Gamma's are), `conditionId`,
 *   `questionID` and token ids are hashed (keccak-256) from the slugs, never random.
 * - Live sports: sports fees (`sports_fees_v2`, 0.03 × p(1−p), taker only), tick 0.01, 5
 *   shares minimum, resting orders cleared at the start (`cbos`), a taker delay once the game is
 *   live (`sd`, default 3 s [inferred]), listed 6 days before the start unless told (the live
 *   listings read show 6 and 13 days [inferred default]).
 */
import { keccak256, toHex } from 'viem';
import type { TickSize } from '../../venues/polymarket/amounts.js';
import {
  eventTagIds,
  eventTags,
  GAMMA_SPORTS,
  type GammaSport,
  type GammaSportCode,
  seasonYearOf,
} from './gamma-sports.js';
import type { SimPolyEventSpec, SimPolyMarketSpec, SimPolyResolution, SimPolyTeam } from './market.js';
import { easternDate, easternTime, moneylineRules, soccerRules } from './rules-text.js';

export interface ListingTeam {
  /** Gamma's abbreviation, e.g. `dal`; slugs use it in lower case. */
  readonly abbreviation: string;
  /** Gamma's `teams[].name`, e.g. "Dallas Cowboys", "Everton FC". */
  readonly name: string;
  /** The outcome a US moneyline market names it by: the nickname, e.g. "Cowboys". */
  readonly outcome: string;
  /** Gamma's `alias`; the name when absent. */
  readonly alias?: string;
}

export interface GameListingSpec {
  readonly sport: GammaSportCode;
  /** Scheduled start, epoch ms (UTC). */
  readonly startTimeMs: number;
  readonly home: ListingTeam;
  readonly away: ListingTeam;
  /** Three Yes/No markets (home, draw, away) rather than one; the league's way by default. */
  readonly threeWay?: boolean;
  /** Gamma `version`: v1 (CTF, exchange domain "2", the default) or v2 (domain "3"). */
  readonly version?: 'v1' | 'v2';
  /** Seconds a marketable order waits once the game is live (`sd`); 3 by default, 0 for none. */
  readonly takerDelaySeconds?: number;
  /** When the markets become visible and take orders, epoch ms; 6 days before the start by default. */
  readonly listedAtMs?: number;
}

export type GameSide = 'home' | 'away';

/** What a listed market pays on. */
export type ListingMarketRole =
  /** A US moneyline: token 0 is the `first` team (the one the slug names first), token 1 the other. */
  | { readonly kind: 'moneyline'; readonly first: GameSide }
  /** A soccer Yes/No market on one result: token 0 (Yes) pays if it happens. */
  | { readonly kind: 'result'; readonly result: GameSide | 'draw' };

export interface ListingMarket {
  readonly spec: SimPolyMarketSpec;
  readonly role: ListingMarketRole;
}

export interface GameListing {
  readonly spec: GameListingSpec;
  readonly sport: GammaSport;
  readonly event: SimPolyEventSpec;
  readonly markets: readonly ListingMarket[];
  /** When the markets become visible, epoch ms. */
  readonly listedAtMs: number;
}

/** How a game ended, as its markets' rules see it: `draw` is a soccer draw or an NFL tie. */
export type GameResult = GameSide | 'draw' | 'canceled';

export const DEFAULT_TAKER_DELAY_SECONDS = 3;
export const DEFAULT_LISTING_LEAD_MS = 6 * 24 * 3_600_000;
const SPORTS_FEE = { ratePpm: 30_000, exponent: 1 } as const;
const TICK: TickSize = '0.01';
const MIN_ORDER_SHARES = 5_000_000;

const hashOf = (text: string) => keccak256(toHex(`arbees-sim-polymarket:${text}`));
/** A decimal number in [min, min + span), from a hash of `text`. */
const numberOf = (text: string, min: number, span: number) =>
  min + Number(BigInt(hashOf(text)) % BigInt(span));
/** A uint256 token id in decimal, as Polymarket writes them. */
const tokenIdOf = (conditionId: string, index: 0 | 1) =>
  BigInt(hashOf(`${conditionId}:${index}`)).toString(10);

/** The event id Gamma would give a game with this slug (deterministic). */
const gammaEventIdOf = (slug: string) => String(numberOf(`event:${slug}`, 100_000, 900_000));

function checkSpec(spec: GameListingSpec): void {
  const bad = (field: string, why: string) => {
    throw new Error(`listing ${field} ${why}`);
  };
  if (!Object.hasOwn(GAMMA_SPORTS, spec.sport))
    bad('sport', `${JSON.stringify(spec.sport)} is not a listed league`);
  if (!Number.isSafeInteger(spec.startTimeMs) || spec.startTimeMs <= 0)
    bad('startTimeMs', 'is not an epoch ms');
  for (const side of ['home', 'away'] as const) {
    const t = spec[side];
    if (!/^[a-z0-9]{1,12}$/i.test(t.abbreviation))
      bad(`${side}.abbreviation`, 'is not 1-12 letters or digits');
    if (t.name.trim() === '') bad(`${side}.name`, 'is empty');
    if (t.outcome.trim() === '') bad(`${side}.outcome`, 'is empty');
  }
  if (spec.home.abbreviation.toLowerCase() === spec.away.abbreviation.toLowerCase())
    bad('away.abbreviation', "is the home team's too");
  // Three Yes/No markets are soccer's, and their rules text says 90 minutes.
  if (spec.threeWay && GAMMA_SPORTS[spec.sport].rules !== 'soccer')
    bad('threeWay', 'is for soccer leagues only');
  const delay = spec.takerDelaySeconds ?? DEFAULT_TAKER_DELAY_SECONDS;
  if (!Number.isInteger(delay) || delay < 0 || delay > 60)
    bad('takerDelaySeconds', 'is not 0-60 whole seconds');
  if (spec.listedAtMs !== undefined && !(spec.listedAtMs <= spec.startTimeMs))
    bad('listedAtMs', 'is after the start');
}

/** The event and markets of one game, as Polymarket lists them. Throws on a bad spec, naming the field. */
export function buildGameListing(spec: GameListingSpec): GameListing {
  checkSpec(spec);
  const sport: GammaSport = GAMMA_SPORTS[spec.sport];
  const threeWay = spec.threeWay ?? sport.threeWay;
  const [first, second]: [GameSide, GameSide] =
    sport.ordering === 'home' ? ['home', 'away'] : ['away', 'home'];
  const abbr = (side: GameSide) => spec[side].abbreviation.toLowerCase();
  const date = easternDate(spec.startTimeMs);
  const slug = `${sport.code}-${abbr(first)}-${abbr(second)}-${date}`;
  const listedAtMs = spec.listedAtMs ?? spec.startTimeMs - DEFAULT_LISTING_LEAD_MS;
  const start = easternTime(spec.startTimeMs);
  const seriesSlug = `${sport.seriesPrefix}-${seasonYearOf(sport, start.year, start.month)}`;
  const eventId = gammaEventIdOf(slug);
  const title = threeWay
    ? `${spec[first].name} vs. ${spec[second].name}`
    : `${spec[first].outcome} vs. ${spec[second].outcome}`;

  const common = {
    eventId,
    tickSize: TICK,
    minOrderSize: MIN_ORDER_SHARES,
    negRisk: threeWay,
    version: spec.version ?? 'v1',
    fee: SPORTS_FEE,
    feeType: 'sports_fees_v2',
    sportsMarketType: 'moneyline',
    gameStartTimeMs: spec.startTimeMs,
    // Gamma's endDate of a game market is its scheduled start (live listings).
    endTimeMs: spec.startTimeMs,
    listedAtMs,
    resolutionSource: sport.resolution,
    takerDelaySeconds: spec.takerDelaySeconds ?? DEFAULT_TAKER_DELAY_SECONDS,
    takerDelayWhenLive: true,
    clearBookOnStart: true,
    autoTickSize: true,
  } as const;
  const market = (o: {
    slug: string;
    question: string;
    outcomes: readonly [string, string];
    description: string;
    groupItemTitle?: string;
  }): SimPolyMarketSpec => {
    const conditionId = hashOf(`condition:${o.slug}`);
    return {
      ...common,
      ...o,
      conditionId,
      tokenIds: [tokenIdOf(conditionId, 0), tokenIdOf(conditionId, 1)],
      gammaId: String(numberOf(`market:${o.slug}`, 1_000_000, 9_000_000)),
      questionId: hashOf(`question:${o.slug}`),
      ...(threeWay ? { negRiskMarketId: hashOf(`neg-risk:${slug}`) } : {}),
    };
  };

  let markets: ListingMarket[];
  if (!threeWay) {
    const outcomes = [spec[first].outcome, spec[second].outcome] as const;
    markets = [
      {
        role: { kind: 'moneyline', first },
        spec: market({
          slug,
          question: title,
          outcomes,
          description: moneylineRules({ sport, startTimeMs: spec.startTimeMs, outcomes }),
        }),
      },
    ];
  } else {
    const teamMarket = (side: GameSide): ListingMarket => ({
      role: { kind: 'result', result: side },
      spec: market({
        slug: `${slug}-${abbr(side)}`,
        question: `Will ${spec[side].name} win on ${date}?`,
        outcomes: ['Yes', 'No'],
        description: soccerRules({ startTimeMs: spec.startTimeMs, winner: spec[side].name }),
        groupItemTitle: spec[side].name,
      }),
    });
    const vs = `${spec.home.name} vs. ${spec.away.name}`;
    markets = [
      teamMarket('home'),
      {
        role: { kind: 'result', result: 'draw' },
        spec: market({
          slug: `${slug}-draw`,
          question: `Will ${vs} end in a draw?`,
          outcomes: ['Yes', 'No'],
          description: soccerRules({ startTimeMs: spec.startTimeMs, winner: 'draw' }),
          groupItemTitle: `Draw (${vs})`,
        }),
      },
      teamMarket('away'),
    ];
  }

  const team = (side: GameSide): SimPolyTeam => ({
    name: spec[side].name,
    abbreviation: abbr(side),
    ordering: side,
    alias: spec[side].alias ?? spec[side].name,
    id: gammaTeamIdOf(sport.code, abbr(side)),
    league: sport.code,
  });
  const tagIds = eventTagIds(sport);
  const event: SimPolyEventSpec = {
    id: eventId,
    slug,
    title,
    seriesSlug,
    sport: sport.code,
    startTimeMs: spec.startTimeMs,
    teams: [team(first), team(second)],
    negRisk: threeWay,
    gameId: numberOf(`game:${slug}`, 10_000_000, 90_000_000),
    description: markets[0]?.spec.description ?? '',
    resolutionSource: sport.resolution,
    listedAtMs,
    tags: eventTags(sport),
    sportInfo: {
      id: sport.id,
      name: sport.name,
      tags: tagIds.join(','),
      primaryTagId: Number(sport.tag.id),
      series: sport.seriesId,
    },
    series: { id: sport.seriesId, title: `${sport.name} ${seriesSlug.slice(-4)}` },
  };
  return { spec, sport, event, markets, listedAtMs };
}

/** Gamma's `/teams` id for a team (deterministic). */
export const gammaTeamIdOf = (league: string, abbreviation: string) =>
  numberOf(`team:${league}:${abbreviation.toLowerCase()}`, 1_000, 900_000);

/**
 * What each market of a listed game pays on a result, as its rules say: a US moneyline pays the
 * winner's token, and 50-50 on a cancellation or an NFL tie (no other US league ends level);
 * a soccer result market pays Yes if its result happened, and on a cancellation the team markets
 * resolve No and the draw market Yes. Per condition id, or the reason the result cannot be.
 */
export function payoutsFor(
  listing: GameListing,
  result: GameResult,
): Map<string, SimPolyResolution> | string {
  const out = new Map<string, SimPolyResolution>();
  const winner = (index: 0 | 1): SimPolyResolution => ({ kind: 'winner', index });
  for (const { spec, role } of listing.markets) {
    if (role.kind === 'moneyline') {
      if (result === 'canceled') out.set(spec.conditionId, { kind: 'split' });
      else if (result === 'draw') {
        if (listing.sport.rules !== 'nfl') return `${listing.sport.name} games cannot end level`;
        out.set(spec.conditionId, { kind: 'split' });
      } else out.set(spec.conditionId, winner(result === role.first ? 0 : 1));
    } else if (result === 'canceled') out.set(spec.conditionId, winner(role.result === 'draw' ? 0 : 1));
    else out.set(spec.conditionId, winner(role.result === result ? 0 : 1));
  }
  return out;
}
