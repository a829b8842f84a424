/**
 * What an order on a token needs to know about its market: the complement token (buying NO
 * of a token is buying the other outcome's token), tick size, neg-risk flag, exchange domain
 * version and fees. Known markets come from discovery; an unknown token is resolved over REST
 * (`/book` for the condition id, `/clob-markets/{id}` for the tokens, `/version` for the
 * domain) and cached.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import { isTickSize, type TickSize } from './amounts.js';
import { describePolymarketParseError } from './errors.js';
import { polymarketFeeSchedule } from './fees.js';
import { describeOutcome, type PolymarketHttp } from './http.js';
import { type PolymarketBook, parseClobMarket, parsePolymarketBook } from './parse.js';
import type { OrderDomainVersion } from './sign-order.js';

export interface PolymarketMarketInfo {
  readonly conditionId: string;
  /** The market's two outcome tokens. */
  readonly tokenIds: readonly [string, string];
  readonly tickSize: TickSize;
  readonly negRisk: boolean;
  /** "2" for CTF markets (Gamma v1), "3" for protocol-V2 markets (Gamma v2). */
  readonly domainVersion: OrderDomainVersion;
  readonly fees: FeeSchedule;
}

/** A market that could not be resolved; nothing was sent to the venue. */
export class PolymarketMarketError extends Error {
  override readonly name = 'PolymarketMarketError';
}

const TICK_TEXT = new Map<number, TickSize>([
  [100_000, '0.1'],
  [10_000, '0.01'],
  [5_000, '0.005'],
  [2_500, '0.0025'],
  [1_000, '0.001'],
  [100, '0.0001'],
]);

/** A tick in micro-dollars as the amount rules' text, or null for a tick they do not know. */
export function tickSizeText(tick: Micros): TickSize | null {
  const text = TICK_TEXT.get(tick);
  return text !== undefined && isTickSize(text) ? text : null;
}

export class PolymarketMarkets {
  private readonly byToken = new Map<string, PolymarketMarketInfo>();
  /** Condition ids of markets resolved and paid out: no position can remain in them. */
  private readonly resolvedMarkets = new Set<string>();
  private versionPromise: Promise<OrderDomainVersion> | null = null;

  constructor(private readonly http: PolymarketHttp) {}

  add(info: PolymarketMarketInfo): void {
    for (const t of info.tokenIds) this.byToken.set(t, info);
  }

  known(tokenId: string): PolymarketMarketInfo | null {
    return this.byToken.get(tokenId) ?? null;
  }

  /** Marks a market resolved with its winning shares paid out (the caller redeemed them). */
  markResolved(conditionId: string): void {
    this.resolvedMarkets.add(conditionId);
  }

  /** Whether the token's market is known to be resolved and paid out. */
  isResolved(tokenId: string): boolean {
    const market = this.byToken.get(tokenId);
    return market !== undefined && this.resolvedMarkets.has(market.conditionId);
  }

  /** The tokens of the markets known to be resolved and paid out. */
  resolvedTokens(): string[] {
    return [...this.byToken].filter(([, m]) => this.resolvedMarkets.has(m.conditionId)).map(([t]) => t);
  }

  /** The other outcome token of the token's market; null when the market is not known. */
  complementOf(tokenId: string): string | null {
    const tokens = this.byToken.get(tokenId)?.tokenIds;
    if (!tokens) return null;
    return tokens[0] === tokenId ? tokens[1] : tokens[1] === tokenId ? tokens[0] : null;
  }

  /** Every token of every known market. */
  tokens(): string[] {
    return [...this.byToken.keys()];
  }

  async resolve(tokenId: string): Promise<PolymarketMarketInfo> {
    const cached = this.byToken.get(tokenId);
    if (cached) return cached;
    const book = await this.http.request({
      method: 'GET',
      path: '/book',
      query: { token_id: tokenId },
      auth: 'public',
      limit: 'book',
    });
    if (book.kind !== 'ok') throw new PolymarketMarketError(`book of ${tokenId}: ${describeOutcome(book)}`);
    const parsedBook = parsePolymarketBook(book.body);
    if (!parsedBook.ok) throw new PolymarketMarketError(describePolymarketParseError(parsedBook.error));
    const conditionId = parsedBook.value.market;
    const market = await this.http.request({
      method: 'GET',
      path: `/clob-markets/${encodeURIComponent(conditionId)}`,
      auth: 'public',
    });
    if (market.kind !== 'ok')
      throw new PolymarketMarketError(`market ${conditionId}: ${describeOutcome(market)}`);
    const parsed = parseClobMarket(market.body);
    if (!parsed.ok) throw new PolymarketMarketError(describePolymarketParseError(parsed.error));
    const m = parsed.value;
    const [a, b] = m.tokenIds;
    if (m.tokenIds.length !== 2 || a === undefined || b === undefined || !m.tokenIds.includes(tokenId))
      throw new PolymarketMarketError(`market ${conditionId} does not list ${tokenId} among two tokens`);
    const tickSize = tickSizeText(m.minTickSize);
    if (tickSize === null) throw new PolymarketMarketError(`market ${conditionId} has an unknown tick size`);
    const fees = polymarketFeeSchedule(m.fees);
    if (!fees.ok) throw new PolymarketMarketError(`market ${conditionId}: ${fees.reason}`);
    const info: PolymarketMarketInfo = {
      conditionId,
      tokenIds: [a, b],
      tickSize,
      negRisk: m.negRisk,
      domainVersion: await this.domainVersion(),
      fees: fees.value,
    };
    this.add(info);
    return info;
  }

  /** The exchange domain from `GET /version` (3 means the V3 exchange; 2, or no answer, the V2 one). */
  private domainVersion(): Promise<OrderDomainVersion> {
    this.versionPromise ??= this.http
      .request({ method: 'GET', path: '/version', auth: 'public' })
      .then((o) =>
        o.kind === 'ok' && (o.body as { version?: unknown } | null)?.version === 3 ? '3' : ('2' as const),
      );
    return this.versionPromise;
  }
}

/** REST `/book` of a token, for the market channel's resync; null when it cannot be read now. */
export function restBookFetcher(
  http: PolymarketHttp,
  onError?: (reason: string) => void,
): (tokenId: string) => Promise<PolymarketBook | null> {
  return async (tokenId) => {
    const outcome = await http.request({
      method: 'GET',
      path: '/book',
      query: { token_id: tokenId },
      auth: 'public',
      limit: 'book',
    });
    if (outcome.kind !== 'ok') {
      onError?.(`book of ${tokenId}: ${describeOutcome(outcome)}`);
      return null;
    }
    const parsed = parsePolymarketBook(outcome.body);
    if (!parsed.ok) {
      onError?.(describePolymarketParseError(parsed.error));
      return null;
    }
    return parsed.value;
  };
}
