/**
 * Listed games over real HTTP and WebSocket on loopback, read by our own discovery
 * (discoverPolymarketGames) and traded by the official clob-client-v2: an NFL, an NBA and a
 * Premier League game listed as Polymarket lists them, then started, ended and resolved. The
 * simulator's clock is driven by the test (its timers run only when it advances), so each
 * transition happens exactly when the test says. The tests run in order on one simulator.
 */
import { Chain, ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPolymarketGames } from '../../venues/polymarket/discovery.js';
import type { PolySimServer } from './server.js';
import { SimTestClient } from './test-client.js';
import { DAY, demoGameSpecs, type GameReply, type GamesFixture, startGamesFixture } from './test-games.js';
import { has, openTestSocket } from './test-socket.js';
import { SIM_TRADER_KEY } from './testing.js';
import { gammaTime } from './wire-markets.js';

const START = Math.floor(Date.now() / 60_000) * 60_000; // games start on the minute
const SPECS = demoGameSpecs(START);
const { NFL, NBA } = SPECS;
let fx: GamesFixture;
let sim: PolySimServer;
let urls: GamesFixture['urls'];
let client: SimTestClient;
const trader = privateKeyToAccount(SIM_TRADER_KEY);
const games: Record<string, GameReply> = {};
const slugs: Record<string, string> = {};
const admin = (path: string, body?: unknown) => fx.admin(path, body);
const gamma = <T>(path: string) => fx.gamma<T>(path);
const gammaHttp = () => fx.gammaHttp();
const advance = (ms: number) => fx.advance(ms);

beforeAll(async () => {
  fx = await startGamesFixture(SPECS, START);
  ({ sim, urls, client } = fx);
  for (const [name, game] of Object.entries(fx.games)) {
    games[name] = game;
    slugs[name] = game.slug;
  }
});
afterAll(() => fx.close());

describe('discovery of listed games', () => {
  it('finds the NFL and NBA games as one moneyline market each, teams by their outcome names', async () => {
    expect(games.NFL?.phase).toBe('listed');
    const nfl = await discoverPolymarketGames({
      http: gammaHttp(),
      sport: 'nfl',
      league: 'nfl',
      simulated: true,
    });
    expect(nfl.skipped).toEqual([]);
    expect(nfl.games.map((g) => g.event.slug)).toEqual([slugs.NFL]);
    const [m] = games.NFL?.markets ?? [];
    expect(nfl.games[0]?.instruments.map((i) => [i.symbol, i.outcome, i.settlement.drawPossible])).toEqual([
      [m?.tokenIds[0], 'away_win', true],
      [m?.tokenIds[1], 'home_win', true],
    ]);
    expect(nfl.games[0]?.event).toMatchObject({
      homeTeam: 'nyg',
      awayTeam: 'ten',
      startTime: NFL.startTimeMs,
    });
    expect(nfl.games[0]?.markets[0]).toMatchObject({
      conditionId: m?.conditionId,
      domainVersion: '2',
      negRisk: false,
    });

    const nba = await discoverPolymarketGames({
      http: gammaHttp(),
      sport: 'nba',
      league: 'nba',
      simulated: true,
    });
    expect(nba.skipped).toEqual([]);
    expect(nba.games[0]?.instruments.map((i) => i.outcome)).toEqual(['away_win', 'home_win']);
    expect(nba.games[0]?.instruments[0]?.fees).toEqual({
      kind: 'polymarket_taker',
      ratePpm: 30_000,
      exponent: 1,
    });
  });

  it('finds the Premier League game as three Yes/No markets: home, draw, away', async () => {
    const epl = await discoverPolymarketGames({
      http: gammaHttp(),
      sport: 'soccer',
      league: 'epl',
      simulated: true,
    });
    expect(epl.skipped).toEqual([]);
    const [game] = epl.games;
    expect(game?.event.slug).toBe(slugs.EPL);
    expect(game?.instruments.map((i) => [i.symbol, i.outcome])).toEqual(
      (games.EPL?.markets ?? []).map((m, i) => [m.tokenIds[0], ['home_win', 'draw', 'away_win'][i]]),
    );
    expect(game?.markets.every((m) => m.negRisk)).toBe(true);
    expect(game?.instruments[1]?.settlement).toMatchObject({ drawPossible: true, includesOvertime: false });
  });

  it('lists a game only from its listing time', async () => {
    const before = await discoverPolymarketGames({ http: gammaHttp(), sport: 'nfl', league: 'nfl' });
    expect(before.games.map((g) => g.event.slug)).not.toContain(slugs.LATER);
    expect((await client.raw('GET', `/gamma/events/slug/${slugs.LATER}`)).status).toBe(404);
    const later = new SimTestClient(urls.baseUrl, SIM_TRADER_KEY);
    later.creds = client.creds;
    const token = games.LATER?.markets[0]?.tokenIds[0] ?? '';
    expect(
      (await later.post({ tokenId: token, side: 'BUY', price: 400_000, shares: 10_000_000 })).status,
    ).toBe(404);
  });
});

