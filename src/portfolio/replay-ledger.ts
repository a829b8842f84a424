/**
 * Replays a run's stored ledger into a fresh portfolio, so a restarted position tracker goes on
 * from what it booked instead of from the deposits. Pure: stored rows in, portfolio state out.
 *
 * The ledger says how much moved where but not how many contracts at what price, so each trade
 * transaction is replayed from the stored fill it names (its `ref`) and checked against the
 * stored postings. Transactions are replayed in booking order, the number in their id, because
 * the average cost of a sale depends on the buys before it.
 */
import type { BankrollSnapshot, FillReceived, LedgerPosted, Posting } from '../core/events.js';
import { asInstrumentId, type InstrumentId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import type { Portfolio } from './portfolio.js';

export interface StoredHistory {
  /** Every ledger transaction of the run, in any order. */
  readonly ledger: readonly LedgerPosted[];
  /** The run's stored fills (the execution journal). */
  readonly fills: readonly FillReceived[];
  /** The latest stored bankroll snapshot, for the equity peak. */
  readonly bankroll: BankrollSnapshot | null;
}

export interface RestoreReport {
  readonly transactions: number;
  readonly fills: number;
  readonly settlements: number;
  /** Trades whose postings, replayed, differ from the stored ones (the stored ones are truth). */
  readonly mismatched: readonly string[];
  /** The highest sequence number among the stored transaction ids (0 when none). */
  readonly lastSeq: number;
}

export class LedgerReplayError extends Error {
  override readonly name = 'LedgerReplayError';
}

interface ReplayHooks {
  deposited(venue: VenueName): void;
  booked(fill: FillReceived): void;
  settled(instrumentId: InstrumentId): void;
}

const TX_SEQ = /^tx-(\d+)$/;
const VENUES: readonly string[] = [
  'kalshi',
  'polymarket',
  'polymarket-us',
  'coinbase',
  'paper',
] satisfies VenueName[];

/** The booking number in a transaction id `tx-<n>`; ids of another shape are refused. */
export function ledgerSeq(txId: string): number {
  const m = TX_SEQ.exec(txId);
  if (!m) throw new LedgerReplayError(`ledger transaction id "${txId}" is not of the form tx-<number>`);
  return Number(m[1]);
}

export function replayLedger(
  portfolio: Portfolio,
  history: StoredHistory,
  hooks: ReplayHooks,
): RestoreReport {
  const fills = new Map<string, FillReceived>(history.fills.map((f) => [f.fillId, f]));
  const ordered = [...history.ledger].sort((a, b) => ledgerSeq(a.txId) - ledgerSeq(b.txId));
  const mismatched: string[] = [];
  let booked = 0;
  let settlements = 0;
  for (const tx of ordered) {
    switch (tx.kind) {
      case 'deposit': {
        const venue = venueOf(tx, 'assets:cash:');
        portfolio.deposit(venue, amountOn(tx, `assets:cash:${venue}`));
        hooks.deposited(venue);
        break;
      }
      case 'reservation': {
        const venue = venueOf(tx, 'assets:reserved:');
        portfolio.reserve({ orderId: tx.ref, venue, amount: amountOn(tx, `assets:reserved:${venue}`) });
        break;
      }
      case 'release': {
        const venue = venueOf(tx, 'assets:reserved:');
        portfolio.release({ orderId: tx.ref, amount: -amountOn(tx, `assets:reserved:${venue}`) as Micros });
        break;
      }
      case 'trade': {
        const fill = fills.get(tx.ref);
        if (!fill)
          throw new LedgerReplayError(
            `ledger transaction ${tx.txId} books fill "${tx.ref}", which is not among the run's stored fills`,
          );
        const change = portfolio.applyFill(fill);
        if (!samePostings(change.postings, tx.postings)) mismatched.push(tx.txId);
        hooks.booked(fill);
        booked += 1;
        break;
      }
      case 'settlement': {
        const instrumentId = asInstrumentId(tx.ref);
        const change = portfolio.settle({ instrumentId, ...settledTerms(tx), ts: tx.ts });
        if (!change || !samePostings(change.postings, tx.postings)) mismatched.push(tx.txId);
        hooks.settled(instrumentId);
        settlements += 1;
        break;
      }
      case 'fee':
        // The projector never books a fee on its own; a stored one is not ours to replay.
        throw new LedgerReplayError(
          `ledger transaction ${tx.txId} is a lone fee, which the tracker never books`,
        );
    }
  }
  const last = ordered.at(-1);
  return {
    transactions: ordered.length,
    fills: booked,
    settlements,
    mismatched,
    lastSeq: last ? ledgerSeq(last.txId) : 0,
  };
}

function venueOf(tx: LedgerPosted, prefix: string): VenueName {
  for (const p of tx.postings) {
    if (!p.account.startsWith(prefix)) continue;
    const venue = p.account.slice(prefix.length);
    if (VENUES.includes(venue)) return venue as VenueName;
  }
  throw new LedgerReplayError(`ledger transaction ${tx.txId} (${tx.kind}) has no ${prefix}<venue> posting`);
}

function amountOn(tx: LedgerPosted, account: string): Micros {
  const p = tx.postings.find((q) => q.account === account);
  if (!p) throw new LedgerReplayError(`ledger transaction ${tx.txId} has no posting to ${account}`);
  return p.amount;
}

/**
 * The settlement's result is in its memo, `settle <instrument> <yes|no>`, with
 * ` yes-pays <micros>` after it when the venue paid a fraction (settlementMemo).
 */
function settledTerms(tx: LedgerPosted): { result: ContractSide; yesPayout?: Micros } {
  const m = /^settle \S+ (yes|no)(?: yes-pays (\d{1,7}))?$/.exec(tx.memo);
  if (!m) throw new LedgerReplayError(`settlement ${tx.txId} has no result in its memo "${tx.memo}"`);
  const result = m[1] as ContractSide;
  return m[2] === undefined ? { result } : { result, yesPayout: Number(m[2]) as Micros };
}

function samePostings(a: readonly Posting[], b: readonly Posting[]): boolean {
  return a.length === b.length && a.every((p, i) => p.account === b[i]?.account && p.amount === b[i]?.amount);
}
