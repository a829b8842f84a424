/**
 * Order heartbeats (venues.md §3.3): once started, the venue cancels every open order of the
 * key if no `POST /v1/heartbeats` arrives within 10 s. Each beat carries the id the previous
 * answer gave. Worth running only while GTC orders rest; IOC/FOK orders never do.
 */
import { describeOutcome, type PolymarketHttp } from './http.js';
import { NODE_TIMERS, type Timers } from './socket.js';

export class PolymarketHeartbeat {
  readonly counters = { sent: 0, failed: 0 };
  private heartbeatId: string | null = null;
  private timer: unknown = null;
  private inFlight = false;

  constructor(
    private readonly options: {
      readonly http: PolymarketHttp;
      /** Under the venue's 10 s, with room for a slow answer. */
      readonly intervalMs?: number;
      readonly timers?: Timers;
      readonly onFailure?: (reason: string) => void;
    },
  ) {}

  start(): void {
    if (this.timer !== null) return;
    const timers = this.options.timers ?? NODE_TIMERS;
    void this.beat();
    this.timer = timers.setInterval(() => void this.beat(), this.options.intervalMs ?? 5_000);
  }

  stop(): void {
    if (this.timer === null) return;
    (this.options.timers ?? NODE_TIMERS).clearInterval(this.timer);
    this.timer = null;
  }

  async beat(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      const outcome = await this.options.http.request({
        method: 'POST',
        path: '/v1/heartbeats',
        body: { heartbeat_id: this.heartbeatId },
        auth: 'l2',
      });
      if (outcome.kind !== 'ok') {
        this.counters.failed += 1;
        this.options.onFailure?.(describeOutcome(outcome));
        return;
      }
      this.counters.sent += 1;
      const id = (outcome.body as { heartbeat_id?: unknown } | null)?.heartbeat_id;
      this.heartbeatId = typeof id === 'string' && id.length > 0 ? id : this.heartbeatId;
    } finally {
      this.inFlight = false;
    }
  }
}
