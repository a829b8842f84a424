/**
 * Polymarket through its simulator for the one-process replay run: the PolySimServer on an
 * ephemeral loopback port, each simulated instrument listed as a binary market (condition id,
 * YES/NO tokens, tick size, fees, neg risk off), the simulated makers quoting into its book, and
 * our adapter (connectPolymarket) on the other side like a real user: a wallet made at start
 * (EOA, funded in pUSD), API credentials derived over L1, the market channel client ingesting
 * the books, and PolymarketVenueClient trading over HTTP.
 *
 * An instrument's symbol is its YES token id, as the adapter expects (`polymarket:<token>`);
 * the ids are hashed from the simulated market's name, so a run lists the same ids every time.
 *
 * Another process (the distributed shape's execution service) may trade the same simulator as
 * the same wallet: `port` fixes where it listens and `privateKey` which wallet is funded.
 *
 * As on the Kalshi path (kalshi-sim-venue.ts), `flush()` is the barrier after each timeline
 * task: it waits until the feed has handled every frame the simulator sent it, then publishes one
 * BookSnapshot per instrument whose book changed. A maker's requote is one exchange batch, so
 * the feed sends its net change, never a half-way book. Everything runs on the replay clock;
 * the rate limits and the periodic REST resync are off (a token bucket cannot refill on a clock
 * that stands still, and on loopback no frame is lost that a resync would repair).
 */
import { createHash, randomUUID } from 'node:crypto';
import { generatePrivateKey } from 'viem/accounts';
import { EventIdSequence, type InstrumentId } from '../core/ids.js';
import type { VenueInstrument } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import type { Quote } from '../sim/market-maker.js';
import { requotePolyMaker } from '../sim/polymarket/maker.js';
import type { SimPolyMarketSpec } from '../sim/polymarket/market.js';
import { PolySimServer } from '../sim/polymarket/server.js';
import type { VenueQuoteSink } from '../sim/simulated-markets.js';
import type { PolymarketVenueClient } from '../venues/polymarket/client.js';
import { parsePolymarketConfig } from '../venues/polymarket/config.js';
import { connectPolymarket, type PolymarketAdapter } from '../venues/polymarket/connect.js';
import { POLYMARKET_LIMITS, type PolymarketLimits } from '../venues/polymarket/http.js';
import { tickSizeText } from '../venues/polymarket/markets.js';
import { polymarketInstrumentId } from '../venues/polymarket/parse-fields.js';
import type { SimVenueOptions } from './sim-venue-options.js';

/** Far above any burst a replay makes: the buckets cannot refill on a clock that stands still. */
const UNLIMITED = Object.fromEntries(
  Object.keys(POLYMARKET_LIMITS).map((k) => [k, { capacity: 1e9, refillPerSecond: 1e9 }]),
) as unknown as PolymarketLimits;
/** How long a flush waits for frames before going on without them (a dropped connection). */
const FLUSH_WAIT_MS = 5_000;
/** The longest interval Node's timers take: the periodic REST resync never comes due. */
const NEVER_MS = 2_147_483_647;
const DAY_MS = 24 * 3_600_000;
/** Each market's maker is funded far beyond any quote, so it is never refused collateral. */
const MAKER_FUNDS = 1_000_000_000_000_000 as Micros;

