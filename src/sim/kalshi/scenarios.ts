/**
 * Faults the simulator injects into matching requests, each for a number of requests, or at
 * random to a share of them (a simulated world's standing faults). Pure: the server asks
 * `take(method, path)` which effect applies to the request in hand.
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

/** A fault applied to a share of the matching requests, drawn afresh for each. */
export interface RandomFault {
  readonly method?: string;
  /** Matches paths starting with this, from the API root. */
  readonly pathPrefix?: string;
  /** The share of matching requests it applies to, 0-1. */
  readonly rate: number;
  readonly effect: ScenarioEffect;
}

export class ScenarioQueue {
  private readonly active: { scenario: Scenario; left: number }[] = [];
  private readonly randomFaults: { fault: RandomFault; random: () => number }[] = [];

  add(scenario: Scenario): void {
    if (!Number.isInteger(scenario.times) || scenario.times < 1)
      throw new RangeError(`a scenario applies to at least one request, got ${scenario.times}`);
    this.active.push({ scenario, left: scenario.times });
  }

  /**
   * Applies `fault` to a share of the matching requests from now on, drawing from `random`
   * (uniform in [0, 1)). Counted scenarios come first; among random faults, the first added
   * that strikes applies.
   */
  addRandom(fault: RandomFault, random: () => number): void {
    if (!(fault.rate >= 0 && fault.rate <= 1))
      throw new RangeError(`a random fault's rate is a share, 0 to 1, got ${fault.rate}`);
    this.randomFaults.push({ fault, random });
  }

  /** Ends every scenario and random fault. */
  clear(): void {
    this.active.length = 0;
    this.randomFaults.length = 0;
  }

  /** The effect for this request, if any, consuming one use of the first matching scenario. */
  take(method: string, path: string): ScenarioEffect | null {
    const i = this.active.findIndex(({ scenario }) => matches(scenario, method, path));
    const entry = this.active[i];
    if (!entry) return this.takeRandom(method, path);
    entry.left -= 1;
    if (entry.left === 0) this.active.splice(i, 1);
    return entry.scenario.effect;
  }

  private takeRandom(method: string, path: string): ScenarioEffect | null {
    for (const { fault, random } of this.randomFaults) {
      if (!matches(fault, method, path)) continue;
      if (random() < fault.rate) return fault.effect;
    }
    return null;
  }
}

function matches(rule: { method?: string; pathPrefix?: string }, method: string, path: string): boolean {
  return (
    (rule.method === undefined || rule.method.toUpperCase() === method.toUpperCase()) &&
    (rule.pathPrefix === undefined || path.startsWith(rule.pathPrefix))
  );
}
