/**
 * The outside world's venues for a distributed-shape test, until `arbees sim world` takes this
 * over: the Kalshi and Polymarket simulators on loopback, with the simulated market makers
 * (src/sim/simulated-markets.ts) quoting every announced game into them, re-pricing on each new
 * play and settling them at the final. The makers announce each market on the bus (as market
 * discovery would) only once it is listed on its simulator, so a gateway that subscribes it on
 * hearing of it finds it there. The venue gateways, as processes, bring the books in through the
 * venues' WebSockets; the settings to point them here are `gatewayEnv`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus, Subscription } from '../../src/bus/port.js';
import { LiveClock } from '../../src/core/clock.js';
import type { ArbeesEvent } from '../../src/core/events.js';
import type { GameId, InstrumentId } from '../../src/core/ids.js';
import type { Micros } from '../../src/core/money.js';
import { TimerScheduler } from '../../src/feeds/timer-scheduler.js';
import { startKalshiSimVenue } from '../../src/services/kalshi-sim-venue.js';
import { silentLogger } from '../../src/services/logger.js';
import { startPolymarketSimVenue } from '../../src/services/polymarket-sim-venue.js';
import { startSimMarkets, type VenueQuoteSink } from '../../src/sim/simulated-markets.js';

export interface VenueSimulatorsWorld {
  /** The endpoint and key settings that point both gateways at the simulators. */
  readonly gatewayEnv: Record<string, string>;
  close(): Promise<void>;
}

const KEY_ID = '00000000-0000-4000-8000-00000000a7e5';

export async function startVenueSimulatorsWorld(opts: {
  bus: Bus;
  seed: number;
}): Promise<VenueSimulatorsWorld> {
  const clock = new LiveClock();
  const log = silentLogger;
  const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const dir = mkdtempSync(join(tmpdir(), 'arbees-venues-'));
  writeFileSync(join(dir, 'kalshi.pem'), privateKeyPem);
  // The simulators' own followers publish nothing here: their flush is never called.
  const balance = 1_000_000_000 as Micros;
  const kalshiPort = await freePort();
  const kalshiRest = `http://127.0.0.1:${kalshiPort}/trade-api/v2`;
  const kalshi = await startKalshiSimVenue({
    bus: opts.bus,
    clock,
    log,
    port: kalshiPort,
    startingBalance: balance,
    key: { keyId: KEY_ID, privateKeyPem },
    timestampToleranceMs: 60_000,
  });
  const polymarket = await startPolymarketSimVenue({ bus: opts.bus, clock, log, startingBalance: balance });

  // MarketMapped waits until its market is listed on the simulator.
  const held = new Map<InstrumentId, ArbeesEvent>();
  const makersBus: Bus = {
    ...opts.bus,
    publish: async (event) => {
      if (event.type === 'MarketMapped') {
        held.set(event.instrument.instrumentId, event);
        return '';
      }
      return opts.bus.publish(event);
    },
    subscribe: (o) => opts.bus.subscribe(o),
    idle: () => opts.bus.idle(),
    stats: () => opts.bus.stats(),
    close: () => opts.bus.close(),
  };
  const announcing = (sink: VenueQuoteSink): VenueQuoteSink => ({
    venue: sink.venue,
    ...(sink.symbolFor ? { symbolFor: (s: string) => sink.symbolFor!(s) } : {}),
    addInstrument: async (instrument) => {
      await sink.addInstrument(instrument);
      const event = held.get(instrument.instrumentId);
      held.delete(instrument.instrumentId);
      if (event) await opts.bus.publish(event);
    },
    quote: (instrument, quote) => sink.quote(instrument, quote),
    settle: (instrument, result) => sink.settle(instrument, result),
  });
  const scheduler = new TimerScheduler({ clock });
  const makers = startSimMarkets({
    bus: makersBus,
    scheduler,
    clock,
    seed: opts.seed,
    quoteSinks: [announcing(kalshi.quotes), announcing(polymarket.quotes)],
    group: 'test-venue-makers',
    idPrefix: 'test-venue-makers',
  });
  // The makers watch the game itself: each new play re-prices them.
  const lastPlay = new Map<GameId, number>();
  const plays: Subscription = opts.bus.subscribe({
    group: 'test-venue-makers.plays',
    consumer: 'makers-1',
    topics: ['games'],
    handler: (event) => {
      if (event.type !== 'GameStateUpdated' || event.state.sport !== 'nfl') return;
      if ((lastPlay.get(event.gameId) ?? -1) >= event.state.playSeq) return;
      lastPlay.set(event.gameId, event.state.playSeq);
      makers.onPlay({ gameId: event.gameId, state: event.state, ts: event.ts });
    },
  });

  return {
    gatewayEnv: {
      ARBEES_KALSHI_URL: kalshiRest,
      ARBEES_KALSHI_WS_URL: `${kalshiRest.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}/trade-api/ws/v2`,
      KALSHI_API_KEY_ID: KEY_ID,
      KALSHI_PRIVATE_KEY_PATH: join(dir, 'kalshi.pem'),
      ARBEES_POLYMARKET_URL: polymarket.baseUrl,
      ARBEES_GAMMA_URL: `${polymarket.baseUrl}/gamma`,
      ARBEES_POLYMARKET_WS_URL: `${polymarket.baseUrl.replace(/^http/, 'ws')}/ws`,
      ARBEES_GEOBLOCK_URL: `${polymarket.baseUrl}/api/geoblock`,
    },
    async close() {
      scheduler.stop();
      makers.stop();
      await plays.close();
      await kalshi.close();
      await polymarket.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port free now (the simulator listens on it next). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
