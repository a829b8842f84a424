/**
 * Polymarket's resolution of a token's market. The instrument's symbol is a token id; Gamma
 * `GET /markets?clob_token_ids=<token>` names its market (condition id, and the market is found
 * by its token list, whether or not the filter is honoured), then the CLOB's
 * `GET /markets/{condition_id}` says whether a token has won.
 *
 * What is authoritative: the CLOB's `tokens[].winner`. The CLOB is the exchange whose winning
 * tokens redeem for $1; Gamma is a read model documented to lag (finished markets still showing
 * `active`/`closed: false`, venues.md §3.2), and the `market_resolved` WebSocket event's fields
 * are inferred, not in our reference. A 50-50 resolution (a cancelled game, an NFL tie,
 * matching.md) flags no winner, so it is read from Gamma's `outcomePrices` only when Gamma also
 * marks the market resolved (`closed` and `umaResolutionStatus: "resolved"`): a closed market's
 * quoted mid of 0.5 is never taken for a 50-50.
 */
import { z } from 'zod';
import type { VenueInstrument } from '../../core/instruments.js';
import { type Micros, ONE_DOLLAR, parseDollars } from '../../core/money.js';
import { describeOutcome, type PolymarketHttp } from '../../venues/polymarket/http.js';
import { type MarketResolution, type ResolutionReader, sideOfPayout } from './resolution.js';

/** A JSON-encoded string array, as Gamma writes `clobTokenIds` and `outcomePrices`. */
const jsonStrings = z.string().transform((s, ctx) => {
  try {
    const v: unknown = JSON.parse(s);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `not a JSON array of strings: ${s.slice(0, 80)}` });
  return z.NEVER;
});

const gammaMarketSchema = z.object({
  conditionId: z.string(),
  closed: z.boolean().nullish(),
  clobTokenIds: jsonStrings.nullish(),
  positionIds: z.array(z.string()).nullish(),
  outcomePrices: jsonStrings.nullish(),
  umaResolutionStatus: z.string().nullish(),
  endDate: z.string().nullish(),
});
type GammaMarket = z.infer<typeof gammaMarketSchema>;

const clobMarketSchema = z.object({
  condition_id: z.string(),
  closed: z.boolean().nullish(),
  end_date_iso: z.string().nullish(),
  tokens: z.array(z.object({ token_id: z.string(), winner: z.boolean().nullish() })),
});
type ClobMarket = z.infer<typeof clobMarketSchema>;

const tokensOf = (m: GammaMarket) => m.clobTokenIds ?? m.positionIds ?? [];
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

/** The Gamma market listing `token` in a `/markets` answer, or why there is none. */
export function gammaMarketOf(body: unknown, token: string): GammaMarket | string {
  if (!Array.isArray(body)) return 'Gamma /markets answer is not a list';
  for (const raw of body) {
    const parsed = gammaMarketSchema.safeParse(raw);
    if (parsed.success && tokensOf(parsed.data).includes(token)) return parsed.data;
  }
  return `no Gamma market lists token ${token}`;
}

/** The resolution of `token` from its Gamma market and its CLOB market. */
export function polymarketResolution(opts: {
  readonly token: string;
  readonly gamma: GammaMarket;
  readonly clob: unknown;
}): MarketResolution {
  const { token, gamma } = opts;
  const parsed = clobMarketSchema.safeParse(opts.clob);
  if (!parsed.success)
    return { state: 'unavailable', reason: `CLOB market answer not understood: ${issues(parsed.error)}` };
  const clob: ClobMarket = parsed.data;
  if (!clob.tokens.some((t) => t.token_id === token))
    return { state: 'unavailable', reason: `CLOB market ${clob.condition_id} does not list token ${token}` };
  const winner = clob.tokens.find((t) => t.winner === true);
  if (winner) return { state: 'resolved', result: winner.token_id === token ? 'yes' : 'no' };
  if (gamma.closed === true && gamma.umaResolutionStatus === 'resolved') {
    const price = gamma.outcomePrices?.[tokensOf(gamma).indexOf(token)];
    let yesPayout: Micros;
    try {
      yesPayout = parseDollars(price);
    } catch (error) {
      return {
        state: 'unavailable',
        reason: `resolved outcome price of ${token} "${price}": ${String(error)}`,
      };
    }
    if (yesPayout < 0 || yesPayout > ONE_DOLLAR)
      return { state: 'unavailable', reason: `resolved outcome price of ${token} is ${price}` };
    if (yesPayout === ONE_DOLLAR || yesPayout === 0)
      return { state: 'resolved', result: yesPayout === ONE_DOLLAR ? 'yes' : 'no' };
    return { state: 'resolved', result: sideOfPayout(yesPayout), yesPayout };
  }
  if (clob.closed === true || gamma.closed === true) return { state: 'closed' };
  const end = Date.parse(clob.end_date_iso ?? gamma.endDate ?? '');
  return { state: 'open', closeTs: Number.isFinite(end) ? end : null };
}

/** Reads tokens' markets over public HTTP: `gamma` on the Gamma API, `clob` on the CLOB. */
export function polymarketResolutionReader(opts: {
  readonly gamma: PolymarketHttp;
  readonly clob: PolymarketHttp;
}): ResolutionReader {
  return {
    venue: 'polymarket',
    async read(instrument: VenueInstrument): Promise<MarketResolution> {
      const token = instrument.symbol;
      const listed = await opts.gamma.request({
        method: 'GET',
        path: '/markets',
        query: { clob_token_ids: token },
        auth: 'public',
      });
      if (listed.kind !== 'ok') return { state: 'unavailable', reason: `Gamma: ${describeOutcome(listed)}` };
      const gamma = gammaMarketOf(listed.body, token);
      if (typeof gamma === 'string') return { state: 'unavailable', reason: gamma };
      const market = await opts.clob.request({
        method: 'GET',
        path: `/markets/${encodeURIComponent(gamma.conditionId)}`,
        auth: 'public',
      });
      if (market.kind !== 'ok') return { state: 'unavailable', reason: `CLOB: ${describeOutcome(market)}` };
      return polymarketResolution({ token, gamma, clob: market.body });
    },
  };
}
