/**
 * Kalshi through its simulator for the one-process replay run: the KalshiSimServer on an
 * ephemeral loopback port, the simulated makers quoting into its exchange, our WebSocket client
 * ingesting its books onto the bus, and our REST client (KalshiVenueClient) trading on it with
 * an RSA key made at start and registered with the simulator.
 *
 * The replay runs on a simulated clock, one timeline task at a time, and the paper path
 * delivered a book within the task that moved it. To keep that, `flush()` is a barrier run
 * after each task: it waits until the client has handled every frame the simulator has sent on
 * its connection, then publishes one BookSnapshot (from the client's local book) per market
 * that changed, so the strategy sees each settled book at the time it formed, never a half-way
 * state between a maker's cancels and its new quotes. Everything runs on the replay clock (the
 * simulator's order times and auth window, our signatures); the rate limiter is off, since
 * replay time stands still within a task and a token bucket on it could never refill.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { EventIdSequence, type InstrumentId } from '../core/ids.js';
import type { VenueInstrument } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import { placeMakerQuotes } from '../sim/kalshi/maker.js';
import { KalshiSimServer } from '../sim/kalshi/server.js';
import type { Quote } from '../sim/market-maker.js';
import type { VenueQuoteSink } from '../sim/simulated-markets.js';
import { KALSHI_WS_PATH, loadKalshiPrivateKey } from '../venues/kalshi/auth.js';
import { KalshiVenueClient } from '../venues/kalshi/client.js';
import { KalshiHttp } from '../venues/kalshi/http.js';
import { KalshiWsClient } from '../venues/kalshi/ws.js';
import type { VenueClient } from '../venues/port.js';
import type { SimVenueOptions } from './sim-venue-options.js';

const TRADER = 'arbees';
const MAKER = 'sim-maker';
const KEY_ID = '00000000-0000-4000-8000-0000a4bee500';
/** Far above any burst a replay makes: the limiter cannot refill on a clock that stands still. */
const UNLIMITED = {
  read: { refillPerSecond: 1e9, capacity: 1e9 },
  write: { refillPerSecond: 1e9, capacity: 1e9 },
};
/** How long a flush waits for frames before going on without them (a dropped connection). */
const FLUSH_WAIT_MS = 5_000;

export interface KalshiSimVenue {
  readonly client: VenueClient;
  readonly quotes: VenueQuoteSink;
  readonly server: KalshiSimServer;
  readonly ws: KalshiWsClient;
  /** Publishes the books that changed once every frame sent has been handled; true if any was. */
  flush(): Promise<boolean>;
  close(): Promise<void>;
}

