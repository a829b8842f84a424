/**
 * Market discovery payloads (venues.md §3.2, §3.3): the CLOB's compact `/clob-markets/{id}` and
 * Gamma's markets and events. Gamma sends `outcomes`, `outcomePrices` and `clobTokenIds` as
 * JSON-encoded strings, and V2 markets carry a real `positionIds` array instead; `version`
 * says which holds the token ids. Pure: no Node API; never throws.
 */
import { z } from 'zod';
import type { Micros } from '../../core/money.js';
import type { PolymarketResult } from './errors.js';
import {
  fieldError,
  jsonStringArrayField,
  type MicroShares,
  readPrice,
  readSize,
  runSchema,
} from './parse-fields.js';

/** A decimal sent either as a string or a JSON number; a number is read through its decimal text. */
function looseDecimal<T>(read: (s: string) => T | string) {
  return z.union([z.string(), z.number()]).transform((v, ctx): T => {
    const r = read(typeof v === 'number' ? String(v) : v);
    if (typeof r === 'string') {
      ctx.addIssue({ code: 'custom', message: r });
      return z.NEVER;
    }
    return r;
  });
}
const loosePrice = looseDecimal(readPrice);
const looseSize = looseDecimal(readSize);
/** A fee rate such as 0.03 to parts per million, exactly. */
const ratePpmField = looseDecimal((s) => readPrice(s) as number | string);

export interface FeeParameters {
  readonly ratePpm: number;
  readonly exponent: number;
}

const feeObject = (rateKey: string, exponentKey: string) =>
  z
    .object({ [rateKey]: ratePpmField, [exponentKey]: z.number().int().min(0).max(4) })
    .transform((o) => ({ ratePpm: o[rateKey] as number, exponent: o[exponentKey] as number }));

const clobMarketSchema = z.object({
  c: z.string().optional(),
  t: z.array(z.object({ t: z.string().regex(/^\d{1,78}$/, 'not a decimal token id') }).loose()).optional(),
  mts: loosePrice,
  nr: z.boolean(),
  fd: feeObject('r', 'e').nullish(),
  ao: z.boolean().optional(),
  mos: looseSize.optional(),
  sd: z.number().int().min(0).optional(),
  gst: z.union([z.string(), z.number()]).nullish(),
  cbos: z.boolean().optional(),
  itode: z.boolean().optional(),
});

export interface ClobMarketInfo {
  readonly conditionId: string | null;
  readonly tokenIds: readonly string[];
  readonly minTickSize: Micros;
  readonly negRisk: boolean;
  readonly fees: FeeParameters | null;
  readonly acceptingOrders: boolean | null;
  readonly minOrderSize: MicroShares | null;
  /** Seconds a taker order may be delayed (live sports). */
  readonly takerDelaySeconds: number;
  readonly takerOrderDelayEnabled: boolean;
  /** Resting orders cleared at game start (semantics inferred from the name). */
  readonly clearBookOnStart: boolean;
  /** Game start time as sent (a date text or epoch). */
  readonly gameStartTime: string | number | null;
}

export function parseClobMarket(input: unknown): PolymarketResult<ClobMarketInfo> {
  const r = runSchema(clobMarketSchema, input, 'clob-market');
  if (!r.ok) return r;
  const m = r.value;
  return {
    ok: true,
    value: {
      conditionId: m.c ?? null,
      tokenIds: (m.t ?? []).map((x) => x.t),
      minTickSize: m.mts,
      negRisk: m.nr,
      fees: m.fd ?? null,
      acceptingOrders: m.ao ?? null,
      minOrderSize: m.mos ?? null,
      takerDelaySeconds: m.sd ?? 0,
      takerOrderDelayEnabled: m.itode ?? false,
      clearBookOnStart: m.cbos ?? false,
      gameStartTime: m.gst ?? null,
    },
  };
}

