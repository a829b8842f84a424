/**
 * zod schemas for the parts of ESPN's site API the parsers use. Strict where a value is
 * essential (ids, home/away, the status, the start time, live scores); lenient where ESPN is
 * known to drift: numbers sent as strings, `score` as a string or as {value, displayValue},
 * `situation` as {} or missing, `odds` missing. Unknown keys are always allowed.
 */
import { z } from 'zod';

/** zod's own message for a failed union is "Invalid input"; say what was wanted instead. */
const wanted = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined
      ? 'missing'
      : `expected ${what}, got ${JSON.stringify(issue.input)?.slice(0, 40)}`,
});

/** A finite number, or a string holding one ("7", "-8.5", "+150"). */
export const numberLike = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .regex(/^[+-]?\d+(\.\d+)?$/)
      .transform(Number),
  ],
  wanted('a number'),
);

export const intLike = numberLike.pipe(z.number().int('expected an integer'));

/** ESPN ids are strings; a number is accepted and turned into one. */
export const idLike = z
  .union(
    [z.string().trim().min(1), z.number().int().nonnegative()],
    wanted('an id (a string or a whole number)'),
  )
  .transform(String);

/** No game in any league scores more; a larger number is a corrupted field, not a score. */
const MAX_SCORE = 999;

/** A score: "7", 7, or {value: 7, displayValue: "7"} (soccer). Missing or "" reads as undefined. */
export const scoreLike = z
  .union(
    [
      numberLike,
      z.literal('').transform(() => undefined),
      z
        .looseObject({ value: numberLike.optional(), displayValue: z.string().optional() })
        .transform((o, ctx) => {
          if (o.value !== undefined) return o.value;
          const display = o.displayValue?.trim();
          if (display === undefined || display === '') return undefined;
          const n = Number(display);
          if (!/^\d+(\.\d+)?$/.test(display) || !Number.isFinite(n)) {
            ctx.addIssue({
              code: 'custom',
              message: `expected a score, got displayValue ${JSON.stringify(display)}`,
            });
            return z.NEVER;
          }
          return n;
        }),
    ],
    wanted('a score: a number, a numeric string or {value}'),
  )
  .pipe(
    z
      .number()
      .int('expected a whole score')
      .min(0, 'expected a score of 0-999')
      .max(MAX_SCORE, 'expected a score of 0-999')
      .optional(),
  );

/** ESPN dates are ISO 8601, often without seconds: "2022-11-20T18:00Z". */
export const isoDate = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const ts = /^\d{4}-\d\d-\d\dT/.test(s) ? Date.parse(s) : Number.NaN;
    if (!Number.isFinite(ts)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected an ISO date like 2022-11-20T18:00Z, got ${JSON.stringify(s)}`,
      });
      return z.NEVER;
    }
    return ts;
  });

export const statusSchema = z.looseObject({
  type: z.looseObject({
    state: z.enum(['pre', 'in', 'post']),
    name: z.string().optional().catch(undefined),
    detail: z.string().optional().catch(undefined),
    shortDetail: z.string().optional().catch(undefined),
    completed: z.boolean().optional().catch(undefined),
  }),
  // A drifted period or clock is not fatal here: the sport parser decides whether it needs it.
  period: intLike.optional().catch(undefined),
  clock: numberLike.optional().catch(undefined),
  displayClock: z.string().optional().catch(undefined),
});
export type RawStatus = z.infer<typeof statusSchema>;

export const teamSchema = z.looseObject({
  id: idLike,
  abbreviation: z.string().trim().min(1).optional().catch(undefined),
  displayName: z.string().trim().min(1).optional().catch(undefined),
  name: z.string().trim().min(1).optional().catch(undefined),
  shortDisplayName: z.string().trim().min(1).optional().catch(undefined),
});

export const competitorSchema = z.looseObject({
  homeAway: z.enum(['home', 'away']),
  team: teamSchema,
  // Validated by the caller: a missing score is fine before the game, not during it.
  score: z.unknown().optional(),
  possession: z.boolean().optional().catch(undefined),
});
export type RawCompetitor = z.infer<typeof competitorSchema>;

export const competitionSchema = z.looseObject({
  date: z.unknown().optional(),
  competitors: z.array(z.unknown()).min(2, 'expected home and away'),
  status: z.unknown().optional(),
  situation: z.unknown().optional(),
  odds: z.unknown().optional(),
  details: z.unknown().optional(),
  neutralSite: z.boolean().optional().catch(undefined),
});
export type RawCompetition = z.infer<typeof competitionSchema>;

export const seasonSchema = z.looseObject({
  year: intLike.optional().catch(undefined),
  type: intLike.optional().catch(undefined),
});

/** A scoreboard event's `week: {number}`; a summary's `header.week` is the bare number. */
const weekNumber = intLike.pipe(z.number().int().min(0).max(99));

export const eventSchema = z.looseObject({
  id: idLike,
  date: z.unknown().optional(),
  status: z.unknown().optional(),
  season: seasonSchema.optional().catch(undefined),
  week: z
    .looseObject({ number: weekNumber })
    .transform((w) => w.number)
    .optional()
    .catch(undefined),
  competitions: z.array(z.unknown()).min(1, 'expected at least one competition'),
});

export const scoreboardSchema = z.looseObject({
  events: z.array(z.unknown(), 'expected an array of events'),
  leagues: z.array(z.unknown()).optional().catch(undefined),
});

export const leagueRefSchema = z.looseObject({ slug: z.string() });

export const summarySchema = z.looseObject({
  header: z.looseObject({
    id: idLike,
    season: seasonSchema.optional().catch(undefined),
    week: weekNumber.optional().catch(undefined),
    league: z.unknown().optional(),
    competitions: z.array(z.unknown()).min(1, 'expected at least one competition'),
  }),
  plays: z.unknown().optional(),
  winprobability: z.unknown().optional(),
  pickcenter: z.unknown().optional(),
});
