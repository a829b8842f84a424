/**
 * Pipeline benchmarks: the whole one-process backtest over games already in memory, beside an
 * empty dispatch of the same events through the bus; and the latency of the decision path (game
 * state or book change -> strategy -> risk -> order intent) beside a JSON round trip of the same
 * triggering events, measured in the same run.
 */
import { MemoryBus } from '../src/bus/memory-bus.js';
import { loadConfig } from '../src/config/load.js';
import { SimulatedClock } from '../src/core/clock.js';
import { type ArbeesEvent, TOPICS } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import type { VenueName } from '../src/core/instruments.js';
import type { Micros } from '../src/core/money.js';
import { OrderManager } from '../src/execution/order-manager.js';
import type { ReplayGame } from '../src/feeds/replay/nfl-bundle.js';
import { RiskEngine } from '../src/risk/risk-engine.js';
import { silentLogger } from '../src/services/logger.js';
import { runOneProcess } from '../src/services/one-process.js';
import { portfolioRulesFrom, riskLimitsFrom, shardOptionsFrom } from '../src/services/settings.js';
import { createWinProbabilityModels } from '../src/sports/models.js';
import { openStore } from '../src/store/open.js';
import { EdgeShard } from '../src/strategy/edge-shard.js';
import { PaperVenue } from '../src/venues/paper/paper-venue.js';
import type { VenueClient } from '../src/venues/port.js';
import { type BenchLine, line, percentileUs } from './stats.js';

const config = loadConfig({ env: {}, envFile: null });

