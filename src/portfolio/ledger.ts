/**
 * A double-entry ledger: every transaction is a set of postings that sums to zero, or it is
 * refused. Balances are kept per account; positive is a debit balance (assets, expenses),
 * negative a credit balance (deposits, income). Pure and deterministic.
 */
import type { Posting } from '../core/events.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';

export const accounts = {
  cash: (venue: VenueName) => `assets:cash:${venue}`,
  /** Cash set aside for orders in flight: out of reach of the next order, still ours. */
  reserved: (venue: VenueName) => `assets:reserved:${venue}`,
  position: (venue: VenueName, instrument: string, side: string) =>
    `assets:positions:${venue}:${instrument}:${side}`,
  fees: (venue: VenueName) => `expenses:fees:${venue}`,
  realized: (venue: VenueName) => `income:realized:${venue}`,
  deposits: () => 'equity:deposits',
} as const;

export class UnbalancedTransactionError extends Error {
  override readonly name = 'UnbalancedTransactionError';
}

export interface LedgerTransaction {
  readonly postings: readonly Posting[];
}

export class Ledger {
  private readonly balances = new Map<string, number>();
  private transactions = 0;

  /** Applies the postings if they sum to zero; throws and changes nothing otherwise. */
  post(tx: LedgerTransaction): void {
    let sum = 0;
    for (const p of tx.postings) {
      if (!Number.isSafeInteger(p.amount))
        throw new UnbalancedTransactionError(`posting to ${p.account} is not an integer: ${p.amount}`);
      sum += p.amount;
    }
    if (sum !== 0) {
      throw new UnbalancedTransactionError(`postings sum to ${sum}, not 0: ${JSON.stringify(tx.postings)}`);
    }
    for (const p of tx.postings) this.balances.set(p.account, (this.balances.get(p.account) ?? 0) + p.amount);
    this.transactions += 1;
  }

  balance(account: string): Micros {
    return (this.balances.get(account) ?? 0) as Micros;
  }

  /** Sum of every balance: zero, always. */
  imbalance(): number {
    let sum = 0;
    for (const v of this.balances.values()) sum += v;
    return sum;
  }

  get transactionCount(): number {
    return this.transactions;
  }

  /** Balances by account, sorted by name. */
  trialBalance(): Array<{ account: string; balance: Micros }> {
    return [...this.balances.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([account, balance]) => ({ account, balance: balance as Micros }));
  }
}
