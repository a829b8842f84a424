/** A replay's progress line: games final so far, told to the caller on each GameFinal. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { GameId } from '../core/ids.js';
import type { RunReport } from '../portfolio/report.js';

export interface Progress {
  readonly gamesFinal: number;
  readonly games: number;
  readonly simTs: number;
  /** The counts so far (without the report's intervals: see RunAnalytics.report). */
  readonly report: () => RunReport;
}

export interface FinalsWatch {
  readonly subscription: Subscription;
  /** The games final so far. */
  readonly finals: ReadonlySet<GameId>;
}

export function watchFinals(opts: {
  readonly bus: Bus;
  readonly clock: Clock;
  /** How many games the run plays. */
  readonly games: number;
  readonly report: () => RunReport;
  readonly onProgress: ((p: Progress) => void) | undefined;
}): FinalsWatch {
  const finals = new Set<GameId>();
  let gamesFinal = 0;
  const subscription = opts.bus.subscribe({
    group: 'progress',
    consumer: 'progress-1',
    topics: ['games'],
    handler: (event) => {
      if (event.type !== 'GameFinal') return;
      gamesFinal += 1;
      finals.add(event.gameId);
      opts.onProgress?.({ gamesFinal, games: opts.games, simTs: opts.clock.now(), report: opts.report });
    },
  });
  return { subscription, finals };
}