describe('trading a listed game', () => {
  it('lets the official clob-client-v2 read the market and trade on it before the start', async () => {
    const [m] = games.NBA?.markets ?? [];
    if (!m) throw new Error('no NBA market');
    const sdk = await officialClient();
    const info = await sdk.getClobMarketInfo(m.conditionId);
    expect(info).toMatchObject({ sd: 3, itode: false, cbos: true, ao: true, nr: false, mts: 0.01, mos: 5 });
    expect(info.gst).toBe(gammaTime(NBA.startTimeMs));
    const market = await sdk.getMarket(m.conditionId);
    expect(market.tokens.map((t: { outcome: string }) => t.outcome)).toEqual(['Warriors', 'Suns']);
    await admin('/sim/maker', { conditionId: m.conditionId, belief: 0.4 });
    const book = await sdk.getOrderBook(m.tokenIds[0]);
    const bestAsk = Number(book.asks.at(-1)?.price);
    const posted = await sdk.createAndPostOrder(
      { tokenID: m.tokenIds[0], price: bestAsk, size: 10, side: Side.BUY },
      { tickSize: '0.01', negRisk: false },
      OrderType.GTC,
    );
    expect(posted).toMatchObject({ success: true, status: 'matched' });
    expect(sim.exchange.account(trader.address).shares.get(m.tokenIds[0])).toBe(10_000_000);
  });
});

