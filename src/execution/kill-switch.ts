/**
 * The kill switch's sweep: every order still working at the chosen venues is cancelled, ours
 * (each cancel's report applied like any other answer) and any other the venue lists open for
 * the account (sent by an earlier process).
 */
import type { OrderIntent } from '../core/events.js';
import type { ClientOrderId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { VenueClient, VenueOrderReport } from '../venues/port.js';

export interface CancelAllResult {
  readonly canceled: number;
  readonly failed: readonly string[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function cancelEverywhere(opts: {
  readonly venues: ReadonlyMap<VenueName, VenueClient>;
  /** The venues to sweep; all when absent. */
  readonly only: readonly VenueName[] | undefined;
  /** Our orders not yet done. */
  readonly working: readonly OrderIntent[];
  readonly apply: (intent: OrderIntent, report: VenueOrderReport) => Promise<void>;
}): Promise<CancelAllResult> {
  const wanted = (venue: VenueName) => !opts.only || opts.only.includes(venue);
  let canceled = 0;
  const failed: string[] = [];
  const done = new Set<ClientOrderId>();
  for (const intent of opts.working) {
    const venue = opts.venues.get(intent.venue);
    if (!venue || !wanted(intent.venue)) continue;
    done.add(intent.clientOrderId);
    try {
      const report = await venue.cancel(intent.clientOrderId);
      if (report) {
        await opts.apply(intent, report);
        canceled += 1;
      } else failed.push(`${intent.clientOrderId}: the venue has no record of it`);
    } catch (error) {
      failed.push(`${intent.clientOrderId}: ${message(error)}`);
    }
  }
  for (const [name, venue] of opts.venues) {
    if (!wanted(name) || !venue.account) continue;
    let open: ClientOrderId[];
    try {
      open = await venue.account.openOrders();
    } catch (error) {
      failed.push(`${name} open orders: ${message(error)}`);
      continue;
    }
    for (const id of open) {
      if (done.has(id)) continue;
      try {
        if (await venue.cancel(id)) canceled += 1;
        else failed.push(`${id}: the venue has no record of it`);
      } catch (error) {
        failed.push(`${id}: ${message(error)}`);
      }
    }
  }
  return { canceled, failed };
}
