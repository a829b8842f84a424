/**
 * The notifier: reads trading states, orders, fills and alerts off the bus, turns the enabled
 * kinds into notices (notices.ts), throttles them, and sends each to every configured channel.
 * A channel that fails is logged and counted; it never stops the others or the service.
 */
import type { Bus, Subscription } from '../../bus/port.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../logger.js';
import type { Channel } from './channels.js';
import { type Notice, type NoticeKind, NoticeThrottle, noticeOf } from './notices.js';

export interface NotifierCounters {
  sent(channel: string): void;
  failed(channel: string): void;
  /** A notice not sent: the same one went out within the window, or the rate limit held it. */
  dropped(kind: string, why: 'duplicate' | 'rate-limited'): void;
}

export interface NotifierOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly channels: readonly Channel[];
  readonly kinds: readonly NoticeKind[];
  readonly perMinute: number;
  readonly log: Logger;
  readonly counters?: NotifierCounters;
  readonly consumer?: string;
  /** A notice with the same key within this window is sent once (default 10 minutes). */
  readonly dedupeMs?: number;
}

/** Sends a notice of an enabled kind through the throttle to every channel; a failing channel is logged and counted. */
export type NoticeSender = (notice: Notice) => Promise<void>;

export function noticeSender(opts: Omit<NotifierOptions, 'bus' | 'consumer'>): NoticeSender {
  const enabled = new Set(opts.kinds);
  const throttle = new NoticeThrottle({ dedupeMs: opts.dedupeMs ?? 600_000, perMinute: opts.perMinute });
  return async (notice) => {
    if (!enabled.has(notice.kind) || opts.channels.length === 0) return;
    const admitted = throttle.admit(notice, opts.clock.now());
    if (typeof admitted === 'string') {
      opts.counters?.dropped(notice.kind, admitted);
      return;
    }
    await Promise.all(
      opts.channels.map(async (channel) => {
        try {
          await channel.send(admitted);
          opts.counters?.sent(channel.name);
        } catch (error) {
          opts.counters?.failed(channel.name);
          opts.log.error('notice not sent', {
            channel: channel.name,
            kind: admitted.kind,
            error: String(error),
          });
        }
      }),
    );
  };
}

/** Reads the bus and sends its notices; `send` is shared with other sources (the nightly report). */
export function startNotifier(opts: NotifierOptions & { readonly send?: NoticeSender }): Subscription {
  const send = opts.send ?? noticeSender(opts);
  return opts.bus.subscribe({
    group: 'notifier',
    consumer: opts.consumer ?? 'notifier-1',
    topics: ['risk', 'orders', 'fills', 'ops'],
    handler: async (event) => {
      const notice = noticeOf(event);
      if (notice) await send(notice);
    },
  });
}
