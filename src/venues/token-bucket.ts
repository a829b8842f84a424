/**
 * A token bucket shared by the venue HTTP clients: waits until a request's cost is available,
 * then takes it, serving requests in order. Time and sleep are injected so tests run instantly.
 */
export interface TokenBucketOptions {
  readonly refillPerSecond: number;
  readonly capacity: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Waits until `cost` tokens are available, then takes them. Requests are served in order. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: TokenBucketOptions) {
    this.tokens = options.capacity;
    this.last = options.now();
  }

  take(cost: number): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(Math.min(cost, this.options.capacity)));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(cost: number): Promise<void> {
    for (;;) {
      const now = this.options.now();
      this.tokens = Math.min(
        this.options.capacity,
        this.tokens + ((now - this.last) / 1000) * this.options.refillPerSecond,
      );
      this.last = now;
      if (this.tokens >= cost) {
        this.tokens -= cost;
        return;
      }
      await this.options.sleep(Math.ceil(((cost - this.tokens) / this.options.refillPerSecond) * 1000));
    }
  }
}
