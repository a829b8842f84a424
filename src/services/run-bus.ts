/** What a one-process run lends to what it hosts beside the pipeline (the API): its bus and clock. */
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';

export interface RunBus {
  readonly bus: Bus;
  /** The run's business clock (a replay's simulated one): control actions are stamped with it. */
  readonly clock: Clock;
}
