/**
 * A venue's market-data gateway: it follows on the venue's WebSocket exactly the instruments
 * market discovery has mapped for that venue (`MarketMapped` on `markets`; `MarketClosed` or
 * `MarketSettled` stops it) and publishes on `md` a BookSnapshot of each local book when it
 * changes, the venue's public Trades, and the quiet books the venue keeps confirming (see
 * book-publisher.ts for what is published when, and why no BookDelta).
 *
 * Two modes, the same gateway otherwise:
 * - `live`: it publishes on its own, just after the frames that changed something (a burst of
 *   frames handled together becomes one snapshot per book), and looks for quiet books due a
 *   refresh every `refreshCheckMs`. A book is confirmed by the last frame or keep-alive heard on
 *   its connection while it is open and in sync.
 * - `barrier` (a replay on a clock that stands still within a timeline task): it publishes only
 *   in `flush()`. The caller flushes once the simulated world has sent no more frames than
 *   `framesHandled()`, so every open, in-sync book is confirmed as of the flush; keep-alives,
 *   which come on wall-clock timers, move nothing, and the run stays reproducible.
 *
 * Reconnects, gap resyncs and malformed frames are the clients'; a book waiting for its snapshot
 * is not published, and its fresh snapshot is, once it comes.
 */
import type { Bus, Subscription } from '../../bus/port.js';
import type { Clock } from '../../core/clock.js';
import type { ArbeesEvent } from '../../core/events.js';
import { EventIdSequence, type InstrumentId } from '../../core/ids.js';
import type { Logger } from '../logger.js';
import { BookPublisher } from './book-publisher.js';
import type { FeedCounters, GatewayFeedFactory, GatewayVenue } from './feed.js';

export type GatewayMode = 'live' | 'barrier';

export interface MarketDataGatewayOptions {
  readonly bus: Bus;
  /** Business time: the stamps of what is published, and the refresh interval. */
  readonly clock: Clock;
  readonly feed: GatewayFeedFactory;
  readonly mode: GatewayMode;
  readonly log: Logger;
  /** Unique per gateway process: its consumer group on `markets` and the prefix of its event ids. */
  readonly instanceId: string;
  /** Re-publish a quiet, confirmed book this long (clock ms) after its last publication; 5 s. */
  readonly refreshMs?: number;
  /** Live mode: how often (wall ms) quiet books are looked at for a refresh; 1 s. */
  readonly refreshCheckMs?: number;
}

/** What a status line or /metrics shows of a gateway. */
export interface GatewayStatus extends FeedCounters {
  readonly venue: GatewayVenue;
  readonly mode: GatewayMode;
  readonly connected: boolean;
  /** Instruments followed. */
  readonly instruments: number;
  /** Of those, with a book in sync on an open connection. */
  readonly inSync: number;
  /** The oldest published book's age (ms), of those published; null when none is. */
  readonly oldestBookAgeMs: number | null;
  readonly booksOnChange: number;
  readonly booksRefreshed: number;
  readonly tradesPublished: number;
}

export interface MarketDataGateway {
  readonly venue: GatewayVenue;
  /** Subscribes `markets` (resolved once the subscription is in place) and starts the feed. */
  start(): Promise<void>;
  /** Frames the feed has handled (see GatewayFeed.framesHandled): the replay barrier's count. */
  framesHandled(): number;
  /**
   * Barrier mode: publishes the trades and changed books collected since the last flush, and the
   * quiet books due a refresh, one snapshot each; true if anything was published.
   */
  flush(): Promise<boolean>;
  /** Connected to the venue. */
  ready(): boolean;
  status(): GatewayStatus;
  /** Each followed instrument's book age as published (ms; null before its first snapshot). */
  bookAges(): { readonly instrumentId: InstrumentId; readonly ageMs: number | null }[];
  /** Stops following `markets`, the timers and the feed; nothing is published after. */
  stop(): Promise<void>;
}

/** Malformed frames logged one by one before only every LOG_EVERY_MALFORMED-th is. */
const LOG_FIRST_MALFORMED = 20;
const LOG_EVERY_MALFORMED = 1_000;

