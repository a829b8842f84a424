/** Kalshi game discovery: ticker reading, the real market payload, and listing over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KALSHI_SPORTS_FEES } from '../../core/fees.js';
import { type SimFixture, startSimFixture } from '../../sim/kalshi/testing.js';
import {
  discoverKalshiGames,
  kalshiGameListing,
  parseKalshiEvent,
  parseKalshiEventsPage,
  parseKalshiGameTicker,
} from './discovery.js';
import { readSharedJson } from './fixtures/load.js';
import { KalshiHttp } from './http.js';

describe('parseKalshiGameTicker', () => {
  it('reads the reference examples, with and without a start time', () => {
    expect(
      parseKalshiGameTicker({
        eventTicker: 'KXNBAGAME-26MAY25NYKCLE',
        seriesTicker: 'KXNBAGAME',
        teamCodes: ['CLE', 'NYK'],
      }),
    ).toEqual({ dateEt: '2026-05-25', startEt: null, awayCode: 'NYK', homeCode: 'CLE' });
    expect(
      parseKalshiGameTicker({
        eventTicker: 'KXMLBGAME-26JUL282210SEALAD',
        seriesTicker: 'KXMLBGAME',
        teamCodes: ['SEA', 'LAD'],
      }),
    ).toEqual({ dateEt: '2026-07-28', startEt: '2210', awayCode: 'SEA', homeCode: 'LAD' });
    expect(
      parseKalshiGameTicker({
        eventTicker: 'KXNHLGAME-26OCT031900NJDNYR',
        seriesTicker: 'KXNHLGAME',
        teamCodes: ['NYR', 'NJD'],
      }),
    ).toMatchObject({ awayCode: 'NJD', homeCode: 'NYR', startEt: '1900' });
  });

  it('splits codes of different lengths by the market tickers, not by length', () => {
    expect(
      parseKalshiGameTicker({
        eventTicker: 'KXNHLGAME-26NOV01LASJ',
        seriesTicker: 'KXNHLGAME',
        teamCodes: ['LA', 'SJ'],
      }),
    ).toMatchObject({ awayCode: 'LA', homeCode: 'SJ' });
  });

  it('names what is wrong instead of guessing', () => {
    const ambiguous = parseKalshiGameTicker({
      eventTicker: 'KXNBAGAME-26MAY25LACLA',
      seriesTicker: 'KXNBAGAME',
      teamCodes: ['LA', 'CLA', 'LAC'],
    });
    expect(ambiguous).toMatch(/cannot split LACLA/);
    expect(
      parseKalshiGameTicker({
        eventTicker: 'KXNBAGAME-26XYZ25NYKCLE',
        seriesTicker: 'KXNBAGAME',
        teamCodes: [],
      }),
    ).toMatch(/unknown month XYZ/);
    expect(
      parseKalshiGameTicker({
        eventTicker: 'KXNFLGAME-26MAY25NYKCLE',
        seriesTicker: 'KXNBAGAME',
        teamCodes: [],
      }),
    ).toMatch(/does not start with its series/);
  });
});

describe('the real NFL market payload as an event', () => {
  const real = (
    readSharedJson('markets/kalshi_markets__ticker_KXNFLGAME-26OCT08TBDAL-DAL.json') as {
      market: Record<string, unknown>;
    }
  ).market;
  const event = {
    event_ticker: 'KXNFLGAME-26OCT08TBDAL',
    series_ticker: 'KXNFLGAME',
    title: 'Tampa Bay at Dallas',
    markets: [real, { ...real, ticker: 'KXNFLGAME-26OCT08TBDAL-TB' }],
  };

  it('reads home, away and the date, each market parsed from its fixed-point strings', () => {
    const parsed = parseKalshiEvent(event);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const listing = kalshiGameListing(parsed.value, 'nfl');
    expect(listing).toMatchObject({
      dateEt: '2026-10-08',
      homeCode: 'DAL',
      awayCode: 'TB',
      sport: 'nfl',
      tieMarket: null,
    });
    if (typeof listing === 'string') return;
    expect(listing.homeMarket.ticker).toBe('KXNFLGAME-26OCT08TBDAL-DAL');
    expect(listing.homeMarket.lastPrice).toBe(810_000);
  });

  it('a malformed nested market fails its event with the field named; the page keeps the rest', () => {
    const bad = {
      ...event,
      event_ticker: 'KXNFLGAME-26OCT08NYGPHI',
      markets: [{ ...real, yes_bid_dollars: 0.5 }],
    };
    const page = parseKalshiEventsPage({ events: [event, bad, 7], cursor: '' });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.items).toHaveLength(1);
    expect(page.value.errors.map((e) => e.field)).toEqual([
      'events[1].markets[0].yes_bid_dollars',
      'events[2]',
    ]);
    expect(page.value.cursor).toBeNull();
  });
});

describe('discoverKalshiGames against the simulator over HTTP', () => {
  let fx: SimFixture;
  beforeEach(async () => {
    fx = await startSimFixture({ seedMaker: false });
    const add = (ticker: string, eventTicker: string, seriesTicker: string) =>
      fx.sim.exchange.addMarket({
        ticker,
        eventTicker,
        seriesTicker,
        closeTimeMs: Date.UTC(2026, 10, 30),
        fees: KALSHI_SPORTS_FEES,
      });
    for (const team of ['NYG', 'PHI'])
      add(`KXNFLGAME-26NOV29NYGPHI-${team}`, 'KXNFLGAME-26NOV29NYGPHI', 'KXNFLGAME');
    for (const team of ['ARS', 'CHE', 'TIE'])
      add(`KXEPLGAME-26NOV29ARSCHE-${team}`, 'KXEPLGAME-26NOV29ARSCHE', 'KXEPLGAME');
    // A market that does not name a team of its event's pair: reported, not guessed.
    add('KXNFLGAME-26NOV30KCBUF-KC', 'KXNFLGAME-26NOV30KCBUF', 'KXNFLGAME');
  });
  afterEach(() => fx.close());

  it('lists every open game across pages, soccer with its draw market, and reports the odd one', async () => {
    const http = new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } });
    const result = await discoverKalshiGames({ http, leagues: ['nfl', 'soccer'], pageSize: 1 });
    expect(
      result.games.map((g) => [g.eventTicker, g.awayCode, g.homeCode, g.tieMarket?.ticker ?? null]),
    ).toEqual([
      ['KXNFLGAME-26NOV29NYGPHI', 'NYG', 'PHI', null],
      ['KXEPLGAME-26NOV29ARSCHE', 'ARS', 'CHE', 'KXEPLGAME-26NOV29ARSCHE-TIE'],
    ]);
    // The fixture's own one-sided market (LAR only) is reported too.
    expect(result.issues).toEqual([
      { eventTicker: 'KXNFLGAME-26SEP21NYGLAR', message: expect.stringMatching(/cannot split NYGLAR/) },
      { eventTicker: 'KXNFLGAME-26NOV30KCBUF', message: expect.stringMatching(/cannot split KCBUF/) },
    ]);
    expect(result.games[0]?.sport).toBe('nfl');
    expect(result.games[1]?.sport).toBe('soccer');
  });

  it('GET /events/{ticker} answers one event with its markets; a settled event is not open', async () => {
    const one = (await fetch(`${fx.baseUrl}/events/KXNFLGAME-26NOV29NYGPHI`).then((r) => r.json())) as {
      event: { event_ticker: string };
      markets: unknown[];
    };
    expect(one.event.event_ticker).toBe('KXNFLGAME-26NOV29NYGPHI');
    expect(one.markets).toHaveLength(2);
    fx.sim.exchange.settle('KXNFLGAME-26NOV29NYGPHI-NYG', 'yes', Date.now());
    fx.sim.exchange.settle('KXNFLGAME-26NOV29NYGPHI-PHI', 'no', Date.now());
    const open = (await fetch(`${fx.baseUrl}/events?series_ticker=KXNFLGAME&status=open`).then((r) =>
      r.json(),
    )) as {
      events: { event_ticker: string }[];
    };
    expect(open.events.map((e) => e.event_ticker)).toEqual([
      'KXNFLGAME-26SEP21NYGLAR',
      'KXNFLGAME-26NOV30KCBUF',
    ]);
  });
});
