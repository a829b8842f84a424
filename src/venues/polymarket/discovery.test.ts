import { describe, expect, it } from 'vitest';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asSignalId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { SIM_EVENT, SIM_MARKET, startPolySimFixture } from '../../sim/polymarket/testing.js';
import { PolymarketVenueClient } from './client.js';
import { discoverPolymarketGames, mapGammaEvent } from './discovery.js';
import { GAMMA_LIMITS, PolymarketHttp } from './http.js';
import { simVenueClient } from './testing.js';

const nbaEvent = {
  id: '901',
  slug: 'nba-nyk-sas-2026-06-03',
  title: 'Knicks vs. Spurs',
  startTime: '2026-06-04T00:30:00Z',
  negRisk: false,
  teams: [
    { abbreviation: 'NYK', alias: 'Knicks', ordering: 'away' },
    { abbreviation: 'SAS', alias: 'Spurs', ordering: 'home' },
  ],
  markets: [
    {
      id: '5001',
      conditionId: `0x${'12'.repeat(32)}`,
      question: 'Knicks vs. Spurs',
      outcomes: '["Knicks","Spurs"]',
      outcomePrices: '["0.45","0.55"]',
      positionIds: ['111', '222'],
      version: 'v2',
      negRisk: false,
      orderPriceMinTickSize: 0.01,
      feeSchedule: { rate: '0.03', exponent: 1 },
      sportsMarketType: 'moneyline',
      gameStartTime: '2026-06-04 00:30:00+00',
      active: true,
      closed: false,
    },
    {
      id: '5002',
      conditionId: `0x${'34'.repeat(32)}`,
      outcomes: '["Over","Under"]',
      clobTokenIds: '["333","444"]',
      sportsMarketType: 'totals',
      orderPriceMinTickSize: 0.01,
    },
  ],
};

describe('mapGammaEvent', () => {
  it('maps a US moneyline market to one instrument per team token, by the market version', () => {
    const r = mapGammaEvent(nbaEvent, { sport: 'nba' });
    if (!r.ok) throw new Error(r.reason);
    const { game } = r;
    expect(game.gameId).toBe('polymarket:nba-nyk-sas-2026-06-03');
    expect(game.instruments.map((i) => [i.symbol, i.outcome])).toEqual([
      ['111', 'away_win'],
      ['222', 'home_win'],
    ]);
    expect(game.instruments[0]).toMatchObject({
      instrumentId: 'polymarket:111',
      tickSize: 10_000,
      fees: { kind: 'polymarket_taker', ratePpm: 30_000, exponent: 1 },
      settlement: { includesOvertime: true, drawPossible: false },
    });
    expect(game.markets).toEqual([
      expect.objectContaining({
        tokenIds: ['111', '222'],
        domainVersion: '3',
        negRisk: false,
        tickSize: '0.01',
      }),
    ]);
  });

  it('maps soccer Yes/No result markets to their YES tokens, draw included', () => {
    const yesNo = (id: string, q: string, yes: string, no: string) => ({
      id,
      conditionId: `0x${id.padStart(64, '0')}`,
      question: q,
      outcomes: '["Yes","No"]',
      clobTokenIds: JSON.stringify([yes, no]),
      version: 'v1',
      negRisk: true,
      orderPriceMinTickSize: '0.001',
      sportsMarketType: 'moneyline',
    });
    const r = mapGammaEvent(
      {
        id: '77',
        slug: 'epl-ars-che-2026-09-01',
        teams: [
          { abbreviation: 'ARS', alias: 'Arsenal', ordering: 'home' },
          { abbreviation: 'CHE', alias: 'Chelsea', ordering: 'away' },
        ],
        markets: [
          yesNo('1', 'Will Arsenal win on 2026-09-01?', '10', '11'),
          yesNo('2', 'Will Arsenal vs. Chelsea end in a draw?', '20', '21'),
          yesNo('3', 'Will Chelsea win on 2026-09-01?', '30', '31'),
        ],
      },
      { sport: 'soccer' },
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.game.instruments.map((i) => [i.symbol, i.outcome])).toEqual([
      ['10', 'home_win'],
      ['20', 'draw'],
      ['30', 'away_win'],
    ]);
    expect(r.game.instruments[1]?.settlement).toMatchObject({ drawPossible: true, includesOvertime: false });
    expect(r.game.markets[0]).toMatchObject({ domainVersion: '2', negRisk: true, tickSize: '0.001' });
  });

  it("reads a soccer team's market by its slug, title and question whole: Manchester United's question holds Chelsea's code", () => {
    const market = (id: string, suffix: string, title: string, q: string) => ({
      id,
      conditionId: `0x${id.padStart(64, '0')}`,
      slug: `epl-che-mun-2026-10-04-${suffix}`,
      groupItemTitle: title,
      question: q,
      outcomes: '["Yes","No"]',
      clobTokenIds: JSON.stringify([`${id}0`, `${id}1`]),
      negRisk: true,
      orderPriceMinTickSize: '0.01',
      sportsMarketType: 'moneyline',
    });
    const event = {
      id: '78',
      slug: 'epl-che-mun-2026-10-04',
      teams: [
        { abbreviation: 'che', name: 'Chelsea FC', alias: 'Chelsea', ordering: 'home' },
        { abbreviation: 'mun', name: 'Manchester United FC', alias: 'Man United', ordering: 'away' },
      ],
      markets: [
        market('1', 'che', 'Chelsea FC', 'Will Chelsea FC win on 2026-10-04?'),
        market(
          '2',
          'draw',
          'Draw (Chelsea FC vs. Manchester United FC)',
          'Will Chelsea FC vs. Manchester United FC end in a draw?',
        ),
        // "willmanchesterunited…" contains "che": read by substring, this was Chelsea's win.
        market('3', 'mun', 'Manchester United FC', 'Will Manchester United win on 2026-10-04?'),
      ],
    };
    const r = mapGammaEvent(event, { sport: 'soccer' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.game.instruments.map((i) => [i.symbol, i.outcome])).toEqual([
      ['10', 'home_win'],
      ['20', 'draw'],
      ['30', 'away_win'],
    ]);
    // A market whose slug and title disagree is refused, not guessed.
    const bad = {
      ...event,
      markets: [
        event.markets[0],
        event.markets[1],
        { ...event.markets[2], slug: 'epl-che-mun-2026-10-04-che' },
      ],
    };
    expect(mapGammaEvent(bad, { sport: 'soccer' })).toEqual({
      ok: false,
      reason: expect.stringContaining('cannot tell which team market 3'),
    });
  });

  it('says what is wrong with an event it cannot map', () => {
    const r = mapGammaEvent(
      { ...nbaEvent, markets: [{ ...nbaEvent.markets[0], positionIds: undefined }] },
      { sport: 'nba' },
    );
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('positionIds') });
  });
});