async function backtest(games: readonly ReplayGame[], tap?: (e: ArbeesEvent) => void) {
  const store = await openStore({ pglite: 'memory' });
  try {
    const t0 = process.hrtime.bigint();
    const result = await runOneProcess({
      config,
      games,
      store,
      runId: asRunId('bench'),
      mode: 'backtest',
      log: silentLogger,
      sleep: async () => undefined,
      tap,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { events: result.events, seconds };
  } finally {
    await store.close();
  }
}

async function emptyDispatch(events: readonly ArbeesEvent[]): Promise<number> {
  const bus = new MemoryBus();
  let seen = 0;
  bus.subscribe({
    group: 'noop',
    consumer: 'noop-1',
    topics: TOPICS,
    handler: () => {
      seen += 1;
    },
  });
  const t0 = process.hrtime.bigint();
  for (const e of events) void bus.publish(e);
  await bus.idle();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (seen !== events.length) throw new Error(`dispatched ${seen} of ${events.length}`);
  return events.length / seconds;
}

/**
 * The decision path for each recorded game-state or book change: strategy shard -> risk engine ->
 * order manager up to the paper venue's answer, with an in-memory journal. Beside it, the same
 * events through an empty handler, and a JSON round trip of each (what one hop on a wire costs).
 */
async function decisionLatency(events: readonly ArbeesEvent[]) {
  const limits = riskLimitsFrom(config);
  const shard = new EdgeShard(shardOptionsFrom(config, createWinProbabilityModels(), 'bench'));
  const risk = new RiskEngine(limits, portfolioRulesFrom(config));
  const clock = new SimulatedClock(0);
  const paper = new Map<VenueName, PaperVenue>([
    [
      'kalshi',
      new PaperVenue({
        venue: 'kalshi',
        clock,
        startingBalance: Math.floor(config.ARBEES_BANKROLL / 2) as Micros,
      }),
    ],
    [
      'polymarket',
      new PaperVenue({
        venue: 'polymarket',
        clock,
        startingBalance: Math.floor(config.ARBEES_BANKROLL / 2) as Micros,
      }),
    ],
  ]);
  const journaled = new Set<string>();
  const manager = new OrderManager({
    venues: paper as ReadonlyMap<VenueName, VenueClient>,
    clock,
    journal: {
      saveIntent: async (i) =>
        !journaled.has(i.clientOrderId) && journaled.add(i.clientOrderId) !== undefined,
      recordOrderEvents: async () => undefined,
      recordFills: async () => undefined,
    },
    publish: async () => undefined,
  });
  const decisionNs: number[] = [];
  const emptyNs: number[] = [];
  const jsonNs: number[] = [];
  let sink = 0;
  const empty = (e: ArbeesEvent) => {
    sink += e.ts & 1;
  };
  for (const e of events) {
    clock.set(e.ts);
    switch (e.type) {
      case 'GameScheduled':
        shard.onGameScheduled(e);
        break;
      case 'MarketMapped':
        shard.onMarketMapped(e.instrument);
        for (const v of paper.values()) if (v.venue === e.instrument.venue) v.addInstrument(e.instrument);
        break;
      case 'LedgerPosted':
        risk.onLedgerPosted(e);
        break;
      case 'PositionChanged':
        risk.onPositionChanged(e, e.ts);
        shard.onPositionChanged(e);
        break;
      case 'GameFinal':
        shard.onGameFinal(e.gameId);
        risk.onGameLive(e.gameId, false);
        break;
      case 'GameStateUpdated':
      case 'BookSnapshot': {
        if (e.type === 'BookSnapshot') paper.get(e.venue)?.onBook(e);
        const t0 = process.hrtime.bigint();
        if (e.type === 'GameStateUpdated') risk.onGameLive(e.gameId, e.state.status === 'in');
        const signals =
          e.type === 'GameStateUpdated'
            ? shard.onGameState({ state: e.state, ts: e.ts, now: e.ts })
            : shard.onBook(e, e.ts);
        for (const s of signals)
          for (const intent of risk.assess(s, e.ts).intents) await manager.handleIntent(intent);
        const t1 = process.hrtime.bigint();
        empty(e);
        const t2 = process.hrtime.bigint();
        JSON.parse(JSON.stringify(e));
        const t3 = process.hrtime.bigint();
        decisionNs.push(Number(t1 - t0));
        emptyNs.push(Number(t2 - t1));
        jsonNs.push(Number(t3 - t2));
        break;
      }
      default:
        break;
    }
  }
  return { decisionNs, emptyNs, jsonNs, sink };
}

export async function pipelineBenchmarks(opts: { games: readonly ReplayGame[] }): Promise<BenchLine[]> {
  // Warm-up run, recording the events for the dispatch and latency measurements.
  const recorded: ArbeesEvent[] = [];
  await backtest(opts.games, (e) => recorded.push(e));
  const run = await backtest(opts.games);
  const dispatchRate = await emptyDispatch(recorded);
  await decisionLatency(recorded); // warm the JIT
  const { decisionNs, emptyNs, jsonNs } = await decisionLatency(recorded);
  return [
    line({
      name: 'replay.events_per_s',
      value: run.events / run.seconds,
      unit: 'events/s',
      limitName: 'bus.empty_dispatch.events_per_s',
      limit: dispatchRate,
    }),
    line({
      name: 'decision.latency_p50_us',
      value: percentileUs(decisionNs, 0.5),
      unit: 'us',
      limitName: 'json_roundtrip.trigger_event.p50_us',
      limit: percentileUs(jsonNs, 0.5),
    }),
    line({
      name: 'decision.latency_p99_us',
      value: percentileUs(decisionNs, 0.99),
      unit: 'us',
      limitName: 'json_roundtrip.trigger_event.p99_us',
      limit: percentileUs(jsonNs, 0.99),
    }),
    line({
      name: 'tick_to_intent.latency_p50_us',
      value: percentileUs(decisionNs, 0.5),
      unit: 'us',
      limitName: 'empty_handler.latency_p50_us',
      limit: percentileUs(emptyNs, 0.5),
    }),
    line({
      name: 'tick_to_intent.latency_p99_us',
      value: percentileUs(decisionNs, 0.99),
      unit: 'us',
      limitName: 'empty_handler.latency_p99_us',
      limit: percentileUs(emptyNs, 0.99),
    }),
  ];
}
