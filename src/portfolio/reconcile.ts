/**
 * Reconciliation: what the ledger says we hold at a venue against what the venue says. Cash is
 * compared with the ledger's cash plus what it has reserved for orders (the venue still holds
 * that money); positions contract by contract; open orders and fills id by id. A drift above
 * 0.01 % alerts; above 1 % halts; an order or fill one side lacks halts. Position keys are
 * compared in a canonical form when the venue holds one side as another instrument (Polymarket).
 * Pure.
 */
import type { ContractSide, VenueName } from '../core/instruments.js';

export interface ReconcileThresholds {
  /** Drift ratio above which to alert (0.0001 = 0.01 %). */
  readonly alert: number;
  /** Drift ratio above which to halt trading (0.01 = 1 %). */
  readonly halt: number;
}

export const DEFAULT_RECONCILE_THRESHOLDS: ReconcileThresholds = { alert: 0.0001, halt: 0.01 };

export interface HoldingsView {
  readonly cash: number;
  /** Quantity by `${instrumentId}|${side}`. */
  readonly positions: ReadonlyMap<string, number>;
  /** Client order ids still working (ours: not yet final; the venue's: resting). */
  readonly openOrders?: ReadonlySet<string>;
  /** Fill ids booked (ours: in the ledger; the venue's: given to us). */
  readonly fills?: ReadonlySet<string>;
}

export interface Discrepancy {
  readonly venue: VenueName;
  readonly kind: 'balance' | 'position' | 'order' | 'fill';
  /** The account or `${instrumentId}|${side}` that differs. */
  readonly key: string;
  readonly ledger: number;
  readonly venueValue: number;
  /** |ledger - venue| / max(|ledger|, |venue|). */
  readonly drift: number;
  readonly severity: 'alert' | 'halt';
}

export interface ReconcileResult {
  readonly venue: VenueName;
  readonly discrepancies: readonly Discrepancy[];
  readonly verdict: 'ok' | 'alert' | 'halt';
  /** Differences set aside while a market settles (not counted in the verdict). */
  readonly deferred?: readonly Discrepancy[];
}

/**
 * Names a position key the one way the ledger and the venue agree on. Two keys may name one
 * holding (a Polymarket NO of one token is a holding of its complement token): what maps to
 * the same key is summed before the comparison.
 */
export type PositionKeyCanonicaliser = (key: string) => string;

function drift(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

export function positionKey(instrumentId: string, side: ContractSide): string {
  return `${instrumentId}|${side}`;
}

/**
 * Where a NO contract of an instrument is, at the venue, a YES holding of another (Polymarket:
 * NO of a token is its market's other token), that YES key; every other key as it is. A
 * complement unknown leaves the key as it is.
 */
export function complementCanonicaliser(
  complementOf: (instrumentId: string) => string | null,
): PositionKeyCanonicaliser {
  return (key) => {
    const bar = key.lastIndexOf('|');
    if (bar < 0 || key.slice(bar + 1) !== 'no') return key;
    const other = complementOf(key.slice(0, bar));
    return other === null ? key : positionKey(other, 'yes');
  };
}

/** The positions under their canonical keys, quantities that name one holding summed. */
export function canonicalPositions(
  positions: ReadonlyMap<string, number>,
  canonical: PositionKeyCanonicaliser | undefined,
): ReadonlyMap<string, number> {
  if (!canonical) return positions;
  const out = new Map<string, number>();
  for (const [key, qty] of positions) {
    const k = canonical(key);
    out.set(k, (out.get(k) ?? 0) + qty);
  }
  return out;
}

export function reconcile(opts: {
  venue: VenueName;
  ledger: HoldingsView;
  reported: HoldingsView;
  thresholds?: ReconcileThresholds;
  /** Applied to both sides' position keys before they are compared; absent: keys as they are. */
  canonicalKey?: PositionKeyCanonicaliser;
}): ReconcileResult {
  const t = opts.thresholds ?? DEFAULT_RECONCILE_THRESHOLDS;
  const found: Discrepancy[] = [];
  const check = (kind: Discrepancy['kind'], key: string, ledger: number, venueValue: number) => {
    const d = drift(ledger, venueValue);
    if (d > t.alert) {
      found.push({
        venue: opts.venue,
        kind,
        key,
        ledger,
        venueValue,
        drift: d,
        severity: d > t.halt ? 'halt' : 'alert',
      });
    }
  };
  check('balance', `cash:${opts.venue}`, opts.ledger.cash, opts.reported.cash);
  const ours = canonicalPositions(opts.ledger.positions, opts.canonicalKey);
  const theirs = canonicalPositions(opts.reported.positions, opts.canonicalKey);
  const keys = new Set([...ours.keys(), ...theirs.keys()]);
  for (const key of [...keys].sort()) check('position', key, ours.get(key) ?? 0, theirs.get(key) ?? 0);
  // Orders and fills either match or do not: any one the other side lacks is unexplained.
  const compareSets = (kind: 'order' | 'fill', ours?: ReadonlySet<string>, theirs?: ReadonlySet<string>) => {
    if (!ours || !theirs) return;
    for (const id of [...new Set([...ours, ...theirs])].sort()) {
      const inLedger = ours.has(id) ? 1 : 0;
      const atVenue = theirs.has(id) ? 1 : 0;
      if (inLedger !== atVenue) {
        found.push({
          venue: opts.venue,
          kind,
          key: id,
          ledger: inLedger,
          venueValue: atVenue,
          drift: 1,
          severity: 'halt',
        });
      }
    }
  };
  compareSets('order', opts.ledger.openOrders, opts.reported.openOrders);
  compareSets('fill', opts.ledger.fills, opts.reported.fills);
  return { venue: opts.venue, discrepancies: found, verdict: verdictOf(found) };
}

/** Halt if any discrepancy halts, alert if there is any, else ok. */
export function verdictOf(discrepancies: readonly Discrepancy[]): ReconcileResult['verdict'] {
  return discrepancies.some((d) => d.severity === 'halt')
    ? 'halt'
    : discrepancies.length > 0
      ? 'alert'
      : 'ok';
}
