/**
 * `npm run bench`: prints one JSON object per line on stdout and nothing else (DESIGN.md,
 * "Performance principles"). `--quick` uses fewer games and frames and finishes well under a
 * minute or two; `--only <name>[,<name>…]` runs only the benchmarks named (pipeline, kalshi,
 * polymarket, redis-bus, tick-to-intent, wp-models, live-path, shard-live).
 */
import { loadNflBundle, type ReplayGame } from '../src/feeds/replay/nfl-bundle.js';
import { kalshiBenchmarks } from './kalshi.js';
import { livePathBenchmarks } from './live-path.js';
import { pipelineBenchmarks } from './pipeline.js';
import { polymarketBenchmarks } from './polymarket.js';
import { polymarketUsBenchmarks } from './polymarket-us.js';
import { redisBusBenchmarks } from './redis-bus.js';
import { shardLiveBenchmarks } from './shard-live.js';
import { type BenchLine, emit } from './stats.js';
import { tickToIntentBenchmarks } from './tick-to-intent.js';
import { wpModelBenchmarks } from './wp-models.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const redisUrl = process.env.REDIS_URL;

let games: readonly ReplayGame[] | null = null;
const nflGames = () => {
  if (games === null) {
    const all = loadNflBundle('data/nfl');
    games = quick ? all.slice(0, 6) : all;
    process.stderr.write(`bench: ${games.length} games${quick ? ' (--quick)' : ''}\n`);
  }
  return games;
};

/** Each benchmark by name, in the order run. Redis ones only with a Redis to measure against. */
const BENCHMARKS: Record<string, () => Promise<BenchLine[]> | BenchLine[]> = {
  pipeline: () => pipelineBenchmarks({ games: nflGames() }),
  kalshi: () => kalshiBenchmarks({ quick }),
  polymarket: () => polymarketBenchmarks({ quick }),
  'polymarket-us': () => polymarketUsBenchmarks({ quick }),
  'redis-bus': () => (redisUrl ? redisBusBenchmarks({ url: redisUrl, quick }) : []),
  'tick-to-intent': () => (redisUrl ? tickToIntentBenchmarks({ url: redisUrl, quick }) : []),
  'wp-models': () => wpModelBenchmarks({ games: nflGames(), quick }),
  'live-path': () => livePathBenchmarks({ quick }),
  'shard-live': () => shardLiveBenchmarks({ quick }),
};

let names = Object.keys(BENCHMARKS);
if (onlyAt >= 0) {
  const wanted = (args[onlyAt + 1] ?? '').split(',').filter((n) => n.length > 0);
  const unknown = wanted.filter((n) => !(n in BENCHMARKS));
  if (wanted.length === 0 || unknown.length > 0) {
    process.stderr.write(
      `bench: --only wants one or more of ${names.join(', ')}${unknown.length > 0 ? ` (not known: ${unknown.join(', ')})` : ''}\n`,
    );
    process.exit(2);
  }
  names = names.filter((n) => wanted.includes(n));
}
for (const name of names) for (const l of await BENCHMARKS[name]!()) emit(l);
