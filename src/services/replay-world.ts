/**
 * The simulated outside world of a replay: the venue simulators (their makers' books reach the
 * bus through our own WebSocket clients) and the barrier run after each timeline task. The
 * one-process run and the lock-step replay driver use the same one, so both shapes see the same
 * books at the same replay instants.
 */
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { Micros } from '../core/money.js';
import { type KalshiSimVenue, startKalshiSimVenue } from './kalshi-sim-venue.js';
import type { Logger } from './logger.js';
import { type PolymarketSimVenue, startPolymarketSimVenue } from './polymarket-sim-venue.js';

/** What both venue simulators' flush barriers have in common. */
export interface FlushingVenue {
  /** Publishes the books that changed once every frame sent has been handled; true if any was. */
  flush(): Promise<boolean>;
}

/**
 * After a task: wait until everything published has been handled (`settled`), then let each venue
 * simulator publish the books that changed meanwhile, and again until no book changes (our orders
 * move books, and the moved books may set off more orders).
 */
export async function settleTask(
  settled: () => Promise<void>,
  venues: readonly FlushingVenue[],
): Promise<void> {
  for (;;) {
    await settled();
    let more = false;
    for (const v of venues) if (await v.flush()) more = true;
    if (!more) return;
  }
}

export interface VenueSimulators {
  readonly kalshi: KalshiSimVenue;
  readonly polymarket: PolymarketSimVenue;
  close(): Promise<void>;
}

/** Both venue simulators on loopback, with the trader's cash split as the ledger's deposits. */
export async function startVenueSimulators(opts: {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly kalshiBalance: Micros;
  readonly polymarketBalance: Micros;
  readonly kalshi?: Pick<Parameters<typeof startKalshiSimVenue>[0], 'port' | 'key' | 'timestampToleranceMs'>;
  readonly polymarket?: Pick<
    Parameters<typeof startPolymarketSimVenue>[0],
    'port' | 'privateKey' | 'timestampToleranceMs'
  >;
}): Promise<VenueSimulators> {
  const { bus, clock, log } = opts;
  const kalshi = await startKalshiSimVenue({
    bus,
    clock,
    log,
    startingBalance: opts.kalshiBalance,
    ...opts.kalshi,
  });
  const polymarket = await startPolymarketSimVenue({
    bus,
    clock,
    log,
    startingBalance: opts.polymarketBalance,
    ...opts.polymarket,
  });
  return {
    kalshi,
    polymarket,
    close: async () => {
      await kalshi.close();
      await polymarket.close();
    },
  };
}
