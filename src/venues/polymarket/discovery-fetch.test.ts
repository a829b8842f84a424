/**
 * A market's taker delay as the CLOB states it: from the simulator over loopback (before and
 * after kick-off), and each answer that cannot be trusted refused with why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  demoGameSpecs,
  type GamesFixture,
  HOUR,
  startGamesFixture,
} from '../../sim/polymarket/test-games.js';
import { fetchClobTakerDelay } from './discovery-fetch.js';
import { PolymarketHttp, type PolymarketHttpOutcome } from './http.js';

/** An HTTP client that answers every request with `outcome` (the parse and checks are what is tested). */
const answering = (outcome: PolymarketHttpOutcome) =>
  ({ request: async () => outcome }) as unknown as PolymarketHttp;
const ok = (body: unknown): PolymarketHttpOutcome => ({ kind: 'ok', status: 200, body });
const ID = `0x${'ab'.repeat(32)}`;

describe('fetchClobTakerDelay', () => {
  let fx: GamesFixture | null = null;
  afterEach(async () => {
    await fx?.close();
    fx = null;
  });

  it("reads the simulator's sd before kick-off (itode off) and after (on)", async () => {
    const startMs = Math.floor(Date.now() / 60_000) * 60_000;
    fx = await startGamesFixture({ NBA: demoGameSpecs(startMs).NBA }, startMs);
    const market = fx.games.NBA?.markets[0];
    if (!market) throw new Error('no market');
    const http = new PolymarketHttp({ baseUrl: fx.urls.baseUrl, address: '' });
    const read = () =>
      fetchClobTakerDelay({ http, conditionId: market.conditionId, tokenIds: market.tokenIds });
    expect(await read()).toEqual({ ok: true, value: { delayMs: 3_000, enabledNow: false } });
    fx.advance(5 * HOUR + 60_000);
    expect(await read()).toEqual({ ok: true, value: { delayMs: 3_000, enabledNow: true } });
    expect(
      await fetchClobTakerDelay({ http, conditionId: market.conditionId, tokenIds: ['123456789'] }),
    ).toMatchObject({
      ok: false,
      failure: 'unreadable',
      problem: expect.stringContaining('token 123456789'),
    });
  });

  it('refuses what it cannot trust, telling a venue that did not answer from one that answered nonsense', async () => {
    const read = (outcome: PolymarketHttpOutcome) =>
      fetchClobTakerDelay({ http: answering(outcome), conditionId: ID, tokenIds: ['1'] });
    expect(await read({ kind: 'timeout' })).toMatchObject({ ok: false, failure: 'endpoint' });
    expect(await read({ kind: 'http_error', status: 503, body: null })).toMatchObject({
      ok: false,
      failure: 'endpoint',
    });
    expect(await read({ kind: 'http_error', status: 404, body: null })).toMatchObject({
      ok: false,
      failure: 'unreadable',
      problem: expect.stringContaining('does not know'),
    });
    expect(await read(ok({ mts: 0.01, nr: false, sd: -2 }))).toMatchObject({
      ok: false,
      failure: 'unreadable',
    });
    expect(await read(ok('junk'))).toMatchObject({ ok: false, failure: 'unreadable' });
    expect(await read(ok({ c: `0x${'cd'.repeat(32)}`, mts: 0.01, nr: false, sd: 3 }))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('is for market 0xcdcd'),
    });
    expect(await read(ok({ c: ID, mts: 0.01, nr: false, sd: 0, itode: true }))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('its length (sd) is 0'),
    });
    expect(await read(ok({ c: ID, t: [{ t: '1' }, { t: '2' }], mts: 0.01, nr: false }))).toEqual({
      ok: true,
      value: { delayMs: 0, enabledNow: false },
    });
  });
});
