/** What starting either venue simulator for a replay takes (kalshi-sim-venue.ts, polymarket-sim-venue.ts). */
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { Micros } from '../core/money.js';
import type { Logger } from './logger.js';

export interface SimVenueOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  /** The trader's cash at the venue. */
  readonly startingBalance: Micros;
  /** The loopback port to listen on; any free one when absent. */
  readonly port?: number;
  /**
   * How far a request's signed timestamp may be from the replay clock (default a day). The
   * lock-step driver's traders sign with the time of their last event, or the wall clock before
   * their first one, so it accepts any.
   */
  readonly timestampToleranceMs?: number;
}
