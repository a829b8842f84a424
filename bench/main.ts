/**
 * `npm run bench`: prints one JSON object per line on stdout and nothing else (DESIGN.md,
 * "Performance principles"). `--quick` uses fewer games and finishes well under a minute.
 */
import { loadNflBundle } from '../src/feeds/replay/nfl-bundle.js';
import { kalshiBenchmarks } from './kalshi.js';
import { pipelineBenchmarks } from './pipeline.js';
import { polymarketBenchmarks } from './polymarket.js';
import { redisBusBenchmarks } from './redis-bus.js';
import { emit } from './stats.js';
import { tickToIntentBenchmarks } from './tick-to-intent.js';
import { wpModelBenchmarks } from './wp-models.js';

const quick = process.argv.includes('--quick');
const all = loadNflBundle('data/nfl');
const games = quick ? all.slice(0, 6) : all;
process.stderr.write(`bench: ${games.length} games${quick ? ' (--quick)' : ''}\n`);
for (const l of await pipelineBenchmarks({ games })) emit(l);
for (const l of kalshiBenchmarks({ quick })) emit(l);
for (const l of await polymarketBenchmarks({ quick })) emit(l);
// Only with a Redis to measure against; without one there is nothing to print for it.
const redisUrl = process.env.REDIS_URL;
if (redisUrl) for (const l of await redisBusBenchmarks({ url: redisUrl, quick })) emit(l);
if (redisUrl) for (const l of await tickToIntentBenchmarks({ url: redisUrl, quick })) emit(l);
for (const l of wpModelBenchmarks({ games, quick })) emit(l);
