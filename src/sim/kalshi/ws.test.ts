/**
 * The simulator's WebSocket endpoint spoken to with a bare `ws` client: the signed handshake
 * (refused with 401 in Kalshi's error shape), the command replies and error codes, and the
 * book messages (snapshot then deltas, one seq per subscription, fixed-point strings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Centis, Micros } from '../../core/money.js';
import { KALSHI_WS_PATH, kalshiWebSocketAuthHeaders } from '../../venues/kalshi/auth.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from './testing.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await startSimFixture();
});
afterAll(() => fx.close());

const wsUrl = () => `${fx.baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}${KALSHI_WS_PATH}`;

type Frame = Record<string, unknown> & { type: string; msg?: Record<string, unknown> };

/** An open connection and every frame it has received. */
async function connect(headers?: Record<string, string>) {
  const ws = new WebSocket(wsUrl(), {
    headers: headers ?? {
      ...kalshiWebSocketAuthHeaders(
        { keyId: fx.keyId, privateKey: fx.privateKey },
        { timestampMs: Date.now() },
      ),
    },
  });
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (count: number): Promise<Frame[]> => {
    for (let i = 0; i < 200 && frames.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return frames.splice(0, count);
  };
  return { ws, frames, next, send: (o: unknown) => ws.send(typeof o === 'string' ? o : JSON.stringify(o)) };
}

/** The status and body of a refused handshake. */
async function refusedHandshake(headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(wsUrl(), { headers });
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on('open', () => reject(new Error('handshake accepted')));
    ws.on('error', () => {});
  });
}

describe('Kalshi simulator WebSocket', () => {
  it('refuses a handshake without a valid signature, with Kalshi error shape', async () => {
    const good = kalshiWebSocketAuthHeaders(
      { keyId: fx.keyId, privateKey: fx.privateKey },
      { timestampMs: Date.now() },
    );
    const before = fx.sim.stats.authFailures;
    const missing = await refusedHandshake({});
    expect(missing).toEqual({
      status: 401,
      body: expect.objectContaining({
        code: 'authentication_error',
        message: 'missing authentication headers',
      }),
    });
    const stale = kalshiWebSocketAuthHeaders(
      { keyId: fx.keyId, privateKey: fx.privateKey },
      { timestampMs: Date.now() - 120_000 },
    );
    expect((await refusedHandshake({ ...stale })).body).toMatchObject({
      message: 'timestamp outside the accepted window',
    });
    const tampered = {
      ...good,
      'KALSHI-ACCESS-TIMESTAMP': String(Number(good['KALSHI-ACCESS-TIMESTAMP']) + 1),
    };
    expect((await refusedHandshake(tampered)).body).toMatchObject({ message: 'invalid signature' });
    expect(fx.sim.stats.authFailures).toBe(before + 3);
  });

  it('answers bad commands with Kalshi error codes and stays open', async () => {
    const c = await connect();
    const cases: [unknown, number][] = [
      ['{not json', 1],
      [{ id: 1, cmd: 'subscribe' }, 2],
      [{ id: 2, cmd: 'subscribe', params: {} }, 3],
      [{ id: 3, cmd: 'unsubscribe', params: {} }, 4],
      [{ id: 4, cmd: 'dance', params: {} }, 5],
      [{ id: 5, cmd: 'unsubscribe', params: { sids: [99] } }, 7],
      [{ id: 6, cmd: 'subscribe', params: { channels: ['weather'] } }, 8],
      [{ id: 7, cmd: 'update_subscription', params: { sids: [1, 2], action: 'get_snapshot' } }, 12],
      [{ id: 8, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } }, 14],
      [{ id: 9, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: 'NOPE' } }, 16],
    ];
    for (const [command] of cases) c.send(command);
    const replies = await c.next(cases.length);
    expect(replies.map((r) => (r.msg as { code: number }).code)).toEqual(cases.map(([, code]) => code));
    expect(replies[1]).toEqual({ id: 1, type: 'error', msg: { code: 2, msg: 'Params required' } });
    c.send({ id: 10, cmd: 'subscribe', params: { channels: ['trade'] } });
    c.send({ id: 11, cmd: 'subscribe', params: { channels: ['trade'] } });
    expect(await c.next(2)).toEqual([
      { id: 10, type: 'subscribed', msg: { channel: 'trade', sid: 1 } },
      { id: 11, type: 'error', msg: { code: 6, msg: 'Already subscribed' } },
    ]);
    c.ws.close();
  });

  it('sends a snapshot then signed deltas with consecutive seqs, and snapshots on request', async () => {
    const c = await connect();
    c.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_tickers: [SIM_TICKER] },
    });
    const [subscribed, snapshot] = await c.next(2);
    expect(subscribed).toEqual({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
    expect(snapshot).toMatchObject({
      type: 'orderbook_snapshot',
      sid: 1,
      seq: 1,
      msg: {
        market_ticker: SIM_TICKER,
        yes_dollars_fp: [
          ['0.4000', '10.00'],
          ['0.4200', '5.00'],
        ],
        // YES asks 0.45 x 5 and 0.47 x 10 are NO bids at 0.55 and 0.53
        no_dollars_fp: [
          ['0.5300', '10.00'],
          ['0.5500', '5.00'],
        ],
      },
    });
    // A NO buyer takes 2 of the 0.42 YES bid and rests nothing.
    const result = fx.sim.exchange.createOrder(
      {
        accountId: fx.traderId,
        ticker: SIM_TICKER,
        clientOrderId: 'ws-sim-1',
        side: 'ask',
        price: 420_000 as Micros,
        count: 200 as Centis,
        timeInForce: 'immediate_or_cancel',
        selfTradePrevention: 'maker',
        postOnly: false,
        expirationTime: null,
      },
      Date.now(),
    );
    expect(result.ok).toBe(true);
    const [delta] = await c.next(1);
    expect(delta).toMatchObject({
      type: 'orderbook_delta',
      sid: 1,
      seq: 2,
      msg: { market_ticker: SIM_TICKER, price_dollars: '0.4200', delta_fp: '-2.00', side: 'yes' },
    });
    c.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, action: 'get_snapshot' } });
    const [ok, again] = await c.next(2);
    expect(ok).toEqual({ id: 2, sid: 1, seq: 3, type: 'ok', msg: { market_tickers: [SIM_TICKER] } });
    expect(again).toMatchObject({ type: 'orderbook_snapshot', sid: 1, seq: 4 });
    expect(((again as Frame).msg as { yes_dollars_fp: string[][] }).yes_dollars_fp).toContainEqual([
      '0.4200',
      '3.00',
    ]);
    c.send({ id: 3, cmd: 'unsubscribe', params: { sids: [1] } });
    expect(await c.next(1)).toEqual([{ id: 3, sid: 1, seq: 5, type: 'unsubscribed' }]);
    c.ws.close();
  });

  it('quotes NO levels at YES prices when the subscription asks for use_yes_price', async () => {
    const c = await connect();
    c.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_ticker: SIM_TICKER, use_yes_price: true },
    });
    const [, snapshot] = await c.next(2);
    const no = ((snapshot as Frame).msg as { no_dollars_fp: string[][] }).no_dollars_fp;
    expect(no.map(([p]) => p)).toEqual(['0.4500', '0.4700']);
    c.ws.close();
  });
});
