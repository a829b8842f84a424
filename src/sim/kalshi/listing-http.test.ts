/**
 * Games listed through the admin API and read over real HTTP on loopback: our discovery finds
 * them in every sport, the official kalshi-typescript client reads the exchange status, series,
 * events and markets, the `status` filters follow the lifecycle, orders are refused after close,
 * and bad admin input is answered 400 without harming any public endpoint.
 */
import axios, { type AxiosError } from 'axios';
import { Configuration, EventsApi, ExchangeApi, MarketApi, OrdersApi } from 'kalshi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverKalshiGames, parseKalshiEventsPage } from '../../venues/kalshi/discovery.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { parseKalshiMarketsPage, parseKalshiSeriesResponse } from '../../venues/kalshi/parse.js';
import { type ClockedSimFixture, startClockedSimFixture } from './testing.js';

const NOW = Date.parse('2026-10-08T12:00:00Z');
const team = (code: string, name: string, event_name = `${code} ${name}`) => ({ code, name, event_name });
const LISTED = '2026-10-01T04:00:00Z';
const GAMES = [
  {
    league: 'nfl',
    start_time: '2026-10-09T00:15:00Z',
    away: team('TB', 'Tampa Bay'),
    home: team('DAL', 'Dallas'),
  },
  {
    league: 'nba',
    start_time: '2026-10-07T23:30:00Z',
    away: team('MIN', 'Minnesota'),
    home: team('IND', 'Indiana'),
  },
  // A doubleheader: two games of the same teams on one day, told apart by the HHMM.
  {
    league: 'mlb',
    start_time: '2026-10-08T17:05:00Z',
    away: team('KC', 'Kansas City'),
    home: team('CWS', 'Chicago WS'),
  },
  {
    league: 'mlb',
    start_time: '2026-10-08T23:40:00Z',
    away: team('KC', 'Kansas City'),
    home: team('CWS', 'Chicago WS'),
  },
  {
    league: 'nhl',
    start_time: '2026-10-08T23:00:00Z',
    away: team('NJD', 'New Jersey'),
    home: team('NYR', 'New York R'),
  },
  {
    league: 'soccer',
    series_ticker: 'KXEPLGAME',
    start_time: '2026-10-10T14:00:00Z',
    away: team('ARS', 'Arsenal', 'Arsenal'),
    home: team('CHE', 'Chelsea', 'Chelsea'),
  },
];
/** Listed but not yet open for trading. */
const UNOPENED = {
  league: 'nfl',
  start_time: '2026-10-12T17:00:00Z',
  open_time: '2026-10-09T12:00:00Z',
  away: team('NYG', 'New York G'),
  home: team('PHI', 'Philadelphia'),
};

let fx: ClockedSimFixture;
beforeAll(async () => {
  fx = await startClockedSimFixture(NOW);
  for (const game of [...GAMES, UNOPENED]) {
    const res = await fx.admin('/sim/games', { ...game, listed_time: LISTED });
    expect(res).toMatchObject({ status: 201 });
  }
});
afterAll(() => fx.close());

const http = () =>
  new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } });
const get = async (path: string) => {
  const res = await fetch(`${fx.baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const tickersOf = (body: Record<string, unknown>, key: 'markets' | 'events') =>
  (body[key] as { ticker?: string; event_ticker?: string }[]).map((o) => o.ticker ?? o.event_ticker);

type SdkAxios = NonNullable<ConstructorParameters<typeof OrdersApi>[2]>;
const sdk = <T>(Api: new (c: Configuration, b: undefined, a: SdkAxios) => T): T =>
  new Api(
    new Configuration({ apiKey: fx.keyId, privateKeyPem: fx.privateKeyPem, basePath: fx.baseUrl }),
    undefined,
    axios.create() as unknown as SdkAxios,
  );

describe('listed games over HTTP', () => {
  it('are found by our discovery in every sport: teams, HHMM doubleheaders, the soccer draw market', async () => {
    const result = await discoverKalshiGames({
      http: http(),
      leagues: ['nfl', 'nba', 'mlb', 'nhl', 'soccer'],
    });
    expect(result.issues).toEqual([]);
    expect(
      result.games.map((g) => [
        g.eventTicker,
        g.awayCode,
        g.homeCode,
        g.dateEt,
        g.startEt,
        g.tieMarket?.ticker ?? null,
      ]),
    ).toEqual([
      ['KXNFLGAME-26OCT08TBDAL', 'TB', 'DAL', '2026-10-08', null, null],
      ['KXNBAGAME-26OCT07MININD', 'MIN', 'IND', '2026-10-07', null, null],
      ['KXMLBGAME-26OCT081305KCCWS', 'KC', 'CWS', '2026-10-08', '1305', null],
      ['KXMLBGAME-26OCT081940KCCWS', 'KC', 'CWS', '2026-10-08', '1940', null],
      ['KXNHLGAME-26OCT08NJDNYR', 'NJD', 'NYR', '2026-10-08', null, null],
      ['KXEPLGAME-26OCT10ARSCHE', 'ARS', 'CHE', '2026-10-10', null, 'KXEPLGAME-26OCT10ARSCHE-TIE'],
    ]);
    const nfl = result.games[0];
    expect(nfl?.homeMarket).toMatchObject({
      ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
      status: 'active',
      closeTime: Date.parse('2026-10-11T00:15:00Z'),
      expectedExpirationTime: Date.parse('2026-10-09T03:15:00Z'),
      exchangeIndex: 0,
    });
    expect(result.games[2]?.homeMarket.exchangeIndex).toBe(3);
  });

  it('are read by the official kalshi-typescript client: exchange status, series, events, markets', async () => {
    const status = await sdk(ExchangeApi).getExchangeStatus();
    expect(status.data).toMatchObject({ exchange_active: true, trading_active: true });
    expect(status.data.exchange_index_statuses?.map((s) => s.exchange_index)).toEqual([0, 1, 2, 3]);

    const events = await sdk(EventsApi).getEvents(200, undefined, true, undefined, 'open', 'KXNFLGAME');
    expect(events.data.events.map((e) => e.event_ticker)).toEqual(['KXNFLGAME-26OCT08TBDAL']);
    expect(events.data.events[0]?.markets).toHaveLength(2);
    expect(parseKalshiEventsPage(events.data).ok).toBe(true);
    const event = await sdk(EventsApi).getEvent('KXEPLGAME-26OCT10ARSCHE');
    expect(event.data.event).toMatchObject({ title: 'Arsenal vs Chelsea', sub_title: 'ARS vs CHE (Oct 10)' });
    expect(event.data.markets.map((m) => m.yes_sub_title)).toEqual(['Chelsea', 'Arsenal', 'Tie']);
    const nested = await sdk(EventsApi).getEvent('KXEPLGAME-26OCT10ARSCHE', true);
    expect([nested.data.event.markets?.length, nested.data.markets.length]).toEqual([3, 0]);

    const wanted = 'KXNBAGAME-26OCT07MININD-MIN,KXNHLGAME-26OCT08NJDNYR-NYR';
    const none = undefined;
    // limit, cursor, event, series, 4 × created/updated/close, 2 × settled, status, tickers.
    const markets = await sdk(MarketApi).getMarkets(
      100,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      wanted,
    );
    expect(markets.data.markets.map((m) => m.ticker)).toEqual(wanted.split(','));
    expect(parseKalshiMarketsPage(markets.data).ok).toBe(true);
    const market = await sdk(MarketApi).getMarket('KXMLBGAME-26OCT081940KCCWS-KC');
    expect(market.data.market.rules_primary).toContain('Oct 8, 2026 at 7:40 PM EDT');

    const series = await sdk(MarketApi).getSeries('KXNFLGAME');
    expect(series.data.series).toMatchObject({ title: 'NFL Game', fee_type: 'quadratic_with_maker_fees' });
    expect(parseKalshiSeriesResponse(series.data).ok).toBe(true);
    const list = await sdk(MarketApi).getSeriesList('Sports');
    expect(list.data.series.map((s) => s.ticker).sort()).toEqual([
      'KXEPLGAME',
      'KXMLBGAME',
      'KXNBAGAME',
      'KXNFLGAME',
      'KXNHLGAME',
    ]);
  });

  it('answers unknown paths with a 404 in Kalshi error shape naming the path', async () => {
    expect(await get('/exchange/statuz')).toEqual({
      status: 404,
      body: {
        code: 'not_found',
        message: 'no endpoint GET /trade-api/v2/exchange/statuz',
        details: '',
        service: 'trade-api',
      },
    });
    const outside = await fetch(`${fx.origin}/nowhere`);
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { message: string }).message).toBe('no endpoint GET /nowhere');
  });
});

describe('the lifecycle over HTTP', () => {
  const NFL = 'KXNFLGAME-26OCT08TBDAL';
  const marketStatus = async (filter: string) =>
    tickersOf((await get(`/markets?series_ticker=KXNFLGAME&status=${filter}`)).body, 'markets');

  it('filters by status as Kalshi maps it, refuses orders after close, and settles', async () => {
    expect(tickersOf((await get('/events?status=unopened')).body, 'events')).toEqual([
      'KXNFLGAME-26OCT12NYGPHI',
    ]);
    expect(await marketStatus('open')).toEqual([`${NFL}-DAL`, `${NFL}-TB`]);
    const orders = sdk(OrdersApi);
    const order = {
      ticker: `${NFL}-DAL`,
      side: 'bid' as const,
      count: '1.00',
      price: '0.4000',
      time_in_force: 'good_till_canceled' as const,
      self_trade_prevention_type: 'taker_at_cross' as const,
    };
    expect((await orders.createOrderV2(order)).status).toBe(201);

    expect(await fx.admin(`/sim/markets/${NFL}-DAL/pause`)).toMatchObject({ status: 200 });
    expect(await marketStatus('paused')).toEqual([`${NFL}-DAL`]);
    expect(await fx.admin(`/sim/markets/${NFL}-DAL/resume`)).toMatchObject({ status: 200 });

    fx.setNow(Date.parse('2026-10-09T03:30:00Z'));
    expect(await fx.admin(`/sim/events/${NFL}/close`)).toMatchObject({ status: 200 });
    expect(await marketStatus('open')).toEqual([]);
    expect(await marketStatus('closed')).toEqual([`${NFL}-DAL`, `${NFL}-TB`]);
    const refused = (await orders.createOrderV2(order).catch((e: unknown) => e)) as AxiosError;
    expect(refused.response?.status).toBe(400);
    expect(refused.response?.data).toMatchObject({ code: 'market_inactive', service: 'trade-api' });

    expect(await fx.admin(`/sim/events/${NFL}/determine`, { outcome: 'team', team: 'DAL' })).toMatchObject({
      status: 200,
      body: { markets: [{ status: 'determined' }, { status: 'determined' }] },
    });
    // Determined but inside the settlement timer: still "closed" to the filter.
    expect(await marketStatus('closed')).toEqual([`${NFL}-DAL`, `${NFL}-TB`]);
    fx.setNow(Date.parse('2026-10-09T03:31:00Z'));
    expect(await marketStatus('settled')).toEqual([`${NFL}-DAL`, `${NFL}-TB`]);
    const dal = (await get(`/markets/${NFL}-DAL`)).body.market as Record<string, unknown>;
    expect(dal).toMatchObject({
      status: 'finalized',
      result: 'yes',
      settlement_value_dollars: '1.0000',
      settlement_ts: '2026-10-09T03:31:00Z',
      close_time: '2026-10-09T03:30:00Z',
      latest_expiration_time: '2026-10-11T00:15:00Z',
    });
    expect((await get('/markets?status=finished')).status).toBe(400);
    expect((await get('/events?status=paused')).status).toBe(400);
  });
});

describe('admin input', () => {
  it('is answered 400 naming the field, and the public endpoints still serve', async () => {
    const before = (await get('/events')).body.events as unknown[];
    const bad: [string, unknown, RegExp][] = [
      ['/sim/games', { ...GAMES[0], away: team('tb', 'Tampa Bay') }, /away\.code/],
      ['/sim/games', { ...GAMES[0], start_time: 'next thursday' }, /start_time/],
      ['/sim/games', { ...GAMES[0], start_time: '3026-10-09T00:15:00Z' }, /start_time: must be before 2100/],
      ['/sim/games', { ...GAMES[0], colour: 'blue' }, /colour/],
      ['/sim/games', { ...GAMES[0], league: 'cricket' }, /league/],
      ['/sim/games', { ...GAMES[1], home: team('MIN', 'Minnesota') }, /home\.code/],
      ['/sim/games', { ...GAMES[5], series_ticker: 'KXLIGAMXGAME' }, /competition/],
      ['/sim/games', '{"league":', /not valid JSON/],
      [
        '/sim/markets',
        { ticker: 'OTHER-1', event_ticker: 'KXNFLGAME-X', series_ticker: 'KXNFLGAME', close_time_ms: NOW },
        /ticker: must be \{event_ticker\}-\{outcome\}/,
      ],
      [
        '/sim/markets',
        { ticker: 'A-B-C', event_ticker: 'A-B', series_ticker: 'A', close_time_ms: 1e300 },
        /close_time_ms/,
      ],
      ['/sim/markets/KXNBAGAME-26OCT07MININD-MIN/determine', { result: 'maybe' }, /result|settlement_value/],
      [
        '/sim/markets/KXNBAGAME-26OCT07MININD-MIN/determine',
        { settlement_value_dollars: '1.5' },
        /between 0 and 1/,
      ],
      ['/sim/events/KXNBAGAME-26OCT07MININD/determine', { outcome: 'team' }, /team/],
      ['/sim/exchange/status', { trading_active: 'no' }, /trading_active/],
    ];
    for (const [path, body, field] of bad) {
      const res = await fx.admin(path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body).toMatchObject({ code: 'bad_request', message: expect.stringMatching(field) });
    }
    // A listed game's ticker cannot be taken twice, by a game or a bare market.
    expect(await fx.admin('/sim/games', { ...GAMES[0], listed_time: LISTED })).toMatchObject({ status: 409 });
    expect(
      await fx.admin('/sim/markets', {
        ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
        event_ticker: 'KXNFLGAME-26OCT08TBDAL',
        series_ticker: 'KXNFLGAME',
        close_time_ms: NOW,
      }),
    ).toMatchObject({ status: 409 });

    const events = await get('/events?with_nested_markets=true');
    expect(events.status).toBe(200);
    expect(events.body.events).toHaveLength(before.length);
    const page = parseKalshiEventsPage(events.body);
    expect(page.ok && page.value.errors).toEqual([]);
    const markets = await get('/markets?limit=1000');
    expect(parseKalshiMarketsPage(markets.body).ok && markets.body.markets).toHaveLength(15);
    expect((await get('/series')).status).toBe(200);
    expect((await get('/exchange/status')).body).toMatchObject({ trading_active: true });
  });
});
