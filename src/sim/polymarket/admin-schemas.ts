/**
 * What the `/sim/*` admin API accepts, as zod schemas: every body is checked whole before
 * anything changes, so a bad call is a 400 naming each bad field and leaves the simulator as it
 * was (a market missing fields once made every Gamma `/markets` answer 500). Unknown fields are
 * refused too: a misspelt option is an error, not a silent default. Pure.
 */
import { z } from 'zod';
import { TICK_SIZES } from '../../venues/polymarket/amounts.js';
import { GAMMA_SPORTS, type GammaSportCode } from './gamma-sports.js';

const hex64 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'not 0x and 64 hex digits');
const tokenId = z.string().regex(/^\d{1,78}$/, 'not a decimal token id');
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'not a 0x address of 40 hex digits');
const epochMs = z.number().int().nonnegative();
/** Micro-dollars or micro-shares: a whole number. */
const micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const tickSize = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(TICK_SIZES));
const text = z.string().min(1);

export const marketSpecSchema = z.strictObject({
  conditionId: hex64,
  question: z.string(),
  slug: text,
  outcomes: z.tuple([text, text]),
  tokenIds: z.tuple([tokenId, tokenId]).refine(([a, b]) => a !== b, 'the two token ids are the same'),
  tickSize,
  minOrderSize: micros,
  negRisk: z.boolean(),
  version: z.enum(['v1', 'v2']),
  fee: z.strictObject({
    ratePpm: z.number().int().min(0).max(1_000_000),
    exponent: z.number().int().min(0).max(4),
  }),
  sportsMarketType: z.string().nullable(),
  gameStartTimeMs: epochMs.nullable(),
  endTimeMs: epochMs,
  eventId: text,
  takerDelaySeconds: z.number().int().min(0).max(60).optional(),
  clearBookOnStart: z.boolean().optional(),
  autoTickSize: z.boolean().optional(),
  takerDelayWhenLive: z.boolean().optional(),
  gammaId: z
    .string()
    .regex(/^\d{1,12}$/, 'not a numeric id')
    .optional(),
  description: z.string().optional(),
  groupItemTitle: z.string().optional(),
  resolutionSource: z.string().optional(),
  feeType: z.string().optional(),
  listedAtMs: epochMs.optional(),
  questionId: hex64.optional(),
  negRiskMarketId: hex64.optional(),
});

const teamSchema = z.strictObject({
  name: text,
  abbreviation: text,
  ordering: z.enum(['home', 'away']),
  alias: z.string().optional(),
  id: z.number().int().nonnegative().optional(),
  league: z.string().optional(),
});
const tagSchema = z.strictObject({ id: text, label: z.string(), slug: z.string() });

export const eventSpecSchema = z.strictObject({
  id: text,
  slug: text,
  title: z.string(),
  seriesSlug: z.string(),
  sport: z.string(),
  startTimeMs: epochMs,
  teams: z.array(teamSchema).max(2),
  negRisk: z.boolean(),
  gameId: z.number().int().nonnegative().optional(),
  description: z.string().optional(),
  resolutionSource: z.string().optional(),
  listedAtMs: epochMs.optional(),
  tags: z.array(tagSchema).optional(),
  sportInfo: z
    .strictObject({
      id: z.number().int(),
      name: z.string(),
      tags: z.string(),
      primaryTagId: z.number().int(),
      series: z.string(),
    })
    .optional(),
  series: z.strictObject({ id: text, title: z.string() }).optional(),
});

const listingTeamSchema = z.strictObject({
  abbreviation: z.string().regex(/^[a-zA-Z0-9]{1,12}$/, 'not 1-12 letters or digits'),
  name: text,
  outcome: text,
  alias: z.string().optional(),
});

export const gameSpecSchema = z.strictObject({
  sport: z.enum(Object.keys(GAMMA_SPORTS) as [GammaSportCode, ...GammaSportCode[]]),
  startTimeMs: epochMs.positive(),
  home: listingTeamSchema,
  away: listingTeamSchema,
  threeWay: z.boolean().optional(),
  version: z.enum(['v1', 'v2']).optional(),
  takerDelaySeconds: z.number().int().min(0).max(60).optional(),
  listedAtMs: epochMs.optional(),
});

export const gameResultSchema = z.strictObject({ result: z.enum(['home', 'away', 'draw']) });

export const depositSchema = z.strictObject({ account: text, amount: micros });
export const splitSchema = z.strictObject({ account: text, conditionId: text, size: micros });
export const walletSchema = z.strictObject({
  wallet: address,
  owner: address,
  signatureType: z.union([z.literal(1), z.literal(2), z.literal(3)]),
});
export const resolveSchema = z.strictObject({
  conditionId: text,
  /** The winning token's index, or "50-50": each token pays $0.50. */
  winner: z.union([z.literal(0), z.literal(1), z.literal('50-50')]),
});
export const allowanceSchema = z.strictObject({ account: text, approved: z.boolean() });
export const conditionSchema = z.strictObject({ conditionId: text });
export const tickSizeSchema = z.strictObject({ conditionId: text, tickSize });
export const staleBookSchema = z.strictObject({ conditionId: text, stale: z.boolean().optional() });
export const makerSchema = z.strictObject({
  conditionId: text,
  belief: z.number().gt(0).lt(1),
  seed: z.number().int().optional(),
});
export const scenarioSchema = z.strictObject({
  method: z.string().optional(),
  pathPrefix: z.string().optional(),
  effect: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(120_000) }),
    z.strictObject({
      kind: z.literal('server_error'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503)]),
    }),
    z.strictObject({ kind: z.literal('rate_limit') }),
    z.strictObject({
      kind: z.literal('execute_then_hang'),
      answerAfterMs: z.number().int().min(0).max(600_000).nullable(),
    }),
  ]),
  times: z.number().int().min(1),
});
export const geoblockSchema = z.strictObject({
  blocked: z.boolean(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'not a two-letter country code')
    .optional(),
  region: z.string().max(8).optional(),
});

/** Every problem with a body, each as "field: what is wrong". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}