/** Gamma's `gameStartTime` ("2026-08-07 00:00:00+00") or an ISO time to epoch ms. */
export function readGammaTime(text: string): number | string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(text);
  if (!m) return 'not a date-time with a time zone';
  const [, date, time, zone = 'Z'] = m;
  const iso =
    zone === 'Z'
      ? `${date}T${time}Z`
      : `${date}T${time}${zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 'not a valid date-time' : ms;
}
const gammaTimeField = z.string().transform((s, ctx): number => {
  const v = readGammaTime(s);
  if (typeof v === 'string') {
    ctx.addIssue({ code: 'custom', message: v });
    return z.NEVER;
  }
  return v;
});

const gammaMarketSchema = z.object({
  id: z.string(),
  question: z.string().optional(),
  conditionId: z.string(),
  slug: z.string().optional(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  acceptingOrders: z.boolean().optional(),
  enableOrderBook: z.boolean().optional(),
  outcomes: jsonStringArrayField,
  outcomePrices: jsonStringArrayField.optional(),
  clobTokenIds: jsonStringArrayField.optional(),
  positionIds: z.array(z.string()).optional(),
  version: z.enum(['v1', 'v2']).optional(),
  negRisk: z.boolean().optional(),
  orderPriceMinTickSize: loosePrice.optional(),
  orderMinSize: looseSize.optional(),
  feeSchedule: feeObject('rate', 'exponent').nullish(),
  sportsMarketType: z.string().nullish(),
  line: z.number().nullish(),
  gameStartTime: gammaTimeField.nullish(),
  description: z.string().nullish(),
  groupItemTitle: z.string().nullish(),
  bestBid: loosePrice.nullish(),
  bestAsk: loosePrice.nullish(),
});

export interface GammaMarket {
  readonly id: string;
  readonly conditionId: string;
  readonly question: string | null;
  readonly slug: string | null;
  readonly active: boolean;
  readonly closed: boolean;
  readonly acceptingOrders: boolean;
  readonly version: 'v1' | 'v2';
  /** One per outcome, in the order of `outcomes`. */
  readonly outcomes: readonly {
    readonly name: string;
    readonly tokenId: string;
    readonly price: Micros | null;
  }[];
  readonly negRisk: boolean;
  readonly tickSize: Micros | null;
  readonly minOrderSize: MicroShares | null;
  readonly fees: FeeParameters | null;
  readonly sportsMarketType: string | null;
  readonly line: number | null;
  readonly gameStartTime: number | null;
  /** The market's rules text. */
  readonly description: string | null;
  /** The outcome's label within its event: a team, or "Draw (A vs. B)" in soccer. */
  readonly groupItemTitle: string | null;
  readonly bestBid: Micros | null;
  readonly bestAsk: Micros | null;
}

export function parseGammaMarket(input: unknown, payload = 'gamma:market'): PolymarketResult<GammaMarket> {
  const r = runSchema(gammaMarketSchema, input, payload);
  if (!r.ok) return r;
  const m = r.value;
  const version = m.version ?? 'v1';
  // v2 markets name their tokens in positionIds; v1 (CTF) markets in clobTokenIds
  const idField = version === 'v2' ? 'positionIds' : 'clobTokenIds';
  const ids = version === 'v2' ? m.positionIds : m.clobTokenIds;
  if (!ids) return fieldError(payload, idField, undefined, `required for a ${version} market`);
  if (ids.length !== m.outcomes.length)
    return fieldError(payload, idField, ids, `has ${ids.length} ids for ${m.outcomes.length} outcomes`);
  const bad = ids.findIndex((x) => !/^\d{1,78}$/.test(x));
  if (bad >= 0) return fieldError(payload, `${idField}[${bad}]`, ids[bad], 'not a decimal token id');
  const prices: (Micros | null)[] = [];
  for (let i = 0; i < m.outcomes.length; i++) {
    const text = m.outcomePrices?.[i];
    if (text === undefined) {
      prices.push(null);
      continue;
    }
    const p = readPrice(text);
    if (typeof p === 'string') return fieldError(payload, `outcomePrices[${i}]`, text, p);
    prices.push(p);
  }
  return {
    ok: true,
    value: {
      id: m.id,
      conditionId: m.conditionId,
      question: m.question ?? null,
      slug: m.slug ?? null,
      active: m.active ?? false,
      closed: m.closed ?? false,
      acceptingOrders: m.acceptingOrders ?? false,
      version,
      outcomes: m.outcomes.map((name, i) => ({ name, tokenId: ids[i] as string, price: prices[i] ?? null })),
      negRisk: m.negRisk ?? false,
      tickSize: m.orderPriceMinTickSize ?? null,
      minOrderSize: m.orderMinSize ?? null,
      fees: m.feeSchedule ?? null,
      sportsMarketType: m.sportsMarketType ?? null,
      line: m.line ?? null,
      gameStartTime: m.gameStartTime ?? null,
      description: m.description ?? null,
      groupItemTitle: m.groupItemTitle ?? null,
      bestBid: m.bestBid ?? null,
      bestAsk: m.bestAsk ?? null,
    },
  };
}

const gammaEventSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string().optional(),
  gameId: z.union([z.string(), z.number()]).nullish(),
  seriesSlug: z.string().nullish(),
  startTime: z.string().nullish(),
  negRisk: z.boolean().optional(),
  active: z.boolean().nullish(),
  closed: z.boolean().nullish(),
  ended: z.boolean().nullish(),
  teams: z
    .array(
      z
        .object({
          name: z.string().nullish(),
          abbreviation: z.string().optional(),
          ordering: z.enum(['home', 'away']).optional(),
          alias: z.string().nullish(),
        })
        .loose(),
    )
    .nullish(),
  markets: z.array(z.unknown()).optional(),
});

/** A team as a Gamma sports event lists it. */
export interface GammaTeam {
  readonly name: string | null;
  readonly abbreviation: string | null;
  readonly alias: string | null;
  /** Which side the event says the team plays on. */
  readonly ordering: 'home' | 'away' | null;
}

export interface GammaEvent {
  readonly id: string;
  readonly slug: string;
  readonly title: string | null;
  readonly gameId: string | null;
  readonly seriesSlug: string | null;
  readonly startTime: number | null;
  readonly negRisk: boolean;
  readonly homeTeam: string | null;
  readonly awayTeam: string | null;
  /** Every team the event lists, in its order. */
  readonly teams: readonly GammaTeam[];
  /** Gamma's flags as sent (finished sports events can still say active: venues.md §3.2). */
  readonly active: boolean | null;
  readonly closed: boolean | null;
  readonly ended: boolean | null;
  readonly markets: readonly GammaMarket[];
}

export function parseGammaEvent(input: unknown): PolymarketResult<GammaEvent> {
  const r = runSchema(gammaEventSchema, input, 'gamma:event');
  if (!r.ok) return r;
  const e = r.value;
  let startTime: number | null = null;
  if (e.startTime) {
    const t = readGammaTime(e.startTime);
    if (typeof t === 'string') return fieldError('gamma:event', 'startTime', e.startTime, t);
    startTime = t;
  }
  const markets: GammaMarket[] = [];
  for (let i = 0; i < (e.markets ?? []).length; i++) {
    const m = parseGammaMarket(e.markets?.[i], 'gamma:event');
    if (!m.ok)
      return {
        ok: false,
        error: { ...m.error, field: `markets[${i}]${m.error.field ? `.${m.error.field}` : ''}` },
      };
    markets.push(m.value);
  }
  const team = (ordering: 'home' | 'away') =>
    e.teams?.find((t) => t.ordering === ordering)?.abbreviation ?? null;
  return {
    ok: true,
    value: {
      id: e.id,
      slug: e.slug,
      title: e.title ?? null,
      gameId: e.gameId === null || e.gameId === undefined ? null : String(e.gameId),
      seriesSlug: e.seriesSlug ?? null,
      startTime,
      negRisk: e.negRisk ?? false,
      homeTeam: team('home'),
      awayTeam: team('away'),
      teams: (e.teams ?? []).map((t) => ({
        name: t.name ?? null,
        abbreviation: t.abbreviation ?? null,
        alias: t.alias ?? null,
        ordering: t.ordering ?? null,
      })),
      active: e.active ?? null,
      closed: e.closed ?? null,
      ended: e.ended ?? null,
      markets,
    },
  };
}
