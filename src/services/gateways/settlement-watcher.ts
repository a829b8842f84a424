/**
 * Settlement from the venue's own resolution, not from the ESPN final alone. For each instrument
 * of its venue mapped on `markets`, the watcher asks the venue once (its close time, or a market
 * already resolved), and then again and again, with a growing interval, from the moment its game
 * is final (`GameFinal` on `games`), the market is closed (`MarketClosed` seen on the bus, or the
 * venue says so), or the venue's close time has passed, until the venue has resolved it. Then it
 * publishes `MarketClosed` (unless one was seen for the instrument) and `MarketSettled`, with the
 * YES payout when the venue paid a fraction (a tie at $0.50 each, a Polymarket 50-50).
 *
 * A venue that cannot be asked is counted and asked again at the next interval. Time is the
 * injected clock's and the polls are Scheduler tasks, so a replay polls at fixed replay times;
 * the event ids come from the instrument id, so a replay (or a second watcher) publishes the same
 * ids and consumers keep each once. A `MarketSettled` seen from elsewhere ends the polling.
 */
import type { Bus, Subscription } from '../../bus/port.js';
import type { Clock } from '../../core/clock.js';
import type { ArbeesEvent, MarketSettled } from '../../core/events.js';
import { asEventId, type EventId, type GameId, type InstrumentId } from '../../core/ids.js';
import type { VenueInstrument } from '../../core/instruments.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { Logger } from '../logger.js';
import type { GatewayVenue } from './feed.js';
import type { MarketResolution, ResolutionReader } from './resolution.js';

export interface SettlementWatcherOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly reader: ResolutionReader;
  readonly log: Logger;
  /** Its consumer group on `markets` and `games` is its own. */
  readonly instanceId: string;
  /** The first interval between asks once polling starts, and the longest (clock ms). */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /**
   * Whether to poll from the venue's close time too (on by default). A replay may turn it off:
   * a close time two days after the game would keep its timeline running that long.
   */
  readonly watchCloseTime?: boolean;
  /** Polling stops, with an error logged, this long (clock ms) after it started without a resolution. */
  readonly giveUpAfterMs?: number;
}

export interface SettlementCounters {
  /** Reads of the venue, and of those the ones that failed (venue down, answer not understood). */
  reads: number;
  unavailable: number;
  closedPublished: number;
  settledPublished: number;
  /** Instruments whose polling gave up without a resolution. */
  gaveUp: number;
}

interface Watched {
  readonly instrument: VenueInstrument;
  closedSeen: boolean;
  settled: boolean;
  /** When polling started (clock ms), or null while only the first ask was made. */
  pollingSince: number | null;
  /** Asks made since polling started, for the interval. */
  attempts: number;
  /** A read in flight or a poll scheduled: a trigger meanwhile does not start a second chain. */
  busy: boolean;
}

type AskOutcome = 'done' | 'again';

const DEFAULT_BACKOFF = { initialMs: 10_000, maxMs: 300_000 };
const FOURTEEN_DAYS_MS = 14 * 24 * 3_600_000;

export class SettlementWatcher {
  readonly counters: SettlementCounters = {
    reads: 0,
    unavailable: 0,
    closedPublished: 0,
    settledPublished: 0,
    gaveUp: 0,
  };
  private readonly venue: GatewayVenue;
  private readonly watched = new Map<InstrumentId, Watched>();
  private readonly byGame = new Map<GameId, Set<InstrumentId>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private subscription: Subscription | null = null;
  private stopped = false;

  constructor(private readonly opts: SettlementWatcherOptions) {
    this.venue = opts.reader.venue;
  }

  /** Resolves once the subscription is in place. */
  async start(): Promise<void> {
    this.subscription = this.opts.bus.subscribe({
      group: `${this.venue}-settlement:${this.opts.instanceId}`,
      consumer: this.opts.instanceId,
      topics: ['markets', 'games'],
      handler: (event) => this.onEvent(event),
    });
    const ready = (this.subscription as { ready?: Promise<void> }).ready;
    if (ready) await ready;
  }

  /** No more asks; resolves once the reads in flight are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await Promise.all([...this.inFlight]);
  }

  /** Watches an instrument of this venue, as a MarketMapped does (for a restarted watcher). */
  follow(instrument: VenueInstrument): void {
    if (!this.stopped) this.onMapped(instrument);
  }

  private onEvent(event: ArbeesEvent): void {
    if (this.stopped) return;
    if (event.type === 'MarketMapped') this.onMapped(event.instrument);
    else if (event.type === 'GameFinal')
      for (const id of this.byGame.get(event.gameId) ?? []) this.startPolling(this.watched.get(id));
    else if (event.type === 'MarketClosed') {
      const w = this.watched.get(event.instrumentId);
      if (w) w.closedSeen = true;
      this.startPolling(w);
    } else if (event.type === 'MarketSettled') {
      const w = this.watched.get(event.instrumentId);
      if (w) w.settled = true;
    }
  }

