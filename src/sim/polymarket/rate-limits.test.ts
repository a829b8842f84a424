/** The venue-style throttle: queue past the window's limit, refuse past the longest queue. */
import { describe, expect, it } from 'vitest';
import { POLYMARKET_RATE_LIMITS, rateClassOf, SlidingWindowLimiter } from './rate-limits.js';
import { SimTestClient } from './test-client.js';
import { SIM_MARKET, startPolySimFixture } from './testing.js';

describe('SlidingWindowLimiter', () => {
  it('admits up to the limit in 10 s, queues the next until a slot frees, refuses past the queue cap', () => {
    const limiter = new SlidingWindowLimiter({ ...POLYMARKET_RATE_LIMITS, book: 2 }, 10_000);
    expect(limiter.admit('book', 0)).toEqual({ kind: 'now' });
    expect(limiter.admit('book', 1_000)).toEqual({ kind: 'now' });
    expect(limiter.admit('book', 2_000)).toEqual({ kind: 'queued', delayMs: 8_000 });
    expect(limiter.admit('book', 2_000)).toEqual({ kind: 'queued', delayMs: 9_000 });
    expect(limiter.admit('book', 2_000)).toEqual({ kind: 'refused' });
    expect(limiter.admit('clob', 2_000)).toEqual({ kind: 'now' });
    expect(limiter.admit('book', 30_000)).toEqual({ kind: 'now' });
  });

  it('classes requests as the venue documents its limits', () => {
    expect(rateClassOf('POST', '/order')).toBe('post_order');
    expect(rateClassOf('DELETE', '/order')).toBe('delete_order');
    expect(rateClassOf('GET', '/book')).toBe('book');
    expect(rateClassOf('GET', '/gamma/events')).toBe('gamma_events');
    expect(rateClassOf('GET', '/data/orders')).toBe('clob');
  });
});

describe('throttling over HTTP', () => {
  it('answers an over-limit request late rather than refusing it', async () => {
    const fx = await startPolySimFixture({ server: { rateLimits: { book: 1 } } });
    const c = new SimTestClient(fx.baseUrl, fx.traderKey);
    const [token] = SIM_MARKET.tokenIds;
    expect((await c.raw('GET', `/book?token_id=${token}`)).status).toBe(200);
    // The second within 10 s waits for the first to leave the window (it is still pending
    // when the server closes); the third would wait past the 10 s queue cap and is refused.
    const late = c.raw('GET', `/book?token_id=${token}`).catch(() => 'closed while queued');
    await new Promise((r) => setTimeout(r, 100));
    expect((await c.raw('GET', `/book?token_id=${token}`)).status).toBe(429);
    expect(fx.sim.stats.throttled).toBe(1);
    expect(fx.sim.stats.throttleRefusals).toBe(1);
    await fx.close();
    expect(await late).toBe('closed while queued');
  });
});
