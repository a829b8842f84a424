/**
 * Follow-ups of orders the venue accepted but has not finished (resting, or waiting out a
 * Polymarket live-sports taker delay): each is asked about again on the scheduler, first after
 * `firstDelayMs`, then at twice the last interval up to `maxDelayMs`, until the answer says it
 * is done. A question that fails (the venue down, an answer not understood) is reported and
 * asked again on the same backoff: an order is never dropped while its fate is open.
 */
import type { Clock } from '../core/clock.js';
import type { ClientOrderId } from '../core/ids.js';
import type { Scheduler } from '../core/scheduler.js';

export interface FollowUpSettings {
  /** Runs the questions on the run's clock. */
  readonly scheduler: Scheduler;
  /** The first wait after the order was accepted, clock ms (default 1 s). */
  readonly firstDelayMs?: number;
  /** The longest wait between two questions, clock ms (default 30 s). */
  readonly maxDelayMs?: number;
  /** A question that failed; the order is asked again. */
  readonly onError?: (clientOrderId: ClientOrderId, error: unknown) => void;
}

export const DEFAULT_FOLLOW_UP_DELAYS = { firstDelayMs: 1_000, maxDelayMs: 30_000 } as const;

/** What one question found: the order is done, or must be asked about again. */
export type FollowUpAnswer = 'done' | 'again';

/** The wait before question `attempt` (0 for the first): doubling from the first, capped. */
export function followUpDelay(attempt: number, firstDelayMs: number, maxDelayMs: number): number {
  // 2^31 is far past any cap: the exponent stops growing before the number overflows.
  return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(attempt, 31));
}

export class OrderFollowUps {
  /** Orders being followed, with how many questions were asked of each. */
  private readonly following = new Map<ClientOrderId, number>();
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  /** Questions that failed, over the manager's life. */
  failures = 0;

  constructor(
    private readonly options: {
      readonly settings: FollowUpSettings;
      readonly clock: Clock;
      /** Asks the venue once and applies the answer. */
      readonly ask: (clientOrderId: ClientOrderId) => Promise<FollowUpAnswer>;
    },
  ) {
    const s = options.settings;
    this.firstDelayMs = s.firstDelayMs ?? DEFAULT_FOLLOW_UP_DELAYS.firstDelayMs;
    this.maxDelayMs = s.maxDelayMs ?? DEFAULT_FOLLOW_UP_DELAYS.maxDelayMs;
    if (!(this.firstDelayMs > 0) || !(this.maxDelayMs >= this.firstDelayMs))
      throw new Error(
        `order follow-up delays: first ${this.firstDelayMs} ms must be above 0 and at most the longest, ${this.maxDelayMs} ms`,
      );
  }

  /** Starts following the order; one already followed keeps its own schedule. */
  follow(clientOrderId: ClientOrderId): void {
    if (this.following.has(clientOrderId)) return;
    this.following.set(clientOrderId, 0);
    this.schedule(clientOrderId);
  }

  /** Orders still being followed. */
  get active(): number {
    return this.following.size;
  }

  isFollowing(clientOrderId: ClientOrderId): boolean {
    return this.following.has(clientOrderId);
  }

  private schedule(clientOrderId: ClientOrderId): void {
    const attempt = this.following.get(clientOrderId) ?? 0;
    const wait = followUpDelay(attempt, this.firstDelayMs, this.maxDelayMs);
    this.options.settings.scheduler.at(this.options.clock.now() + wait, () => this.run(clientOrderId));
  }

  private async run(clientOrderId: ClientOrderId): Promise<void> {
    let answer: FollowUpAnswer;
    try {
      answer = await this.options.ask(clientOrderId);
    } catch (error) {
      this.failures += 1;
      this.options.settings.onError?.(clientOrderId, error);
      answer = 'again';
    }
    if (answer === 'done') {
      this.following.delete(clientOrderId);
      return;
    }
    this.following.set(clientOrderId, (this.following.get(clientOrderId) ?? 0) + 1);
    this.schedule(clientOrderId);
  }
}
