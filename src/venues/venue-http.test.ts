/** The venues' shared request helpers: which outcomes are sent again, and how often. */
import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryableOutcome, sendWithRetries, type VenueHttpOutcome } from './venue-http.js';

const ok: VenueHttpOutcome = { kind: 'ok', status: 200, body: null };
const e503: VenueHttpOutcome = { kind: 'http_error', status: 503, body: null };
const e400: VenueHttpOutcome = { kind: 'http_error', status: 400, body: null };

describe('venue http', () => {
  it('retries no answer, a 429 and a 5xx, never a 4xx or a success', () => {
    expect(retryableOutcome({ kind: 'timeout' })).toBe(true);
    expect(retryableOutcome({ kind: 'network', reason: 'reset' } as VenueHttpOutcome)).toBe(true);
    expect(retryableOutcome({ kind: 'rate_limited', retryAfterMs: null } as VenueHttpOutcome)).toBe(true);
    expect(retryableOutcome(e503)).toBe(true);
    expect(retryableOutcome(e400)).toBe(false);
    expect(retryableOutcome(ok)).toBe(false);
  });

  it('sends at most `attempts` times, waiting between tries with the attempt number', async () => {
    const answers = [e503, { kind: 'timeout' } as const, ok];
    const waits: [string, number][] = [];
    let sent = 0;
    const out = await sendWithRetries({
      attempts: 3,
      send: async () => answers[sent++] as VenueHttpOutcome,
      wait: async (o, attempt) => void waits.push([o.kind, attempt]),
    });
    expect(out).toBe(ok);
    expect(waits).toEqual([
      ['http_error', 1],
      ['timeout', 2],
    ]);
    sent = 0;
    const once = await sendWithRetries({
      attempts: 1,
      send: async () => answers[sent++] as VenueHttpOutcome,
      wait: async () => {},
    });
    expect([once, sent]).toEqual([e503, 1]);
    sent = 0;
    const stops = await sendWithRetries({
      attempts: 5,
      send: async () => {
        sent += 1;
        return e400;
      },
      wait: async () => {},
    });
    expect([stops, sent]).toEqual([e400, 1]);
  });

  it('reads Retry-After in seconds only', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
