/**
 * A Polymarket US market from `GET /v1/markets` (polymarket-us.md §4): one instrument, the
 * YES/long side. What discovery needs: slug, event, start, sports type, tick, the two sides
 * (`marketSides[]`, the long one first-listed) and the league. Unknown fields are ignored.
 */
import { z } from 'zod';
import type { Micros } from '../../core/money.js';
import { runSchemaWith } from '../parse-error.js';
import { amountToMicros } from './amounts.js';
import { type PmusResult, pmusParseError } from './errors.js';

const zSide = z.object({
  identifier: z.string().optional(),
  long: z.boolean(),
  description: z.string().optional(),
  participantId: z.union([z.string(), z.number()]).optional(),
  team: z.object({ name: z.string().optional(), abbreviation: z.string().optional() }).optional(),
});

const zMarket = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  slug: z.string().min(1),
  eventSlug: z.string().optional(),
  question: z.string().optional(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  orderPriceMinTickSize: z.unknown().transform((v, ctx) => {
    const m = amountToMicros(v);
    if (m === null || m <= 0) {
      ctx.addIssue({ code: 'custom', message: 'expected a positive tick size' });
      return z.NEVER;
    }
    return m;
  }),
  sportsMarketType: z.string().optional(),
  sportsMarketTypeV2: z.string().optional(),
  gameStartTime: z.string().optional(),
  marketSides: z.array(zSide).default([]),
  team: z.object({ league: z.string().optional() }).optional(),
});

export interface PmusMarketSide {
  readonly long: boolean;
  /** e.g. `nfl-ne` (league and the team's lower-case code). */
  readonly identifier: string | null;
  readonly name: string | null;
}

export interface PmusMarket {
  readonly id: string;
  readonly slug: string;
  readonly eventSlug: string | null;
  readonly closed: boolean;
  readonly tick: Micros;
  readonly sportsMarketType: string | null;
  readonly moneyline: boolean;
  readonly startMs: number | null;
  /** The venue's league slug (`nfl`, `cbb`, `epl`…), from the team or the sides' identifiers. */
  readonly league: string | null;
  readonly sides: readonly PmusMarketSide[];
}

export function parsePmusMarket(input: unknown): PmusResult<PmusMarket> {
  const r = runSchemaWith({ schema: zMarket, input, payload: 'market', error: pmusParseError });
  if (!r.ok) return r;
  const m = r.value;
  const start = m.gameStartTime === undefined ? Number.NaN : Date.parse(m.gameStartTime);
  const sides = m.marketSides.map((s) => ({
    long: s.long,
    identifier: s.identifier ?? null,
    name: s.team?.name ?? s.description ?? null,
  }));
  const fromIdentifier = sides.map((s) => s.identifier?.split('-')[0]).find((x) => x);
  return {
    ok: true,
    value: {
      id: m.id,
      slug: m.slug,
      eventSlug: m.eventSlug ?? null,
      closed: m.closed === true || m.active === false,
      tick: m.orderPriceMinTickSize,
      sportsMarketType: m.sportsMarketType ?? null,
      moneyline: m.sportsMarketTypeV2 === 'MONEYLINE' || (m.sportsMarketType ?? '').endsWith('_winner'),
      startMs: Number.isFinite(start) ? start : null,
      league: m.team?.league ?? fromIdentifier ?? null,
      sides,
    },
  };
}
