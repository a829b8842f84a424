/**
 * Reconciler service: compares what each venue reports with the ledger, at start and then at an
 * interval. Discrepancies are raised as alerts; one above the halt threshold holds all trading
 * (scope `reconciliation`) until a later pass finds the books agree again. Trading does not start
 * before the first pass is clean.
 *
 * With `confirm`, a venue found to differ is read again after `confirm()` (a short wait, and
 * whatever the caller refreshes) and only what differs both times counts: a pass on the wall
 * clock otherwise catches a fill on its way from the venue to the ledger. Between replay tasks
 * (the one-process run) nothing is in flight and no confirmation is needed.
 */
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { EventId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import {
  type HoldingsView,
  positionKey,
  type ReconcileResult,
  reconcile,
  verdictOf,
} from '../portfolio/reconcile.js';
import type { VenueClient } from '../venues/port.js';
import type { Logger } from './logger.js';

export interface ReconcilerOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  /** Only their accounts are read. */
  readonly venues: ReadonlyMap<VenueName, Pick<VenueClient, 'account'>>;
  /** What the ledger says this venue should hold. */
  readonly ledgerView: (venue: VenueName) => HoldingsView;
  readonly log: Logger;
  /** Called before a venue that differs is read again; only lasting differences count. */
  readonly confirm?: () => Promise<void>;
}

export interface Reconciler {
  /** One pass over every venue that can report its account. */
  runOnce(): Promise<ReconcileResult[]>;
  readonly passes: number;
}

export function createReconciler(opts: ReconcilerOptions): Reconciler {
  const { bus, clock } = opts;
  let passes = 0;
  let holding: boolean | null = null;
  let seq = 0;
  const id = (what: string) => {
    seq += 1;
    return `reconcile:${what}:${seq}` as EventId;
  };
  return {
    get passes() {
      return passes;
    },
    async runOnce() {
      passes += 1;
      const results: ReconcileResult[] = [];
      for (const [venue, client] of opts.venues) {
        if (!client.account) continue;
        const first = await readAndCompare(venue, client.account, opts.ledgerView);
        if (first.discrepancies.length === 0 || !opts.confirm) {
          results.push(first);
          continue;
        }
        await opts.confirm();
        results.push(lasting(first, await readAndCompare(venue, client.account, opts.ledgerView)));
      }
      const now = clock.now();
      for (const r of results) {
        for (const d of r.discrepancies) {
          const message = `${d.venue} ${d.kind} ${d.key}: ledger ${d.ledger}, venue ${d.venueValue} (drift ${(d.drift * 100).toFixed(4)}%)`;
          opts.log.warn('reconciliation discrepancy', { message });
          await bus.publish({
            type: 'Alert',
            id: id('alert'),
            ts: now,
            severity: d.severity === 'halt' ? 'critical' : 'warning',
            source: 'reconciler',
            message,
          });
        }
      }
      const halt = results.some((r) => r.verdict === 'halt');
      if (halt !== holding) {
        holding = halt;
        await bus.publish({
          type: 'TradingStateChanged',
          id: id('state'),
          ts: now,
          scope: 'reconciliation',
          state: halt ? 'HALTED' : 'ACTIVE',
          reason: halt
            ? `ledger and venue disagree by more than 1 % (${results
                .filter((r) => r.verdict === 'halt')
                .map((r) => r.venue)
                .join(', ')})`
            : `reconciliation pass ${passes}: ledger and venues agree`,
          origin: 'reconciler',
        });
      }
      return results;
    },
  };
}

async function readAndCompare(
  venue: VenueName,
  account: NonNullable<VenueClient['account']>,
  ledgerView: (venue: VenueName) => HoldingsView,
): Promise<ReconcileResult> {
  const [cash, positions, openOrders, fillIds] = await Promise.all([
    account.balance(),
    account.positions(),
    account.openOrders(),
    account.fillIds(),
  ]);
  const reported: HoldingsView = {
    cash,
    positions: new Map(positions.map((p) => [positionKey(p.instrumentId, p.side), p.qty])),
    openOrders: new Set(openOrders),
    fills: new Set(fillIds),
  };
  return reconcile({ venue, ledger: ledgerView(venue), reported });
}

/** The second read's discrepancies that the first read had too, and the verdict they give. */
function lasting(first: ReconcileResult, second: ReconcileResult): ReconcileResult {
  const before = new Set(first.discrepancies.map((d) => `${d.kind}|${d.key}`));
  const discrepancies = second.discrepancies.filter((d) => before.has(`${d.kind}|${d.key}`));
  return { ...second, discrepancies, verdict: verdictOf(discrepancies) };
}
