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
import type { VenueInstrument } from '../../core/instruments.js';
import type { Logger } from '../logger.js';
import { BookPublisher } from './book-publisher.js';
import type { FeedCounters, GatewayFeed, GatewayFeedFactory, GatewayVenue } from './feed.js';

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
  /** Follows an instrument as its MarketMapped would (a restarted gateway, from the store). */
  follow(instrument: VenueInstrument): void;
  /** Frames the feed has handled (see GatewayFeed.framesHandled): the replay barrier's count. */
  framesHandled(): number;
  /**
   * Barrier mode: publishes the trades and changed books collected since the last flush, and the
   * quiet books due a refresh, one snapshot each; true if anything was published.
   */
  flush(): Promise<boolean>;
  /** Followed instruments whose book is not in sync yet (cheap: a replay's barrier asks after every task). */
  awaitingBooks(): number;
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
  return new Gateway(opts);
}

class Gateway implements MarketDataGateway {
  readonly venue: GatewayVenue;
  private readonly feed: GatewayFeed;
  private readonly publisher: BookPublisher;
  /** When the venue was last heard on the connection carrying each symbol (`all`: the one connection). */
  private heardAll: number | null = null;
  private readonly heardBySymbol = new Map<string, number>();
  private malformed = 0;
  private stopped = false;
  /** Publishes run one after the other, so events keep their order. */
  private chain: Promise<unknown> = Promise.resolve();
  private immediate: NodeJS.Immediate | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private subscription: Subscription | null = null;

  constructor(private readonly opts: MarketDataGatewayOptions) {
    this.feed = opts.feed({
      onBookChanged: (symbol) => {
        this.publisher.markChanged(symbol);
        this.schedule();
      },
      onTrade: (symbol, trade) => {
        this.publisher.queueTrade(symbol, trade);
        this.schedule();
      },
      onHeard: (symbols) => this.onHeard(symbols),
      onMalformed: (reason) => this.onMalformed(reason),
      onConnection: (event) => {
        if (event.kind === 'open') opts.log.info(`${this.venue} ws connected`, { detail: event.detail });
        else opts.log.warn(`${this.venue} ws ${event.kind}`, { detail: event.detail });
      },
    });
    this.venue = this.feed.venue;
    const ids = new EventIdSequence(`${this.venue}-gateway:${opts.instanceId}`);
    this.publisher = new BookPublisher({
      venue: this.venue,
      refreshMs: opts.refreshMs ?? 5_000,
      nextId: () => ids.next(),
    });
  }

  async start(): Promise<void> {
    this.subscription = this.opts.bus.subscribe({
      group: `${this.venue}-gateway:${this.opts.instanceId}`,
      consumer: this.opts.instanceId,
      topics: ['markets'],
      handler: (event) => this.onMarkets(event),
    });
    const ready = (this.subscription as { ready?: Promise<void> }).ready;
    if (ready) await ready;
    this.feed.start();
    if (this.opts.mode === 'live') {
      this.refreshTimer = setInterval(() => void this.publishDue(), this.opts.refreshCheckMs ?? 1_000);
      this.refreshTimer.unref();
    }
  }

  framesHandled(): number {
    return this.feed.framesHandled();
  }

  flush(): Promise<boolean> {
    return this.publishDue();
  }

  ready(): boolean {
    return !this.stopped && this.feed.connected();
  }

  bookAges() {
    return this.publisher.ages(this.opts.clock.now());
  }

  awaitingBooks(): number {
    if (!this.feed.connected()) return 0;
    let awaiting = 0;
    for (const symbol of this.publisher.symbols()) if (!this.feed.inSync(symbol)) awaiting += 1;
    return awaiting;
  }

