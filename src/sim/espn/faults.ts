/**
 * Faults the simulated ESPN server can inject, to exercise a client's error handling: added
 * latency (per endpoint if wanted), errors for the next N requests (5xx, 429 with Retry-After,
 * malformed JSON, JSON that is not what was asked for), random 503s and 429s at a rate (for
 * manual runs and the simulated world), and a stall that holds requests until released.
 */

export type EspnSimEndpoint = 'scoreboard' | 'summary';

export type EspnSimFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'malformed' }
  /** A 200 with this JSON instead of the real answer. */
  | { readonly kind: 'json'; readonly body: unknown };

interface Rule {
  readonly fault: EspnSimFault;
  remaining: number;
  readonly endpoint: EspnSimEndpoint | undefined;
}

export class EspnSimFaults {
  /** Wall-clock milliseconds added before every answer. */
  latencyMs = 0;
  /** Added latency for one endpoint, on top of latencyMs. */
  readonly endpointLatencyMs: Record<EspnSimEndpoint, number> = { scoreboard: 0, summary: 0 };
  /** Share of requests (0-1) answered 503 at random; needs `random`. */
  errorRate = 0;
  /** Share of requests (0-1) answered 429 (Retry-After 1 s) at random; needs `random`. */
  rateLimitRate = 0;
  private readonly rules: Rule[] = [];
  private stalled = false;
  private readonly held: Array<() => void> = [];

  constructor(private readonly random: () => number = () => 1) {}

  /** The next `count` requests (to `endpoint`, or any) get `fault`. */
  failNext(count: number, fault: EspnSimFault, endpoint?: EspnSimEndpoint): void {
    this.rules.push({ fault, remaining: count, endpoint });
  }

  /** Holds every request from now on until `resume()`: the server seems to hang. */
  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const release of this.held.splice(0)) release();
  }

  /** Waits while stalled, then for the added latency. */
  async delay(sleep: (ms: number) => Promise<void>, endpoint: EspnSimEndpoint | null): Promise<void> {
    if (this.stalled) await new Promise<void>((resolve) => this.held.push(resolve));
    const ms = this.latencyMs + (endpoint ? this.endpointLatencyMs[endpoint] : 0);
    if (ms > 0) await sleep(ms);
  }

  /** The fault for this request, if any; each use counts against its rule. */
  take(endpoint: EspnSimEndpoint): EspnSimFault | null {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (r.endpoint === undefined || r.endpoint === endpoint),
    );
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining === 0) this.rules.splice(this.rules.indexOf(rule), 1);
      return rule.fault;
    }
    if (this.errorRate > 0 && this.random() < this.errorRate) return { kind: 'status', status: 503 };
    if (this.rateLimitRate > 0 && this.random() < this.rateLimitRate)
      return { kind: 'status', status: 429, retryAfterSeconds: 1 };
    return null;
  }

  /** Releases held requests for good (the server is closing). */
  releaseAll(): void {
    this.resume();
  }
}