  private onMapped(instrument: VenueInstrument): void {
    if (instrument.venue !== this.venue || this.watched.has(instrument.instrumentId)) return;
    const w: Watched = {
      instrument,
      closedSeen: false,
      settled: false,
      pollingSince: null,
      attempts: 0,
      busy: true,
    };
    this.watched.set(instrument.instrumentId, w);
    const ids = this.byGame.get(instrument.gameId) ?? new Set<InstrumentId>();
    this.byGame.set(instrument.gameId, ids);
    ids.add(instrument.instrumentId);
    this.opts.scheduler.at(this.now(), () => this.firstAsk(w));
  }

  /** The first ask, at mapping: the close time, or a market resolved or closed already. */
  private async firstAsk(w: Watched): Promise<void> {
    if ((await this.askOnce(w)) === 'done') return;
    if (w.closedSeen && w.pollingSince === null) w.pollingSince = this.now();
    this.scheduleNext(w); // only once polling has started (a trigger came meanwhile, or it is closed)
  }

  private startPolling(w: Watched | undefined): void {
    if (!w || this.stopped || w.settled || w.pollingSince !== null) return;
    w.pollingSince = this.now();
    if (w.busy) return; // an ask is scheduled or running, and goes on polling after it
    w.busy = true;
    this.opts.scheduler.at(this.now(), () => this.poll(w));
  }

  private async poll(w: Watched): Promise<void> {
    if ((await this.askOnce(w)) === 'again') this.scheduleNext(w);
  }

  /** The next ask after the growing interval, unless polling has gone on too long. */
  private scheduleNext(w: Watched): void {
    if (this.stopped || w.settled || w.pollingSince === null) return;
    if (this.now() - w.pollingSince >= (this.opts.giveUpAfterMs ?? FOURTEEN_DAYS_MS)) {
      this.counters.gaveUp += 1;
      this.opts.log.error(`${this.venue} market never resolved; no longer asking`, {
        instrumentId: w.instrument.instrumentId,
        pollingSince: w.pollingSince,
      });
      return;
    }
    const { initialMs, maxMs } = this.opts.backoff ?? DEFAULT_BACKOFF;
    const wait = Math.min(maxMs, initialMs * 2 ** w.attempts);
    w.attempts += 1;
    w.busy = true;
    this.opts.scheduler.at(this.now() + wait, () => this.poll(w));
  }

  /** Asks once; `busy` until the answer is in. Tracked, so stop() waits for it. */
  private async askOnce(w: Watched): Promise<AskOutcome> {
    if (this.stopped || w.settled) {
      w.busy = false;
      return 'done';
    }
    const run = (async () => {
      this.counters.reads += 1;
      return this.apply(w, await this.opts.reader.read(w.instrument));
    })().catch((error: unknown) => {
      this.opts.log.error(`${this.venue} settlement read failed`, {
        instrumentId: w.instrument.instrumentId,
        error: String(error),
      });
      return 'again' as const;
    });
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
      w.busy = false;
    }
  }

  private async apply(w: Watched, r: MarketResolution): Promise<AskOutcome> {
    switch (r.state) {
      case 'unavailable':
        this.counters.unavailable += 1;
        this.opts.log.warn(`${this.venue} resolution not read; asking again later`, {
          instrumentId: w.instrument.instrumentId,
          reason: r.reason,
        });
        return 'again';
      case 'open':
        if (w.pollingSince === null && this.opts.watchCloseTime !== false && r.closeTs !== null)
          this.opts.scheduler.at(r.closeTs, () => this.startPolling(w));
        return 'again';
      case 'closed':
        await this.publishClosed(w);
        return 'again';
      case 'resolved':
        await this.publishClosed(w);
        await this.publishSettled(w, r);
        return 'done';
    }
  }

  private async publishClosed(w: Watched): Promise<void> {
    if (w.closedSeen) return;
    w.closedSeen = true;
    this.counters.closedPublished += 1;
    await this.opts.bus.publish({
      type: 'MarketClosed',
      id: this.idOf('closed', w.instrument.instrumentId),
      ts: this.now(),
      instrumentId: w.instrument.instrumentId,
    });
  }

  private async publishSettled(
    w: Watched,
    r: Extract<MarketResolution, { state: 'resolved' }>,
  ): Promise<void> {
    w.settled = true;
    this.counters.settledPublished += 1;
    const settled: MarketSettled = {
      type: 'MarketSettled',
      id: this.idOf('settled', w.instrument.instrumentId),
      ts: this.now(),
      instrumentId: w.instrument.instrumentId,
      venue: this.venue,
      result: r.result,
      ...(r.yesPayout === undefined ? {} : { yesPayout: r.yesPayout }),
    };
    await this.opts.bus.publish(settled);
    this.opts.log.info(`${this.venue} market settled`, {
      instrumentId: w.instrument.instrumentId,
      result: r.result,
      yesPayout: r.yesPayout ?? null,
    });
  }

  /** From the instrument id alone: a replay, or a second watcher, publishes the same ids. */
  private idOf(kind: 'closed' | 'settled', instrumentId: InstrumentId): EventId {
    return asEventId(`${this.venue}-settlement:${kind}:${instrumentId}`);
  }

  private now(): number {
    return this.opts.clock.now();
  }
}

export function createSettlementWatcher(opts: SettlementWatcherOptions): SettlementWatcher {
  return new SettlementWatcher(opts);
}
