/** The HTTP layer over real loopback HTTP: the L2 signature covers the exact bytes sent, 429s are typed. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyL2Signature } from './auth.js';
import { POLYMARKET_LIMITS, PolymarketHttp, retryAfterMs } from './http.js';

const credentials = { key: 'k-1', secret: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', passphrase: 'p' };
let server: Server | null = null;

async function serve(
  handle: (
    req: IncomingMessage,
    body: string,
  ) => { status: number; body: unknown; headers?: Record<string, string> },
): Promise<string> {
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const out = handle(req, body);
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(JSON.stringify(out.body));
    });
  });
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const s = server;
  if (s) await new Promise((r) => s.close(r));
  server = null;
});

describe('PolymarketHttp', () => {
  it('signs the path and the raw body it sends (L2), which the server can verify', async () => {
    const seen: boolean[] = [];
    const url = await serve((req, body) => {
      const h = req.headers;
      seen.push(
        verifyL2Signature({
          secret: credentials.secret,
          signature: String(h.poly_signature),
          request: {
            timestampSeconds: Number(h.poly_timestamp),
            method: req.method ?? '',
            requestPath: new URL(req.url ?? '', 'http://x').pathname,
            body,
          },
        }) &&
          h.poly_api_key === 'k-1' &&
          h.poly_address === '0xabc',
      );
      return { status: 200, body: { ok: true } };
    });
    const http = new PolymarketHttp({ baseUrl: url, address: '0xabc', credentials });
    const out = await http.request({ method: 'POST', path: '/order', body: { a: [1, 'x'] }, auth: 'l2' });
    expect(out).toEqual({ kind: 'ok', status: 200, body: { ok: true } });
    await http.request({ method: 'GET', path: '/data/orders', query: { market: 'm' }, auth: 'l2' });
    expect(seen).toEqual([true, true]);
  });

  it('types a 429 with its Retry-After, and does not resend a POST', async () => {
    let hits = 0;
    const url = await serve(() => {
      hits += 1;
      return { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '2' } };
    });
    const http = new PolymarketHttp({ baseUrl: url, address: '0xabc', credentials, sleep: async () => {} });
    expect(await http.request({ method: 'POST', path: '/order', body: {}, auth: 'l2' })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 2_000,
    });
    expect(hits).toBe(1);
    await http.request({ method: 'GET', path: '/book', auth: 'public', limit: 'book' });
    expect(hits).toBe(4); // a GET is tried three times
    expect(http.rateLimitedCount).toBe(4);
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('reports a refused connection as a network failure, unsent', async () => {
    const probe = createNetServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const http = new PolymarketHttp({
      baseUrl: `http://127.0.0.1:${port}`,
      address: '0xabc',
      credentials,
      getAttempts: 1,
    });
    const out = await http.request({ method: 'GET', path: '/ok', auth: 'public' });
    expect(out).toMatchObject({
      kind: 'network',
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('waits on the endpoint bucket before sending past its limit', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const url = await serve(() => ({ status: 200, body: {} }));
    const slow = { capacity: 2, refillPerSecond: 1 };
    const http = new PolymarketHttp({
      baseUrl: url,
      address: '0xabc',
      credentials,
      limits: { ...POLYMARKET_LIMITS, postOrder: slow },
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 3; i++)
      await http.request({ method: 'POST', path: '/order', body: {}, auth: 'l2', limit: 'postOrder' });
    expect(sleeps).toEqual([1_000]);
    await http.request({ method: 'GET', path: '/ok', auth: 'public' });
    expect(sleeps).toEqual([1_000]);
  });
});
