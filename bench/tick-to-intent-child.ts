/**
 * A child process of the cross-process tick-to-intent benchmark: `strategy` runs the strategy
 * shard (books and game states in, signals out), `risk` the risk engine of the signal processor
 * (signals in, decisions and order intents out), each on its own RedisBus under the bench's
 * prefix. Prints "ready" once subscribed; stops on SIGTERM.
 */
import { RedisBus } from '../src/bus/redis-bus.js';
import { loadConfig } from '../src/config/load.js';
import { LiveClock } from '../src/core/clock.js';
import { RiskEngine } from '../src/risk/risk-engine.js';
import { startRiskService } from '../src/services/risk.js';
import { portfolioRulesFrom, riskLimitsFrom, shardOptionsFrom } from '../src/services/settings.js';
import { startStrategyShard } from '../src/services/strategy-shard.js';
import { createWinProbabilityModels } from '../src/sports/models.js';
import { EdgeShard } from '../src/strategy/edge-shard.js';

const [role, url, keyPrefix] = process.argv.slice(2);
if ((role !== 'strategy' && role !== 'risk') || !url || !keyPrefix) {
  process.stderr.write('usage: tick-to-intent-child.ts strategy|risk <redis-url> <key-prefix>\n');
  process.exit(2);
}
// The bench's game state is published once, its books for several seconds: no staleness denials.
// A bankroll (the parent deposits it) and position limit large enough that the intents still
// pending before their cancels arrive never reach a limit: every book makes an intent.
const BENCH_BANKROLL_DOLLARS = 2_000_000;
const config = loadConfig({
  env: {
    PRICE_STALENESS_TTL: '3600',
    SYNC_DELTA_TOLERANCE: '3600',
    MARKET_DATA_TTL: '3600',
    ARBEES_BANKROLL: String(BENCH_BANKROLL_DOLLARS),
    MAX_POSITION_SIZE: String(BENCH_BANKROLL_DOLLARS),
  },
  envFile: null,
});
const clock = new LiveClock();
const bus = new RedisBus({ url, keyPrefix });
const sub =
  role === 'strategy'
    ? startStrategyShard({
        bus,
        clock,
        // The home team is a strong favourite whatever happens: every cheap ask is an edge.
        shard: new EdgeShard(
          shardOptionsFrom(
            config,
            {
              ...createWinProbabilityModels(),
              nfl: { name: 'bench-favourite', probabilities: () => ({ home: 0.9, away: 0.1, draw: 0 }) },
            },
            'bench',
          ),
        ),
        name: 'bench-strategy',
      })
    : startRiskService({
        bus,
        clock,
        engine: new RiskEngine(riskLimitsFrom(config), portfolioRulesFrom(config)),
      });
await (sub as { ready?: Promise<void> }).ready;
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void sub
    .close()
    .then(() => bus.close())
    .then(() => process.exit(0));
});
