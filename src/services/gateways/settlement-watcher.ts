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
import { asEventId, type GameId, type InstrumentId } from '../../core/ids.js';
import type { VenueInstrument } from '../../core/instruments.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { Logger } from '../logger.js';
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

export interface SettlementWatcher {
  readonly counters: SettlementCounters;
  /** Resolves once the subscription is in place. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Watched {
  readonly instrument: VenueInstrument;
  closedSeen: boolean;
  settled: boolean;
  /** When polling started (clock ms), or null while only the first ask was made. */
  pollingSince: number | null;
  /** Asks made since polling started, for the interval. */
  attempts: number;
  /** A read in flight or a poll scheduled: the next one is not scheduled twice. */
  busy: boolean;
}

const DEFAULT_BACKOFF = { initialMs: 10_000, maxMs: 300_000 };
const FOURTEEN_DAYS_MS = 14 * 24 * 3_600_000;

export function createSettlementWatcher(opts: SettlementWatcherOptions): SettlementWatcher {
  const { bus, clock, scheduler, reader, log } = opts;
  const venue = reader.venue;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const giveUpAfterMs = opts.giveUpAfterMs ?? FOURTEEN_DAYS_MS;
  const watched = new Map<InstrumentId, Watched>();
  const byGame = new Map<GameId, Set<InstrumentId>>();
  const counters: SettlementCounters = {
    reads: 0,
    unavailable: 0,
    closedPublished: 0,
    settledPublished: 0,
    gaveUp: 0,
  };
  let stopped = false;
  let subscription: Subscription | null = null;
  const inFlight = new Set<Promise<void>>();

  const idOf = (kind: 'closed' | 'settled', instrumentId: InstrumentId) =>
    asEventId(`${venue}-settlement:${kind}:${instrumentId}`);

  const publishClosed = async (w: Watched) => {
    if (w.closedSeen) return;
    w.closedSeen = true;
    counters.closedPublished += 1;
    await bus.publish({
      type: 'MarketClosed',
      id: idOf('closed', w.instrument.instrumentId),
      ts: clock.now(),
      instrumentId: w.instrument.instrumentId,
    });
  };

  const apply = async (w: Watched, r: MarketResolution): Promise<'done' | 'again'> => {
    switch (r.state) {
      case 'unavailable':
        counters.unavailable += 1;
        log.warn(`${venue} resolution not read; asking again later`, {
          instrumentId: w.instrument.instrumentId,
          reason: r.reason,
        });
        return 'again';
      case 'open':
        if (w.pollingSince === null && opts.watchCloseTime !== false && r.closeTs !== null)
          scheduler.at(r.closeTs, () => startPolling(w));
        return 'again';
      case 'closed':
        await publishClosed(w);
        return 'again';
      case 'resolved': {
        await publishClosed(w);
        w.settled = true;
        counters.settledPublished += 1;
        const settled: MarketSettled = {
          type: 'MarketSettled',
          id: idOf('settled', w.instrument.instrumentId),
          ts: clock.now(),
          instrumentId: w.instrument.instrumentId,
          venue,
          result: r.result,
          ...(r.yesPayout === undefined ? {} : { yesPayout: r.yesPayout }),
        };
        await bus.publish(settled);
        log.info(`${venue} market settled`, {
          instrumentId: w.instrument.instrumentId,
          result: r.result,
          yesPayout: r.yesPayout ?? null,
        });
        return 'done';
      }
    }
  };

  /** One ask; tracked so stop() waits for it. */
  const ask = (w: Watched): Promise<'done' | 'again'> => {
    const run = (async () => {
      counters.reads += 1;
      return apply(w, await reader.read(w.instrument));
    })();
    const tracked = run.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
    return run;
  };

  /** The next ask after the growing interval, unless polling has gone on too long. */
  const scheduleNext = (w: Watched): void => {
    if (stopped || w.settled || w.pollingSince === null) return;
    if (clock.now() - w.pollingSince >= giveUpAfterMs) {
      counters.gaveUp += 1;
      log.error(`${venue} market never resolved; no longer asking`, {
        instrumentId: w.instrument.instrumentId,
        pollingSince: w.pollingSince,
      });
      return;
    }
    const wait = Math.min(backoff.maxMs, backoff.initialMs * 2 ** w.attempts);
    w.attempts += 1;
    w.busy = true;
    scheduler.at(clock.now() + wait, () => poll(w));
  };

  /** Asks once; `busy` until the answer is in, so a trigger meanwhile does not start a second chain. */
  const askOnce = async (w: Watched): Promise<'done' | 'again'> => {
    if (stopped || w.settled) {
      w.busy = false;
      return 'done';
    }
    const outcome = await ask(w).catch((error: unknown) => {
      log.error(`${venue} settlement read failed`, {
        instrumentId: w.instrument.instrumentId,
        error: String(error),
      });
      return 'again' as const;
    });
    w.busy = false;
    return outcome;
  };

  const poll = async (w: Watched): Promise<void> => {
    if ((await askOnce(w)) === 'again') scheduleNext(w);
  };

  /** The first ask, at mapping: the close time, or a market resolved or closed already. */
  const firstAsk = async (w: Watched): Promise<void> => {
    if ((await askOnce(w)) === 'done') return;
    if (w.closedSeen && w.pollingSince === null) w.pollingSince = clock.now();
    scheduleNext(w); // only once polling has started (a trigger came meanwhile, or it is closed)
  };

  function startPolling(w: Watched): void {
    if (stopped || w.settled || w.pollingSince !== null) return;
    w.pollingSince = clock.now();
    if (w.busy) return; // an ask is scheduled or running, and goes on polling after it
    w.busy = true;
    scheduler.at(clock.now(), () => poll(w));
  }

  const onEvent = (event: ArbeesEvent) => {
    if (stopped) return;
    switch (event.type) {
      case 'MarketMapped': {
        const instrument = event.instrument;
        if (instrument.venue !== venue || watched.has(instrument.instrumentId)) return;
        const w: Watched = {
          instrument,
          closedSeen: false,
          settled: false,
          pollingSince: null,
          attempts: 0,
          busy: true,
        };
        watched.set(instrument.instrumentId, w);
        const ids = byGame.get(instrument.gameId) ?? new Set<InstrumentId>();
        byGame.set(instrument.gameId, ids);
        ids.add(instrument.instrumentId);
        scheduler.at(clock.now(), () => firstAsk(w));
        return;
      }
      case 'GameFinal':
        for (const id of byGame.get(event.gameId) ?? []) {
          const w = watched.get(id);
          if (w) startPolling(w);
        }
        return;
      case 'MarketClosed': {
        const w = watched.get(event.instrumentId);
        if (!w) return;
        w.closedSeen = true;
        startPolling(w);
        return;
      }
      case 'MarketSettled': {
        const w = watched.get(event.instrumentId);
        if (w) w.settled = true;
        return;
      }
      default:
        return;
    }
  };

  return {
    counters,
    async start() {
      subscription = bus.subscribe({
        group: `${venue}-settlement:${opts.instanceId}`,
        consumer: opts.instanceId,
        topics: ['markets', 'games'],
        handler: onEvent,
      });
      const ready = (subscription as { ready?: Promise<void> }).ready;
      if (ready) await ready;
    },
    async stop() {
      stopped = true;
      await subscription?.close();
      await Promise.all([...inFlight]);
    },
  };
}
