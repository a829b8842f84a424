/** The ESPN HTTP client: URLs, conditional requests, and how each failure is classified. */
import { describe, expect, it } from 'vitest';
import { fetchGet, nodeHttpGet } from '../http-get.js';
import { EspnHttpClient, retryAfter } from './client.js';

type Call = { url: string; headers: Record<string, string> };

function fakeFetch(answers: Array<Response | Error>) {
  const calls: Call[] = [];
  const fn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, headers: (init?.headers ?? {}) as Record<string, string> });
    const next = answers.shift();
    if (!next) throw new Error('no answer left');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const BASE = 'http://127.0.0.1:9/apis/site/v2/sports/';

describe('EspnHttpClient', () => {
  it("builds the league's URLs from the injected base", () => {
    const client = new EspnHttpClient({ baseUrl: BASE });
    expect(client.scoreboardUrl('nfl')).toBe(
      'http://127.0.0.1:9/apis/site/v2/sports/football/nfl/scoreboard',
    );
    expect(client.summaryUrl('mens-college-basketball', '401')).toBe(
      'http://127.0.0.1:9/apis/site/v2/sports/basketball/mens-college-basketball/summary?event=401',
    );
  });

  it('sends back the ETag and Last-Modified of the last answer, and reports 304 as not modified', async () => {
    const { fn, calls } = fakeFetch([
      new Response('{"events":[]}', {
        status: 200,
        headers: { etag: '"v1"', 'last-modified': 'Sun, 03 Jan 2021' },
      }),
      new Response(null, { status: 304 }),
    ]);
    const client = new EspnHttpClient({ baseUrl: BASE, get: fetchGet(fn) });
    expect(await client.scoreboard('nfl')).toEqual({ kind: 'ok', body: { events: [] } });
    expect(calls[0]!.headers['if-none-match']).toBeUndefined();
    expect(await client.scoreboard('nfl')).toEqual({ kind: 'not-modified' });
    expect(calls[1]!.headers).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Sun, 03 Jan 2021',
    });
  });

  it('classifies failures: 5xx, 429 with Retry-After, other 4xx, malformed JSON, timeout, network', async () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fn } = fakeFetch([
      new Response('oops', { status: 502 }),
      new Response('slow down', { status: 429, headers: { 'retry-after': '12' } }),
      new Response('{}', { status: 404 }),
      new Response('{"events": [', { status: 200 }),
      timeout,
      refused,
    ]);
    const client = new EspnHttpClient({ baseUrl: BASE, get: fetchGet(fn) });
    const kinds = [];
    for (let i = 0; i < 6; i++) {
      const outcome = await client.summary('nfl', '1');
      kinds.push(outcome.kind === 'failed' ? outcome.failure : outcome);
    }
    expect(kinds).toMatchObject([
      { kind: 'http-5xx', status: 502 },
      { kind: 'rate-limited', status: 429, retryAfterMs: 12_000 },
      { kind: 'http-4xx', status: 404 },
      { kind: 'bad-json', status: 200 },
      { kind: 'timeout' },
      { kind: 'network', message: 'fetch failed (ECONNREFUSED)' },
    ]);
  });

  it('reports a refused connection as a network failure over node:http too', async () => {
    const http = nodeHttpGet();
    try {
      // Port 1 on loopback: nothing listens there.
      const client = new EspnHttpClient({ baseUrl: 'http://127.0.0.1:1/apis/site/v2/sports', get: http.get });
      const outcome = await client.scoreboard('nfl');
      expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'network' } });
    } finally {
      http.close();
    }
  });

  it('reads Retry-After in seconds only', () => {
    expect(retryAfter('5')).toBe(5000);
    expect(retryAfter('1.5')).toBe(1500);
    expect(retryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(retryAfter(null)).toBeUndefined();
  });
});
