/**
 * Markets being settled, per venue. Between our ledger booking a settlement (MarketSettled: the
 * position paid out) and the venue's account showing it (position gone, cash credited), or the
 * other way round, the two disagree without any fault. While a market of a venue is settling, a
 * reconciliation pass sets aside that venue's cash and the positions of the market; the window
 * ends at the first pass where they agree again, or at the cap (6 hours), after which
 * differences count as any other. Differences elsewhere count as always. Pure.
 */
import type { VenueName } from '../core/instruments.js';
import {
  type Discrepancy,
  type PositionKeyCanonicaliser,
  positionKey,
  type ReconcileResult,
  verdictOf,
} from './reconcile.js';

/** How long a settlement may keep the venue's account and the ledger apart. */
export const SETTLING_CAP_MS = 6 * 3_600_000;

export class SettlingMarkets {
  /** Open windows: when each began (clock ms), by venue and instrument. */
  private readonly windows = new Map<VenueName, Map<string, number>>();
  /** Instruments whose window the venue opened and that ended: not opened by the venue again. */
  private readonly ended = new Map<VenueName, Set<string>>();
  /** Windows that reached the cap with the two still apart. */
  expired = 0;

  constructor(private readonly capMs: number = SETTLING_CAP_MS) {}

  /** Our ledger books the market's settlement (MarketSettled seen at `ts`). */
  settledByUs(venue: VenueName, instrumentId: string, ts: number): void {
    this.ended.get(venue)?.delete(instrumentId);
    this.begin(venue, instrumentId, ts);
  }

  /**
   * The venue shows the market settled. It goes on showing it: a window it opened that has
   * ended is not opened again by it (only by a settlement of ours).
   */
  shownByVenue(venue: VenueName, instrumentId: string, ts: number): void {
    if (this.ended.get(venue)?.has(instrumentId)) return;
    this.begin(venue, instrumentId, ts);
  }

  /** Instruments settling at the venue now. */
  settling(venue: VenueName): string[] {
    return [...(this.windows.get(venue)?.keys() ?? [])];
  }

  /**
   * A pass's result for the venue, with its cash and the settling markets' positions set aside
   * while a window is open. Ends the windows whose market agrees (and cash with it), and those
   * past the cap: their differences count from this pass on.
   */
  apply(result: ReconcileResult, now: number, canonical?: PositionKeyCanonicaliser): ReconcileResult {
    const open = this.windows.get(result.venue);
    if (!open || open.size === 0) return result;
    const keyOf = canonical ?? ((k: string) => k);
    const keysOf = (id: string) => [keyOf(positionKey(id, 'yes')), keyOf(positionKey(id, 'no'))];
    const apart = new Set(result.discrepancies.filter((d) => d.kind === 'position').map((d) => d.key));
    const cashApart = result.discrepancies.some((d) => d.kind === 'balance');
    for (const [id, since] of [...open]) {
      const agrees = !cashApart && keysOf(id).every((k) => !apart.has(k));
      if (!agrees && now - since < this.capMs) continue;
      if (!agrees) this.expired += 1;
      this.end(result.venue, id);
    }
    if (open.size === 0) return result;
    const involved = new Set([...open.keys()].flatMap(keysOf));
    const setAside = (d: Discrepancy) =>
      d.kind === 'balance' || (d.kind === 'position' && involved.has(d.key));
    const kept = result.discrepancies.filter((d) => !setAside(d));
    const deferred = result.discrepancies.filter(setAside);
    return { ...result, discrepancies: kept, verdict: verdictOf(kept), deferred };
  }

  private begin(venue: VenueName, instrumentId: string, ts: number): void {
    const open = this.windows.get(venue) ?? new Map<string, number>();
    if (!open.has(instrumentId)) open.set(instrumentId, ts);
    this.windows.set(venue, open);
  }

  private end(venue: VenueName, instrumentId: string): void {
    this.windows.get(venue)?.delete(instrumentId);
    const ended = this.ended.get(venue) ?? new Set<string>();
    ended.add(instrumentId);
    this.ended.set(venue, ended);
  }
}
