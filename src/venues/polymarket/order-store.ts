/**
 * The orders the client has signed, kept by client order id, and the trade listing both the
 * client and the account read.
 */
import type { ClientOrderId } from '../../core/ids.js';
import type { ContractSide } from '../../core/instruments.js';
import { describePolymarketParseError } from './errors.js';
import { describeOutcome, type PolymarketHttp } from './http.js';
import { type PolymarketTrade, parsePolymarketTrade } from './parse.js';
import { parsePage } from './parse-account.js';

/** What the client remembers of an order it signed: enough to find it and price its fills. */
export interface PolymarketOrderRecord {
  readonly orderHash: string;
  /** The instrument's token (the intent's), and the token traded (its complement for NO). */
  readonly instrumentToken: string;
  readonly tradedToken: string;
  readonly leg: ContractSide;
  readonly conditionId: string;
  /** Size in centi-contracts, as the intent asked. */
  readonly qty: number;
  /**
   * Set when the venue killed a FOK/FAK order that found nothing to match: it answers 400 and
   * keeps no record, so the kill is remembered here.
   */
  readonly killed?: boolean;
}

/** Where order hashes are kept by client order id; in memory unless the caller persists them. */
export interface PolymarketOrderStore {
  get(clientOrderId: ClientOrderId): PolymarketOrderRecord | undefined;
  set(clientOrderId: ClientOrderId, record: PolymarketOrderRecord): void;
  /** The client order id of an order hash, for the account's open-order listing. */
  clientOrderIdOf(orderHash: string): ClientOrderId | undefined;
  records(): Iterable<[ClientOrderId, PolymarketOrderRecord]>;
}

export class InMemoryOrderStore implements PolymarketOrderStore {
  private readonly byClient = new Map<ClientOrderId, PolymarketOrderRecord>();
  private readonly byHash = new Map<string, ClientOrderId>();
  get(id: ClientOrderId) {
    return this.byClient.get(id);
  }
  set(id: ClientOrderId, record: PolymarketOrderRecord) {
    this.byClient.set(id, record);
    this.byHash.set(record.orderHash.toLowerCase(), id);
  }
  clientOrderIdOf(hash: string) {
    return this.byHash.get(hash.toLowerCase());
  }
  records() {
    return this.byClient.entries();
  }
}

/** A lookup that could not be answered: the caller must not read it as "no such order". */
export class PolymarketLookupError extends Error {
  override readonly name = 'PolymarketLookupError';
}

/** Every page of `/data/trades` for a filter. */
export async function listTrades(
  http: PolymarketHttp,
  query: Readonly<Record<string, string | undefined>>,
): Promise<PolymarketTrade[]> {
  const out: PolymarketTrade[] = [];
  let cursor: string | null = null;
  do {
    const outcome = await http.request({
      method: 'GET',
      path: '/data/trades',
      query: { ...query, next_cursor: cursor ?? undefined },
      auth: 'l2',
    });
    if (outcome.kind !== 'ok') throw new PolymarketLookupError(`trades: ${describeOutcome(outcome)}`);
    const page = parsePage(outcome.body, 'trades');
    if (!page.ok) throw new PolymarketLookupError(describePolymarketParseError(page.error));
    for (const item of page.value.items) {
      const t = parsePolymarketTrade(item);
      if (!t.ok) throw new PolymarketLookupError(describePolymarketParseError(t.error));
      out.push(t.value);
    }
    cursor = page.value.cursor;
  } while (cursor !== null);
  return out;
}
