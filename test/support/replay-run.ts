/**
 * Test plumbing for the one-process shape: bundled games replayed through `runOneProcess` on a
 * throw-away PGlite store, at full speed, with the log lines and chosen bus events collected.
 */
import { loadConfig } from '../../src/config/load.js';
import type { ArbeesEvent } from '../../src/core/events.js';
import { asRunId } from '../../src/core/ids.js';
import { loadNbaBundle } from '../../src/feeds/replay/nba-bundle.js';
import { loadNflBundle, selectGames } from '../../src/feeds/replay/nfl-bundle.js';
import { createLogger, type LogLevel } from '../../src/services/logger.js';
import {
  type OneProcessRunOptions,
  type OneProcessRunResult,
  runOneProcess,
} from '../../src/services/one-process.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/port.js';

export interface TestReplayOptions<T> {
  readonly runId: string;
  /** Bundled game ids: NFL ones from data/nfl, or the NBA game's id (or 'nba'). */
  readonly gameIds: readonly string[];
  readonly mode: 'replay' | 'backtest';
  /** Settings on top of the defaults, e.g. ARBEES_FEED. */
  readonly env?: Record<string, string>;
  readonly logLevel?: LogLevel;
  /** The bus events to keep (none without it). */
  readonly keep?: (event: ArbeesEvent) => boolean;
  /** Reads the store after the run, before it is closed. */
  readonly inspect?: (store: Store, runId: ReturnType<typeof asRunId>) => Promise<T>;
  /** Anything else the run takes: the venues, hooks. */
  readonly run?: Partial<Omit<OneProcessRunOptions, 'config' | 'games' | 'store' | 'runId' | 'mode'>>;
}

export interface TestReplay<T> {
  readonly result: OneProcessRunResult;
  readonly events: ArbeesEvent[];
  readonly lines: string[];
  /** The ids of the games replayed, in the run's order. */
  readonly gameIds: string[];
  /** Plays in the selected games. */
  readonly plays: number;
  readonly inspected: T;
}

export async function replayInMemory<T = undefined>(options: TestReplayOptions<T>): Promise<TestReplay<T>> {
  const config = loadConfig({ env: options.env ?? {}, envFile: null });
  const wantsNba = options.gameIds.some((id) => id.startsWith('nba'));
  const all = [...loadNflBundle('data/nfl'), ...(wantsNba ? loadNbaBundle('data/nba') : [])];
  const games = selectGames(all, { gameIds: [...options.gameIds] });
  const runId = asRunId(options.runId);
  const lines: string[] = [];
  const events: ArbeesEvent[] = [];
  const keep = options.keep;
  const store = await openStore({ pglite: 'memory' });
  try {
    const result = await runOneProcess({
      config,
      games,
      store,
      runId,
      mode: options.mode,
      log: createLogger({ level: options.logLevel ?? 'warn', write: (line) => lines.push(line) }),
      sleep: async () => {
        throw new Error('a run at full speed never sleeps');
      },
      ...(keep ? { tap: (e: ArbeesEvent) => void (keep(e) && events.push(e)) } : {}),
      ...options.run,
    });
    const inspected = (options.inspect ? await options.inspect(store, runId) : undefined) as T;
    const plays = games.reduce((n, g) => n + g.states.length, 0);
    return { result, events, lines, gameIds: games.map((g) => g.info.gameId), plays, inspected };
  } finally {
    await store.close();
  }
}
