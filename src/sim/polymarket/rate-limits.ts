/**
 * The venue's documented request limits (venues.md §3.9), enforced the way Cloudflare does it
 * there: a request over its sliding 10-second window is not refused but queued, i.e. answered
 * late, until a slot frees; only a queue longer than `maxQueueMs` is answered 429. Pure: the
 * caller passes the time and waits the delay returned.
 */

export type RateClass =
  | 'post_order'
  | 'delete_order'
  | 'post_orders'
  | 'book'
  | 'books'
  | 'gamma_events'
  | 'gamma_markets'
  | 'api_keys'
  | 'clob';

/** Requests per 10 s (the burst limits; the 10-minute sustained ones are not modelled). */
export const POLYMARKET_RATE_LIMITS: Readonly<Record<RateClass, number>> = {
  post_order: 3_500,
  delete_order: 3_000,
  post_orders: 1_000,
  book: 1_500,
  books: 500,
  gamma_events: 500,
  gamma_markets: 300,
  api_keys: 100,
  clob: 9_000,
};

const WINDOW_MS = 10_000;

export function rateClassOf(method: string, path: string): RateClass {
  if (path === '/order') return method === 'POST' ? 'post_order' : 'delete_order';
  if (path === '/orders' && method === 'POST') return 'post_orders';
  if (path === '/book' || path === '/price' || path === '/midpoint') return 'book';
  if (path === '/books' || path === '/prices') return 'books';
  if (path.startsWith('/gamma/events')) return 'gamma_events';
  if (path.startsWith('/gamma/markets')) return 'gamma_markets';
  if (path.startsWith('/auth/')) return 'api_keys';
  return 'clob';
}

export type Admission =
  | { readonly kind: 'now' }
  | { readonly kind: 'queued'; readonly delayMs: number }
  | { readonly kind: 'refused' };

export class SlidingWindowLimiter {
  /** Per class, the times (epoch ms) its admitted requests run at, ascending. */
  private readonly runs = new Map<RateClass, number[]>();

  constructor(
    private readonly limits: Readonly<Record<RateClass, number>> = POLYMARKET_RATE_LIMITS,
    private readonly maxQueueMs = 10_000,
  ) {}

  admit(rateClass: RateClass, nowMs: number): Admission {
    const limit = this.limits[rateClass];
    let times = this.runs.get(rateClass);
    if (!times) {
      times = [];
      this.runs.set(rateClass, times);
    }
    while (times.length > 0 && (times[0] as number) <= nowMs - WINDOW_MS) times.shift();
    // The request runs once the window holds fewer than `limit` runs: at the earliest time the
    // (length − limit + 1)-th oldest run leaves it, or now.
    const blocker = times.length >= limit ? (times[times.length - limit] as number) : null;
    const runAt = blocker === null ? nowMs : Math.max(nowMs, blocker + WINDOW_MS);
    if (runAt - nowMs > this.maxQueueMs) return { kind: 'refused' };
    times.push(runAt);
    times.sort((a, b) => a - b);
    return runAt === nowMs ? { kind: 'now' } : { kind: 'queued', delayMs: runAt - nowMs };
  }
}