describe('the game through its life', () => {
  it('clears the book at the start, then delays marketable orders by the live taker delay', async () => {
    const [m] = games.NBA?.markets ?? [];
    if (!m) throw new Error('no NBA market');
    const resting = await client.post({
      tokenId: m.tokenIds[0],
      side: 'BUY',
      price: 100_000,
      shares: 10_000_000,
    });
    expect(resting.body).toMatchObject({ status: 'live' });
    advance(NBA.startTimeMs - fx.now());
    expect(sim.games.get(slugs.NBA ?? '').phase).toBe('live');
    expect(sim.exchange.orders.get((resting.body as { orderID: string }).orderID)?.status).toBe('CANCELED');
    expect((await client.raw('GET', `/clob-markets/${m.conditionId}`)).body).toMatchObject({ itode: true });
    const [event] = await gamma<{ live: boolean }[]>(`/events?slug=${slugs.NBA}`);
    expect(event?.live).toBe(true);

    await admin('/sim/maker', { conditionId: m.conditionId, belief: 0.45 });
    const ask = sim.exchange.markets.get(m.conditionId)?.book.bestAsk() ?? 0;
    const taken = await client.post({
      tokenId: m.tokenIds[0],
      side: 'BUY',
      price: ask,
      shares: 10_000_000,
      orderType: 'FOK',
    });
    expect(taken.body).toMatchObject({ success: true, status: 'delayed' });
    const id = (taken.body as { orderID: string }).orderID;
    advance(2_999);
    expect(sim.exchange.orders.get(id)?.status).toBe('DELAYED');
    advance(1);
    expect(sim.exchange.orders.get(id)?.status).toBe('MATCHED');
  });

  it('refuses orders once the game is over, then resolves: paid, closed, market_resolved on the WebSocket', async () => {
    const [m] = games.NBA?.markets ?? [];
    if (!m) throw new Error('no NBA market');
    const sock = await openTestSocket(`${urls.wsUrl}/market`);
    const before = sim.feeds.stats.subscriptions;
    sock.ws.send(
      JSON.stringify({ assets_ids: [m.tokenIds[0]], type: 'market', custom_feature_enabled: true }),
    );
    while (sim.feeds.stats.subscriptions === before) await new Promise((r) => setImmediate(r));

    expect((await admin(`/sim/games/${slugs.NBA}/close`)).status).toBe(200);
    const refused = await client.post({
      tokenId: m.tokenIds[0],
      side: 'BUY',
      price: 300_000,
      shares: 10_000_000,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: expect.stringMatching(/closed/) } });
    const [ended] = await gamma<Record<string, unknown>[]>(`/markets?slug=${m.slug}`);
    expect(ended).toMatchObject({ acceptingOrders: false, closed: false, umaResolutionStatus: null });
    expect((await gamma<{ ended: boolean; live: boolean }[]>(`/events?slug=${slugs.NBA}`))[0]).toMatchObject({
      ended: true,
      live: false,
    });

    const account = sim.exchange.account(trader.address);
    const shares = account.shares.get(m.tokenIds[0]) ?? 0;
    expect(shares).toBe(20_000_000);
    const cash = account.collateral;
    // The Warriors (away, token 0) win.
    expect((await admin(`/sim/games/${slugs.NBA}/resolve`, { result: 'away' })).status).toBe(200);
    expect(account.collateral - cash).toBe(shares); // $1 a share
    expect(account.shares.has(m.tokenIds[0])).toBe(false);
    const resolved = JSON.parse(await sock.next(has('market_resolved')));
    expect(resolved).toMatchObject({
      event_type: 'market_resolved',
      market: m.conditionId,
      slug: m.slug,
      assets_ids: m.tokenIds,
      outcomes: ['Warriors', 'Suns'],
      winning_asset_id: m.tokenIds[0],
      winning_outcome: 'Warriors',
      event_message: { slug: slugs.NBA, title: 'Warriors vs. Suns' },
    });
    const [done] = await gamma<Record<string, unknown>[]>(`/markets?slug=${m.slug}&closed=true`);
    expect(done).toMatchObject({ closed: true, outcomePrices: '["1","0"]', umaResolutionStatus: 'resolved' });
    expect(done?.closedTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00$/);
    const clob = (await client.raw('GET', `/markets/${m.conditionId}`)).body;
    expect(clob).toMatchObject({
      closed: true,
      accepting_orders: false,
      is_50_50_outcome: false,
      tokens: [
        { token_id: m.tokenIds[0], outcome: 'Warriors', price: 1, winner: true },
        { token_id: m.tokenIds[1], outcome: 'Suns', price: 0, winner: false },
      ],
    });
    expect(await gamma<{ slug: string }[]>('/events?closed=true')).toEqual([
      expect.objectContaining({ slug: slugs.NBA, closed: true }),
    ]);
    // Resolving again the same way changes nothing; otherwise is refused; going back is refused.
    expect((await admin(`/sim/games/${slugs.NBA}/resolve`, { result: 'away' })).status).toBe(200);
    expect((await admin(`/sim/games/${slugs.NBA}/resolve`, { result: 'home' })).status).toBe(400);
    expect((await admin(`/sim/games/${slugs.NBA}/list`)).status).toBe(400);
    expect(account.collateral - cash).toBe(shares);
    sock.ws.close();
  });

  it('pays $0.50 a share on both sides when a cancelled NFL game resolves 50-50', async () => {
    const [m] = games.NFL?.markets ?? [];
    if (!m) throw new Error('no NFL market');
    // Two holders of opposite sides: the trader buys 10 Titans, the maker's 10 Giants are the other half.
    await admin('/sim/maker', { conditionId: m.conditionId, belief: 0.5 });
    const ask = sim.exchange.markets.get(m.conditionId)?.book.bestAsk() ?? 0;
    const bought = await client.post({
      tokenId: m.tokenIds[0],
      side: 'BUY',
      price: ask,
      shares: 10_000_000,
      orderType: 'FOK',
    });
    // The game started with the NBA one's clock: the order waits out the live taker delay.
    expect(bought.body).toMatchObject({ status: 'delayed' });
    advance(3_000);
    expect(sim.exchange.account(trader.address).shares.get(m.tokenIds[0])).toBe(10_000_000);
    const sock = await openTestSocket(`${urls.wsUrl}/market`);
    const before = sim.feeds.stats.subscriptions;
    sock.ws.send(
      JSON.stringify({ assets_ids: [m.tokenIds[1]], type: 'market', custom_feature_enabled: true }),
    );
    while (sim.feeds.stats.subscriptions === before) await new Promise((r) => setImmediate(r));

    const holders = [...sim.exchange.accounts.values()].filter((a) =>
      m.tokenIds.some((t) => a.shares.has(t)),
    );
    const owed = holders.map(
      (a) => ((a.shares.get(m.tokenIds[0]) ?? 0) + (a.shares.get(m.tokenIds[1]) ?? 0)) / 2,
    );
    const cash = holders.map((a) => a.collateral);
    expect((await admin(`/sim/games/${slugs.NFL}/cancel`)).status).toBe(200);
    expect(holders.map((a, i) => a.collateral - (cash[i] ?? 0))).toEqual(owed);
    expect(owed[holders.indexOf(sim.exchange.account(trader.address))]).toBe(5_000_000); // 10 shares × $0.50

    expect(JSON.parse(await sock.next(has('market_resolved')))).toMatchObject({
      market: m.conditionId,
      winning_asset_id: '',
      winning_outcome: '50-50',
    });
    const [gm] = await gamma<Record<string, unknown>[]>(`/markets?slug=${m.slug}`);
    expect(gm).toMatchObject({
      closed: true,
      outcomePrices: '["0.5","0.5"]',
      umaResolutionStatus: 'resolved',
    });
    expect((await client.raw('GET', `/markets/${m.conditionId}`)).body).toMatchObject({
      is_50_50_outcome: true,
      tokens: [
        { price: 0.5, winner: false },
        { price: 0.5, winner: false },
      ],
    });
    sock.ws.close();
  });

  it('resolves a soccer draw: the draw market pays Yes, the team markets No', async () => {
    const markets = games.EPL?.markets ?? [];
    const draw = markets[1];
    if (!draw) throw new Error('no EPL draw market');
    await admin('/sim/maker', { conditionId: draw.conditionId, belief: 0.3 });
    const ask = sim.exchange.markets.get(draw.conditionId)?.book.bestAsk() ?? 0;
    const bought = await client.post({
      tokenId: draw.tokenIds[0],
      side: 'BUY',
      price: ask,
      shares: 10_000_000,
      orderType: 'FOK',
      negRisk: true, // soccer's markets trade on the neg-risk exchange
    });
    expect(bought.body).toMatchObject({ status: 'delayed' });
    advance(3_000); // the live taker delay
    const account = sim.exchange.account(trader.address);
    expect(account.shares.get(draw.tokenIds[0])).toBe(10_000_000);
    const cash = account.collateral;
    expect((await admin(`/sim/games/${slugs.EPL}/resolve`, { result: 'draw' })).status).toBe(200);
    expect(account.collateral - cash).toBe(10_000_000);
    const prices = await Promise.all(
      markets.map(
        async (m) => (await gamma<{ outcomePrices: string }[]>(`/markets?slug=${m.slug}`))[0]?.outcomePrices,
      ),
    );
    expect(prices).toEqual(['["0","1"]', '["1","0"]', '["0","1"]']);
  });

  it('refuses a level result a league cannot have, and unknown games', async () => {
    const later = await admin(`/sim/games/${slugs.LATER}/resolve`, { result: 'home' });
    expect(later).toMatchObject({ status: 400, body: { error: expect.stringMatching(/never listed/) } });
    advance(4 * DAY);
    expect(sim.games.get(slugs.LATER ?? '').phase).toBe('listed');
    const nfl = await discoverPolymarketGames({ http: gammaHttp(), sport: 'nfl', league: 'nfl' });
    expect(nfl.games.map((g) => g.event.slug)).toEqual([slugs.LATER]);
    expect(nfl.games[0]?.markets[0]?.domainVersion).toBe('3');
    const [v2] = await gamma<{ positionIds?: string[]; clobTokenIds?: string }[]>(
      `/markets?slug=${slugs.LATER}`,
    );
    expect(v2?.positionIds).toEqual(games.LATER?.markets[0]?.tokenIds);
    expect(v2?.clobTokenIds).toBeUndefined();
    expect((await admin('/sim/games/nba-xxx-yyy-2026-01-01/close')).status).toBe(404);
    const nbaLevel = await admin('/sim/games', { ...NBA, startTimeMs: NBA.startTimeMs + 2 * DAY });
    const slug = (nbaLevel.body as GameReply).slug;
    expect(await admin(`/sim/games/${slug}/resolve`, { result: 'draw' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/NBA games cannot end level/) },
    });
    expect((await admin('/sim/games', { ...NBA, sport: 'xfl' })).status).toBe(400);
  });
});

async function officialClient(): Promise<ClobClient> {
  const signer = createWalletClient({
    account: trader,
    chain: polygon,
    // Never used: a local account signs typed data in process.
    transport: http('http://127.0.0.1:9'),
  });
  const l1 = new ClobClient({ host: urls.baseUrl, chain: Chain.POLYGON, signer, throwOnError: true });
  const creds = await l1.deriveApiKey();
  return new ClobClient({ host: urls.baseUrl, chain: Chain.POLYGON, signer, creds, throwOnError: true });
}
