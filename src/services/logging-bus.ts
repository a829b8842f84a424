/** The one-process shapes' in-memory bus on the run's clock, a failed handler logged with what it was handling. */
import { MemoryBus } from '../bus/memory-bus.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from './logger.js';

export function loggingBus(opts: { readonly clock: Clock; readonly log: Logger }): MemoryBus {
  const { clock, log } = opts;
  return new MemoryBus({
    now: () => clock.now(),
    onHandlerError: (error, event, delivery) =>
      log.error('handler failed', {
        group: delivery.group,
        event: event.type,
        id: event.id,
        error: String(error),
      }),
  });
}