  status(): GatewayStatus {
    const ages = this.bookAges().flatMap((a) => (a.ageMs === null ? [] : [a.ageMs]));
    let inSync = 0;
    for (const symbol of this.publisher.symbols()) if (this.feed.inSync(symbol)) inSync += 1;
    const { counts } = this.publisher;
    return {
      venue: this.venue,
      mode: this.opts.mode,
      connected: this.feed.connected(),
      instruments: this.publisher.size,
      inSync,
      oldestBookAgeMs: ages.length > 0 ? Math.max(...ages) : null,
      booksOnChange: counts.changes,
      booksRefreshed: counts.refreshes,
      tradesPublished: counts.trades,
      ...this.feed.counters(),
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    await this.subscription?.close();
    this.stopped = true;
    if (this.immediate !== null) clearImmediate(this.immediate);
    if (this.refreshTimer !== null) clearInterval(this.refreshTimer);
    await this.chain;
    await this.feed.stop();
  }

  /**
   * Follows an instrument of this venue, as a MarketMapped does (a restarted gateway is given the
   * ones the store knows). Following one already followed does nothing.
   */
  follow(instrument: VenueInstrument): void {
    const { instrumentId, symbol, venue } = instrument;
    if (venue !== this.venue || this.stopped || !this.publisher.track(instrumentId, symbol)) return;
    this.feed.follow(symbol);
    this.opts.log.info(`${this.venue} gateway follows`, { instrumentId, symbol });
  }

  private onMarkets(event: ArbeesEvent): void {
    if (event.type === 'MarketMapped') {
      this.follow(event.instrument);
    } else if (event.type === 'MarketClosed' || event.type === 'MarketSettled') {
      const symbol = this.publisher.untrack(event.instrumentId);
      if (symbol === null) return;
      this.feed.unfollow(symbol);
      this.heardBySymbol.delete(symbol);
      this.opts.log.info(`${this.venue} gateway stops following`, {
        instrumentId: event.instrumentId,
        symbol,
      });
    }
  }

  /** Live mode: the frames just received count as the venue's word as of now. */
  private onHeard(symbols: ReadonlySet<string> | 'all'): void {
    if (this.opts.mode !== 'live') return;
    const now = this.opts.clock.now();
    if (symbols === 'all') this.heardAll = now;
    else for (const s of symbols) this.heardBySymbol.set(s, now);
  }

  private onMalformed(reason: string): void {
    this.malformed += 1;
    if (this.malformed <= LOG_FIRST_MALFORMED || this.malformed % LOG_EVERY_MALFORMED === 0)
      this.opts.log.warn(`${this.venue} ws frame not understood`, { reason, malformed: this.malformed });
  }

  /** Live mode: publish once the frames already received are handled (a burst, one snapshot per book). */
  private schedule(): void {
    if (this.opts.mode !== 'live' || this.stopped || this.immediate !== null) return;
    this.immediate = setImmediate(() => {
      this.immediate = null;
      void this.publishDue();
    });
  }

  /**
   * When the venue last confirmed the symbol's connection: in barrier mode the flush itself (its
   * caller has seen every frame sent handled); live, the last frame or keep-alive heard.
   */
  private confirmedAt(symbol: string, now: number): number | null {
    if (!this.feed.isOpen(symbol)) return null;
    if (this.opts.mode === 'barrier') return now;
    const heard = Math.max(this.heardAll ?? -1, this.heardBySymbol.get(symbol) ?? -1);
    return heard < 0 ? null : heard;
  }

  private publishDue(): Promise<boolean> {
    const run = this.chain.then(async () => {
      if (this.stopped) return false;
      const now = this.opts.clock.now();
      const due = this.publisher.due(now, {
        levels: (symbol) => this.feed.levels(symbol),
        confirmedAt: (symbol) => this.confirmedAt(symbol, now),
      });
      for (const event of due) await this.opts.bus.publish(event);
      return due.length > 0;
    });
    this.chain = run.catch((error: unknown) =>
      this.opts.log.error(`${this.venue} gateway publish failed`, { error: String(error) }),
    );
    return run;
  }
}
