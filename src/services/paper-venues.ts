/** Feeds the paper venues the instruments and books they match against. */
import type { Bus, Subscription } from '../bus/port.js';
import type { VenueName } from '../core/instruments.js';
import type { PaperVenue } from '../venues/paper/paper-venue.js';

export function startPaperVenueFeed(opts: {
  bus: Bus;
  venues: ReadonlyMap<VenueName, PaperVenue>;
  /** Every process holding paper venues needs every book: a group of its own. */
  group?: string;
  consumer?: string;
}): Subscription {
  return opts.bus.subscribe({
    group: opts.group ?? 'paper-venues',
    consumer: opts.consumer ?? 'paper-venues-1',
    topics: ['markets', 'md'],
    handler: (event) => {
      if (event.type === 'MarketMapped')
        opts.venues.get(event.instrument.venue)?.addInstrument(event.instrument);
      else if (event.type === 'BookSnapshot') opts.venues.get(event.venue)?.onBook(event);
      else if (event.type === 'MarketSettled')
        opts.venues.get(event.venue)?.settle(event.instrumentId, event.result);
    },
  });
}