export interface PolymarketSimVenue {
  readonly client: PolymarketVenueClient;
  readonly quotes: VenueQuoteSink;
  readonly server: PolySimServer;
  readonly adapter: PolymarketAdapter;
  /** The CLOB REST base another process trades on (ARBEES_POLYMARKET_URL). */
  readonly baseUrl: string;
  /** Publishes the books that changed once every frame sent has been handled; true if any was. */
  flush(): Promise<boolean>;
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A uint256 token id in decimal, as Polymarket writes them. */
const tokenIdOf = (text: string) => BigInt(`0x${sha256(text)}`).toString(10);

export async function startPolymarketSimVenue(
  opts: SimVenueOptions & {
    /** The trader's wallet (EOA), funded with the starting balance; a fresh one when absent. */
    readonly privateKey?: `0x${string}`;
  },
): Promise<PolymarketSimVenue> {
  const { bus, clock, log } = opts;
  const now = () => clock.now();
  const server = new PolySimServer({
    now,
    // The replay clock can jump hours between a request's signature and its check.
    timestampToleranceMs: opts.timestampToleranceMs ?? DAY_MS,
    // Idleness is judged on that clock too, which runs far ahead of the client's PINGs.
    wsIdleTimeoutMs: Number.MAX_SAFE_INTEGER,
  });
  const { baseUrl, gammaUrl, wsUrl } = await server.listen(opts.port ?? 0);
  // Our connections carry this tag, so the flush counts only the frames sent to them.
  const feedTag = `sim-venue-${randomUUID()}`;
  const config = parsePolymarketConfig({
    clobUrl: baseUrl,
    gammaUrl,
    wsMarketUrl: `${wsUrl}/market?client=${feedTag}`,
    wsUserUrl: `${wsUrl}/user`,
    chainId: server.chainId,
    signatureType: 'EOA',
  });

  const ids = new EventIdSequence('polymarket-ws');
  const changed = new Set<InstrumentId>();
  const adapter = await connectPolymarket({
    config,
    // A wallet of its own for this run (or the caller's), never a real key.
    env: { [config.privateKeyEnv]: opts.privateKey ?? generatePrivateKey() },
    clock,
    nextId: () => ids.next(),
    sink: (event) => {
      if (event.type !== 'Trade') changed.add(event.instrumentId);
    },
    live: false,
    http: { now, limits: UNLIMITED },
    feed: {
      policy: {
        maxChangesSinceSnapshot: Number.POSITIVE_INFINITY,
        maxSnapshotAgeMs: Number.POSITIVE_INFINITY,
      },
    },
    marketWs: {
      resyncCheckMs: NEVER_MS,
      onConnectionEvent: (event) => {
        if (event.kind !== 'open') log.warn('polymarket ws connection', { ...event });
      },
    },
    onMalformed: (reason) => log.warn('polymarket ws frame not understood', { reason }),
  });
  server.exchange.deposit(adapter.http.address, opts.startingBalance);
  const { client, feed, marketWs } = adapter;

  /** Per YES token: the market it belongs to and the wallet of its maker. */
  const listed = new Map<string, { conditionId: string; maker: string }>();
  const nameOf = new Map<string, string>();
  const handled = () => feed.counters.frames - feed.counters.pongs;
  /** Until the feed has handled every frame the simulator has sent (or the wait runs out). */
  const caughtUp = async (): Promise<void> => {
    const deadline = Date.now() + FLUSH_WAIT_MS;
    // Only what went to our connections: another client of the simulator gets frames too.
    while (handled() < server.feeds.sentTo(feedTag)) {
      if (Date.now() > deadline) {
        log.warn('polymarket ws flush gave up waiting', {
          handled: handled(),
          sent: server.feeds.sentTo(feedTag),
        });
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const quotes: VenueQuoteSink = {
    venue: 'polymarket',
    symbolFor(name: string) {
      const token = tokenIdOf(`arbees-sim:${name}:yes`);
      nameOf.set(token, name);
      return token;
    },
    async addInstrument(instrument: VenueInstrument) {
      const yes = instrument.symbol;
      if (listed.has(yes)) return;
      const name = nameOf.get(yes) ?? yes;
      const hash = sha256(`arbees-sim:${name}:condition`);
      const conditionId = `0x${hash}`;
      const tokenIds = [yes, tokenIdOf(`arbees-sim:${name}:no`)] as const;
      const tickSize = tickSizeText(instrument.tickSize) ?? '0.01';
      const fee =
        instrument.fees.kind === 'polymarket_taker'
          ? { ratePpm: instrument.fees.ratePpm, exponent: instrument.fees.exponent }
          : { ratePpm: 0, exponent: 1 };
      const spec: SimPolyMarketSpec = {
        conditionId,
        question: name,
        slug: name,
        outcomes: ['Yes', 'No'],
        tokenIds,
        tickSize,
        minOrderSize: 5_000_000,
        negRisk: false,
        version: 'v1',
        fee,
        sportsMarketType: 'moneyline',
        gameStartTimeMs: null,
        endTimeMs: clock.now() + 7 * DAY_MS,
        eventId: instrument.gameId,
      };
      server.exchange.addMarket(spec, clock.now());
      // One maker wallet per market keeps each one's open orders few.
      const maker = `0x${hash.slice(0, 40)}`;
      server.exchange.deposit(maker, MAKER_FUNDS);
      listed.set(yes, { conditionId, maker });
      // As discovery would give it, so the client never looks the market up.
      client.markets.add({
        conditionId,
        tokenIds,
        tickSize,
        negRisk: false,
        domainVersion: '2',
        fees: instrument.fees,
      });
      marketWs.subscribe([yes]);
      // Its first snapshot (empty) before any quote, so every later change arrives as a delta.
      const deadline = Date.now() + FLUSH_WAIT_MS;
      while (!feed.books.levels(yes) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      changed.delete(instrument.instrumentId);
    },
    quote(instrument: VenueInstrument, quote: Quote) {
      const market = listed.get(instrument.symbol);
      if (!market) return;
      const refusals = server.exchange.batch(() =>
        requotePolyMaker(
          server.exchange,
          { account: market.maker, conditionId: market.conditionId, quote },
          clock.now(),
        ),
      );
      if (refusals.length > 0)
        log.warn('simulated maker quotes refused', { token: instrument.symbol, refusals });
      server.exchange.forgetFinishedOrders(market.maker);
    },
    settle(instrument: VenueInstrument, result: 'yes' | 'no') {
      const market = listed.get(instrument.symbol);
      if (!market) return;
      try {
        server.exchange.resolve(market.conditionId, result === 'yes' ? 0 : 1, clock.now());
        // The simulator pays the winning shares out at resolution (no redeem step).
        client.markets.markResolved(market.conditionId);
      } catch (error) {
        log.warn('polymarket simulator settlement refused', {
          token: instrument.symbol,
          error: String(error),
        });
      }
    },
  };

  return {
    client,
    quotes,
    server,
    adapter,
    baseUrl,
    async flush() {
      await caughtUp();
      if (changed.size === 0) return false;
      const ts = clock.now();
      for (const instrumentId of [...changed].sort()) {
        const token = instrumentId.slice('polymarket:'.length);
        const market = listed.get(token);
        // Settled: the paper path sent no book after settlement either.
        if (!market || server.exchange.markets.get(market.conditionId)?.status !== 'open') continue;
        const levels = feed.books.levels(token);
        if (!levels) continue;
        await bus.publish({
          type: 'BookSnapshot',
          id: ids.next(),
          ts,
          instrumentId: polymarketInstrumentId(token),
          venue: 'polymarket',
          bids: levels.bids,
          asks: levels.asks,
          venueTs: ts,
        });
      }
      changed.clear();
      return true;
    },
    async close() {
      adapter.close();
      await server.close();
    },
  };
}
