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
 *
 * Position keys are compared in canonical form (`canonicalKey`, else the venue account's
 * `complementOf`): the ledger's Polymarket NO of a token and the venue's holding of the other
 * token are one position. While a market of a venue is settling (MarketSettled seen on
 * `markets`, or the venue's account showing it settled) the venue's cash and that market's
 * positions are set aside until they agree again, for at most `settlingCapMs` (6 hours).
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { EventId, InstrumentId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import {
  complementCanonicaliser,
  type HoldingsView,
  type PositionKeyCanonicaliser,
  positionKey,
  type ReconcileResult,
  reconcile,
  verdictOf,
} from '../portfolio/reconcile.js';
import { SETTLING_CAP_MS, SettlingMarkets } from '../portfolio/settling.js';
import type { VenueAccount, VenueClient } from '../venues/port.js';
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
  /**
   * A venue's position key in the form both sides are compared in. Absent: the venue account's
   * `complementOf` (NO of an instrument held as YES of another), else the key as it is.
   */
  readonly canonicalKey?: (venue: VenueName, key: string) => string;
  /** How long a settling market may keep the venue and the ledger apart, clock ms (6 hours). */
  readonly settlingCapMs?: number;
  /** Its consumer on `markets` (the instance id when run as a service); its group is its own. */
  readonly consumer?: string;
}

export interface Reconciler {
  /** One pass over every venue that can report its account. */
  runOnce(): Promise<ReconcileResult[]>;
  readonly passes: number;
  /** Instruments whose settlement is set aside at the venue now. */
  settling(venue: VenueName): string[];
  /** Its subscription to `markets` (settlements seen). */
  readonly subscription: Subscription;
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
  const settling = new SettlingMarkets(opts.settlingCapMs ?? SETTLING_CAP_MS);
  const consumer = opts.consumer ?? 'reconciler-1';
  const subscription = bus.subscribe({
    group: `reconciler.settlements.${consumer}`,
    consumer,
    topics: ['markets'],
    handler: (event) => {
      if (event.type !== 'MarketSettled') return;
      settling.settledByUs(event.venue, event.instrumentId, event.ts);
      opts.venues.get(event.venue)?.account?.marketSettled?.(event.instrumentId);
    },
  });
  const canonicalOf = (venue: VenueName, account: VenueAccount): PositionKeyCanonicaliser | undefined => {
    const custom = opts.canonicalKey;
    if (custom) return (key) => custom(venue, key);
    const complementOf = account.complementOf?.bind(account);
    return complementOf ? complementCanonicaliser((i) => complementOf(i as InstrumentId)) : undefined;
  };
  return {
    subscription,
    settling: (venue) => settling.settling(venue),
    get passes() {
      return passes;
    },
    async runOnce() {
      passes += 1;
      const results: ReconcileResult[] = [];
      for (const [venue, client] of opts.venues) {
        const account = client.account;
        if (!account) continue;
        const canonical = canonicalOf(venue, account);
        const read = async () => {
          const held = [...opts.ledgerView(venue).positions.keys()].map(
            (key) => key.slice(0, key.lastIndexOf('|')) as InstrumentId,
          );
          const shown = (await account.settledInstruments?.(held)) ?? [];
          for (const i of shown) settling.shownByVenue(venue, i, clock.now());
          return readAndCompare(venue, account, opts.ledgerView, canonical);
        };
        const first = await read();
        const result =
          first.discrepancies.length === 0 || !opts.confirm
            ? first
            : await opts.confirm().then(async () => lasting(first, await read()));
        const settled = settling.apply(result, clock.now(), canonical);
        if (settled.deferred?.length)
          opts.log.info('reconciliation set aside while markets settle', {
            venue,
            settling: settling.settling(venue),
            deferred: settled.deferred.map((d) => `${d.kind} ${d.key}`),
          });
        results.push(settled);
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
  account: VenueAccount,
  ledgerView: (venue: VenueName) => HoldingsView,
  canonicalKey: PositionKeyCanonicaliser | undefined,
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
  return reconcile({ venue, ledger: ledgerView(venue), reported, ...(canonicalKey ? { canonicalKey } : {}) });
}

/** The second read's discrepancies that the first read had too, and the verdict they give. */
function lasting(first: ReconcileResult, second: ReconcileResult): ReconcileResult {
  const before = new Set(first.discrepancies.map((d) => `${d.kind}|${d.key}`));
  const discrepancies = second.discrepancies.filter((d) => before.has(`${d.kind}|${d.key}`));
  return { ...second, discrepancies, verdict: verdictOf(discrepancies) };
}