export async function startKalshiSimVenue(
  opts: SimVenueOptions & {
    /** The trader's API key, so another process can trade as it too; a fresh one when absent. */
    readonly key?: { readonly keyId: string; readonly privateKeyPem: string };
  },
): Promise<KalshiSimVenue> {
  const { bus, clock, log } = opts;
  const now = () => clock.now();
  // The replay clock can jump hours between a handshake's signature and its check (the timeline
  // runs on while the socket connects), so the auth window is a day here, not 30 s.
  const server = new KalshiSimServer({
    now,
    timestampToleranceMs: opts.timestampToleranceMs ?? 24 * 3_600_000,
  });
  const keyId = opts.key?.keyId ?? KEY_ID;
  const privateKey = opts.key
    ? loadKalshiPrivateKey(opts.key.privateKeyPem)
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  server.registerKey({
    keyId,
    accountId: TRADER,
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  });
  server.exchange.deposit(TRADER, opts.startingBalance);
  // The makers' account: deep enough never to be refused collateral.
  server.exchange.deposit(MAKER, 1_000_000_000_000_000 as Micros);
  const { baseUrl } = await server.listen(opts.port ?? 0);
  const key = { keyId, privateKey };
  const client = new KalshiVenueClient({ http: new KalshiHttp({ baseUrl, key, now, tier: UNLIMITED }) });

  const ids = new EventIdSequence('kalshi-ws');
  const changed = new Set<InstrumentId>();
  const ws = new KalshiWsClient({
    url: `${baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}${KALSHI_WS_PATH}`,
    key,
    tickers: [],
    fills: false,
    trades: false,
    clock,
    nextId: () => ids.next(),
    signingNow: now,
    sinks: {
      onBook: (event) => changed.add(event.instrumentId),
      onParseError: (error) => log.warn('kalshi ws frame not understood', { reason: error.reason }),
      onVenueError: (error) => log.warn('kalshi ws command refused', { ...error }),
    },
    onConnectionEvent: (event) => {
      if (event.kind !== 'open') log.warn('kalshi ws connection', { ...event });
    },
  });
  ws.start();

  const tickerOf = new Map<InstrumentId, string>();
  /** Until the client has handled every frame the simulator has sent it (or the wait runs out). */
  const caughtUp = async (): Promise<void> => {
    const deadline = Date.now() + FLUSH_WAIT_MS;
    while (ws.messagesOnConnection < server.feed.sentTo(TRADER)) {
      if (Date.now() > deadline) {
        log.warn('kalshi ws flush gave up waiting', {
          handled: ws.messagesOnConnection,
          sent: server.feed.sentTo(TRADER),
        });
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const quotes: VenueQuoteSink = {
    venue: 'kalshi',
    async addInstrument(instrument: VenueInstrument) {
      const ticker = instrument.symbol;
      tickerOf.set(instrument.instrumentId, ticker);
      if (!server.exchange.markets.has(ticker)) {
        server.exchange.addMarket({
          ticker,
          eventTicker: ticker.slice(0, ticker.lastIndexOf('-')),
          seriesTicker: ticker.slice(0, ticker.indexOf('-')),
          closeTimeMs: clock.now() + 7 * 24 * 3_600_000,
          fees: instrument.fees,
        });
      }
      ws.addTickers([ticker]);
      // Its first snapshot (empty) before any quote, so every later change arrives as a delta.
      const deadline = Date.now() + FLUSH_WAIT_MS;
      while (!ws.book(ticker) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      changed.delete(instrument.instrumentId);
    },
    quote(instrument: VenueInstrument, quote: Quote) {
      const ticker = instrument.symbol;
      const at = clock.now();
      // A new quote replaces the maker's old one whole, as a fresh book did on the paper path;
      // the feed sends the net change.
      const refusals = server.exchange.batch(() => {
        for (const order of server.exchange.markets.get(ticker)?.book.resting() ?? [])
          if (order.accountId === MAKER) server.exchange.cancelOrder(MAKER, order.orderId, at);
        return placeMakerQuotes(
          server.exchange,
          {
            accountId: MAKER,
            ticker,
            bids: quote.bids.map((l) => [l.price, l.qty] as const),
            asks: quote.asks.map((l) => [l.price, l.qty] as const),
          },
          at,
        );
      });
      if (refusals.length > 0) log.warn('simulated maker quotes refused', { ticker, refusals });
      server.exchange.forgetFinishedOrders(MAKER);
    },
    settle(instrument: VenueInstrument, result: 'yes' | 'no') {
      const refusal = server.exchange.settle(instrument.symbol, result, clock.now());
      if (refusal) log.warn('kalshi simulator settlement refused', { ...refusal });
    },
  };

  return {
    client,
    quotes,
    server,
    ws,
    async flush() {
      await caughtUp();
      if (changed.size === 0) return false;
      const ts = clock.now();
      for (const instrumentId of [...changed].sort()) {
        const ticker = tickerOf.get(instrumentId) ?? '';
        // Settled: the paper path sent no book after settlement either.
        if (server.exchange.markets.get(ticker)?.status === 'finalized') continue;
        const book = ws.book(ticker);
        if (!book) continue; // stale after a gap: its snapshot is on the way
        const { bids, asks } = book.levels();
        await bus.publish({
          type: 'BookSnapshot',
          id: ids.next(),
          ts,
          instrumentId,
          venue: 'kalshi',
          bids,
          asks,
          venueTs: ts,
        });
      }
      changed.clear();
      return true;
    },
    async close() {
      await ws.stop();
      await server.close();
    },
  };
}