describe('discoverPolymarketGames against the simulator Gamma', () => {
  it('finds the league game, maps both team tokens, and the client trades on the discovered market', async () => {
    const fx = await startPolySimFixture();
    try {
      const gamma = new PolymarketHttp({
        baseUrl: fx.gammaUrl,
        address: fx.traderAddress,
        limits: GAMMA_LIMITS,
      });
      const result = await discoverPolymarketGames({
        http: gamma,
        sport: 'nfl',
        league: 'nfl',
        simulated: true,
      });
      expect(result.skipped).toEqual([]);
      const [game] = result.games;
      expect(game?.gameId).toBe(`polymarket:${SIM_EVENT.slug}`);
      expect(game?.instruments.map((i) => [i.symbol, i.outcome, i.simulated])).toEqual([
        [SIM_MARKET.tokenIds[0], 'away_win', true],
        [SIM_MARKET.tokenIds[1], 'home_win', true],
      ]);
      expect(game?.markets[0]).toMatchObject({ conditionId: SIM_MARKET.conditionId, domainVersion: '2' });
      expect((await discoverPolymarketGames({ http: gamma, sport: 'nba', league: 'nba' })).games).toEqual([]);
      // The discovered market info is all an order needs: no REST lookup of the market.
      const { http } = await simVenueClient(fx);
      const client = new PolymarketVenueClient({
        http,
        privateKey: fx.traderKey,
        markets: game?.markets ?? [],
      });
      const requestsBefore = fx.sim.stats.requests;
      const out = await client.submit({
        type: 'OrderIntent',
        id: asEventId('d1'),
        ts: 0,
        clientOrderId: asClientOrderId('disc-1.L1'),
        signalId: asSignalId('disc-1'),
        leg: 1,
        gameId: asGameId('g'),
        instrumentId: game?.instruments[0]?.instrumentId ?? asInstrumentId('none'),
        venue: 'polymarket',
        side: 'yes',
        action: 'buy',
        qty: 100 as Centis,
        limitPrice: 450_000 as Micros,
        tif: 'IOC',
        legCount: 1,
        purpose: 'entry',
      });
      expect(out).toMatchObject({ kind: 'accepted', report: { status: 'filled' } });
      // POST /order, GET /data/order, GET /data/trades
      expect(fx.sim.stats.requests - requestsBefore).toBe(3);
    } finally {
      await fx.close();
    }
  });
});