export function createMarketDataGateway(opts: MarketDataGatewayOptions): MarketDataGateway {
  const { bus, clock, log, mode } = opts;
  /** When the venue was last heard on the connection carrying each symbol (`all`: the one connection). */
  let heardAll: number | null = null;
  const heardBySymbol = new Map<string, number>();
  let malformed = 0;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();
  let immediate: NodeJS.Immediate | null = null;
  let refreshTimer: NodeJS.Timeout | null = null;
  let subscription: Subscription | null = null;
  // The feed calls back from its first frame on; the publisher exists by then (made just below).
  let publisher: BookPublisher | undefined;

  const schedule = () => {
    if (mode !== 'live' || stopped || immediate !== null) return;
    // After the frames already received are handled: a burst becomes one snapshot per book.
    immediate = setImmediate(() => {
      immediate = null;
      void publishNow();
    });
  };
  const feed = opts.feed({
    onBookChanged: (symbol) => {
      publisher?.markChanged(symbol);
      schedule();
    },
    onTrade: (symbol, trade) => {
      publisher?.queueTrade(symbol, trade);
      schedule();
    },
    onHeard: (symbols) => {
      if (mode !== 'live') return;
      const now = clock.now();
      if (symbols === 'all') heardAll = now;
      else for (const s of symbols) heardBySymbol.set(s, now);
    },
    onMalformed: (reason) => {
      malformed += 1;
      if (malformed <= LOG_FIRST_MALFORMED || malformed % LOG_EVERY_MALFORMED === 0)
        log.warn(`${feed.venue} ws frame not understood`, { reason, malformed });
    },
    onConnection: (event) => {
      if (event.kind === 'open') log.info(`${feed.venue} ws connected`, { detail: event.detail });
      else log.warn(`${feed.venue} ws ${event.kind}`, { detail: event.detail });
    },
  });
  const venue = feed.venue;
  const ids = new EventIdSequence(`${venue}-gateway:${opts.instanceId}`);
  const pub = new BookPublisher({ venue, refreshMs: opts.refreshMs ?? 5_000, nextId: () => ids.next() });
  publisher = pub;

  const confirmedAt = (symbol: string, now: number): number | null => {
    if (!feed.isOpen(symbol)) return null;
    if (mode === 'barrier') return now;
    const heard = Math.max(heardAll ?? -1, heardBySymbol.get(symbol) ?? -1);
    return heard < 0 ? null : heard;
  };

  /** Publishes what is due, one batch at a time so events keep their order. */
  const publishNow = (): Promise<boolean> => {
    const run = chain.then(async () => {
      if (stopped) return false;
      const now = clock.now();
      const due: ArbeesEvent[] = pub.due(now, {
        levels: (symbol) => feed.levels(symbol),
        confirmedAt: (symbol) => confirmedAt(symbol, now),
      });
      for (const event of due) await bus.publish(event);
      return due.length > 0;
    });
    chain = run.catch((error: unknown) =>
      log.error(`${venue} gateway publish failed`, { error: String(error) }),
    );
    return run;
  };

  const onMarkets = (event: ArbeesEvent) => {
    if (event.type === 'MarketMapped') {
      const { instrumentId, symbol } = event.instrument;
      if (event.instrument.venue !== venue || stopped || !pub.track(instrumentId, symbol)) return;
      feed.follow(symbol);
      log.info(`${venue} gateway follows`, { instrumentId, symbol });
    } else if (event.type === 'MarketClosed' || event.type === 'MarketSettled') {
      const symbol = pub.untrack(event.instrumentId);
      if (symbol === null) return;
      feed.unfollow(symbol);
      heardBySymbol.delete(symbol);
      log.info(`${venue} gateway stops following`, { instrumentId: event.instrumentId, symbol });
    }
  };

  const status = (): GatewayStatus => {
    const ages = pub.ages(clock.now()).flatMap((a) => (a.ageMs === null ? [] : [a.ageMs]));
    let inSync = 0;
    for (const symbol of pub.symbols()) if (feed.levels(symbol) !== null) inSync += 1;
    return {
      venue,
      mode,
      connected: feed.connected(),
      instruments: pub.size,
      inSync,
      oldestBookAgeMs: ages.length > 0 ? Math.max(...ages) : null,
      booksOnChange: pub.counts.changes,
      booksRefreshed: pub.counts.refreshes,
      tradesPublished: pub.counts.trades,
      ...feed.counters(),
    };
  };

  return {
    venue,
    async start() {
      subscription = bus.subscribe({
        group: `${venue}-gateway:${opts.instanceId}`,
        consumer: opts.instanceId,
        topics: ['markets'],
        handler: onMarkets,
      });
      const ready = (subscription as { ready?: Promise<void> }).ready;
      if (ready) await ready;
      feed.start();
      if (mode === 'live') {
        refreshTimer = setInterval(() => void publishNow(), opts.refreshCheckMs ?? 1_000);
        refreshTimer.unref();
      }
    },
    framesHandled: () => feed.framesHandled(),
    flush: () => publishNow(),
    ready: () => !stopped && feed.connected(),
    status,
    bookAges: () => pub.ages(clock.now()),
    async stop() {
      if (stopped) return;
      await subscription?.close();
      stopped = true;
      if (immediate !== null) clearImmediate(immediate);
      if (refreshTimer !== null) clearInterval(refreshTimer);
      await chain;
      await feed.stop();
    },
  };
}
