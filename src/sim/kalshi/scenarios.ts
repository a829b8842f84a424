/**
 * Faults the simulator injects into matching requests, each for a number of requests. Pure:
 * the server asks `take(method, path)` which effect applies to the request in hand.
 */

export type ScenarioEffect =
  /** Answer normally after a delay. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Answer with a 5xx in Kalshi's error shape, without executing. */
  | { readonly kind: 'server_error'; readonly status: 500 | 502 | 503 }
  /** 429 `{"error":"too many requests"}`, no Retry-After (venues.md §2.8). */
  | { readonly kind: 'rate_limit' }
  /**
   * Execute the request, then answer only after `answerAfterMs` (null: never, the connection is
   * held until the server closes): the client times out on an order that exists.
   */
  | { readonly kind: 'execute_then_hang'; readonly answerAfterMs: number | null };

export interface Scenario {
  readonly method?: string;
  /** Matches paths starting with this, from the API root (e.g. `/portfolio/events/orders`). */
  readonly pathPrefix?: string;
  readonly effect: ScenarioEffect;
  /** How many matching requests it applies to. */
  readonly times: number;
}

export class ScenarioQueue {
  private readonly active: { scenario: Scenario; left: number }[] = [];

  add(scenario: Scenario): void {
    if (!Number.isInteger(scenario.times) || scenario.times < 1)
      throw new RangeError(`a scenario applies to at least one request, got ${scenario.times}`);
    this.active.push({ scenario, left: scenario.times });
  }

  clear(): void {
    this.active.length = 0;
  }

  /** The effect for this request, if any, consuming one use of the first matching scenario. */
  take(method: string, path: string): ScenarioEffect | null {
    const i = this.active.findIndex(
      ({ scenario: s }) =>
        (s.method === undefined || s.method.toUpperCase() === method.toUpperCase()) &&
        (s.pathPrefix === undefined || path.startsWith(s.pathPrefix)),
    );
    const entry = this.active[i];
    if (!entry) return null;
    entry.left -= 1;
    if (entry.left === 0) this.active.splice(i, 1);
    return entry.scenario.effect;
  }
}
