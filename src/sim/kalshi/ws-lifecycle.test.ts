/**
 * `market_lifecycle_v2` over a real WebSocket: a listed game announces its event and markets,
 * then its early close, its result and its settlement, in the documented message shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KALSHI_WS_PATH, kalshiWebSocketAuthHeaders } from '../../venues/kalshi/auth.js';
import { type ClockedSimFixture, startClockedSimFixture } from './testing.js';

const NOW = Date.parse('2026-10-08T12:00:00Z');
let fx: ClockedSimFixture;
beforeAll(async () => {
  fx = await startClockedSimFixture(NOW);
});
afterAll(() => fx.close());

type Frame = { type: string; sid?: number; msg?: Record<string, unknown> };

/** A connection whose frames are awaited by count, never by sleeping. */
async function connect() {
  const url = `${fx.baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}${KALSHI_WS_PATH}`;
  const ws = new WebSocket(url, {
    headers: {
      ...kalshiWebSocketAuthHeaders(
        { keyId: fx.keyId, privateKey: fx.privateKey },
        { timestampMs: Date.now() },
      ),
    },
  });
  const frames: Frame[] = [];
  let waiter: (() => void) | null = null;
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    waiter?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const take = async (count: number): Promise<Frame[]> => {
    while (frames.length < count) await new Promise<void>((resolve) => (waiter = resolve));
    return frames.splice(0, count);
  };
  return { ws, take, send: (o: unknown) => ws.send(JSON.stringify(o)) };
}

describe('market_lifecycle_v2', () => {
  it('announces a listed game, its early close, its result and its settlement', async () => {
    const c = await connect();
    // A ticker filter is not supported on this channel: the subscription covers every market.
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
    const [subscribed] = await c.take(1);
    expect(subscribed).toMatchObject({ id: 1, type: 'subscribed', msg: { channel: 'market_lifecycle_v2' } });
    const sid = subscribed?.msg?.sid;

    const listed = await fx.admin('/sim/games', {
      league: 'nfl',
      start_time: '2026-10-09T00:15:00Z',
      listed_time: '2026-10-01T04:00:00Z',
      away: { code: 'TB', name: 'Tampa Bay', event_name: 'TB Buccaneers' },
      home: { code: 'DAL', name: 'Dallas', event_name: 'DAL Cowboys' },
    });
    expect(listed.status).toBe(201);
    const [event, dalCreated, tbCreated] = await c.take(3);
    expect(event).toEqual({
      type: 'event_lifecycle',
      sid,
      msg: {
        event_ticker: 'KXNFLGAME-26OCT08TBDAL',
        exchange_index: 0,
        title: 'TB Buccaneers vs DAL Cowboys',
        subtitle: 'TB vs DAL (Oct 8)',
        collateral_return_type: 'MECNET',
        series_ticker: 'KXNFLGAME',
      },
    });
    expect(dalCreated).toMatchObject({
      type: 'market_lifecycle_v2',
      sid,
      msg: {
        market_ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
        event_type: 'created',
        exchange_index: 0,
        open_ts: Date.parse('2026-10-01T04:00:00Z') / 1000,
        close_ts: Date.parse('2026-10-11T00:15:00Z') / 1000,
        price_level_structure: 'linear_cent',
        additional_metadata: {
          title: 'Dallas wins',
          yes_sub_title: 'Dallas',
          event_ticker: 'KXNFLGAME-26OCT08TBDAL',
          expected_expiration_ts: Date.parse('2026-10-09T03:15:00Z') / 1000,
          strike_type: 'structured',
        },
      },
    });
    expect(tbCreated?.msg?.market_ticker).toBe('KXNFLGAME-26OCT08TBDAL-TB');

    const end = Date.parse('2026-10-09T03:20:00Z');
    fx.setNow(end);
    expect((await fx.admin('/sim/events/KXNFLGAME-26OCT08TBDAL/determine', { outcome: 'tie' })).status).toBe(
      200,
    );
    // Determining an open market closes it first: close_date_updated, then determined, per market.
    const frames = await c.take(4);
    expect(frames.map((f) => [f.msg?.market_ticker, f.msg?.event_type])).toEqual([
      ['KXNFLGAME-26OCT08TBDAL-DAL', 'close_date_updated'],
      ['KXNFLGAME-26OCT08TBDAL-DAL', 'determined'],
      ['KXNFLGAME-26OCT08TBDAL-TB', 'close_date_updated'],
      ['KXNFLGAME-26OCT08TBDAL-TB', 'determined'],
    ]);
    expect(frames[0]?.msg).toMatchObject({ close_ts: end / 1000 });
    expect(frames[1]?.msg).toEqual({
      market_ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
      event_type: 'determined',
      result: 'scalar',
      determination_ts: end / 1000,
      settlement_value: '0.5000',
    });

    // The settlement timer (60 s) runs out; the scheduler's tick settles both markets.
    fx.setNow(end + 60_000);
    fx.sim.advanceLifecycle();
    const settled = await c.take(2);
    expect(settled.map((f) => f.msg)).toEqual([
      { market_ticker: 'KXNFLGAME-26OCT08TBDAL-DAL', event_type: 'settled', settled_ts: end / 1000 + 60 },
      { market_ticker: 'KXNFLGAME-26OCT08TBDAL-TB', event_type: 'settled', settled_ts: end / 1000 + 60 },
    ]);
    c.ws.close();
  });
});
