/**
 * A parameter sweep: every point of the grid backtested on the training games, and checked on
 * the test games it was not chosen on, in parallel on worker threads (sweep-worker.ts). Either
 * one train/test split (every point tested), or walk-forward: rolling windows, in each the point
 * best on its training games tested on the games after them, the test results summed.
 */
import type { Config } from '../../config/schema.js';
import type { ReplayGame } from '../../feeds/replay/replay-game.js';
import type { SweepResultRow } from '../../store/port.js';
import {
  expandGrid,
  type Objective,
  rankBy,
  type SweepAxis,
  type SweepMetrics,
  type SweepPoint,
  walkForwardWindows,
} from './plan.js';
import type { SweepJob, SweepJobResult } from './sweep-job.js';
import { type JobOutcome, WorkerPool } from './worker-pool.js';

export type RunOutcome =
  | { readonly ok: true; readonly metrics: SweepMetrics; readonly events: number }
  | { readonly ok: false; readonly error: string };

export interface PointResult {
  readonly pointIndex: number;
  readonly params: Readonly<Record<string, string>>;
  readonly train: RunOutcome;
  /** Null where the point was not tested (walk-forward tests only the window's chosen point). */
  readonly test: RunOutcome | null;
}

export interface SweepWindowResult {
  readonly index: number;
  readonly trainGames: readonly string[];
  readonly testGames: readonly string[];
  /** Best first by the training objective. */
  readonly points: readonly PointResult[];
  /** The point the training games chose (best train objective), or null when every point failed. */
  readonly chosen: number | null;
}

export interface SweepOutcome {
  readonly objective: Objective;
  readonly axes: readonly SweepAxis[];
  readonly walkForward: boolean;
  readonly windows: readonly SweepWindowResult[];
  /** Walk-forward: the chosen points' test results over all windows, the out-of-sample figure. */
  readonly outOfSample: {
    readonly windows: number;
    readonly testGames: number;
    readonly pnlAfterFeesMicros: number;
    readonly failedWindows: number;
  } | null;
  readonly runs: { readonly total: number; readonly failed: number };
}

export type SweepData =
  | { readonly kind: 'split'; readonly train: readonly ReplayGame[]; readonly test: readonly ReplayGame[] }
  | {
      readonly kind: 'walk-forward';
      /** In kickoff order. */
      readonly games: readonly ReplayGame[];
      readonly trainGames: number;
      readonly testGames: number;
    };

export interface RunSweepOptions {
  readonly axes: readonly SweepAxis[];
  readonly objective: Objective;
  readonly data: SweepData;
  /** The full configuration of a point on some games (already validated by the caller). */
  readonly configFor: (params: Readonly<Record<string, string>>, gameIds: readonly string[]) => Config;
  readonly workers: number;
  /** Defaults to sweep-worker.ts beside this module. */
  readonly workerUrl?: URL;
  readonly onProgress?: (done: number, total: number) => void;
}

interface WindowGames {
  readonly index: number;
  readonly train: readonly string[];
  readonly test: readonly string[];
}

function windowsOf(data: SweepData): WindowGames[] {
  const ids = (games: readonly ReplayGame[]) => games.map((g) => g.info.gameId as string);
  if (data.kind === 'split') return [{ index: 0, train: ids(data.train), test: ids(data.test) }];
  const ordered = ids(data.games);
  return walkForwardWindows(ordered.length, data.trainGames, data.testGames).map((w) => ({
    index: w.index,
    train: ordered.slice(w.train.start, w.train.end),
    test: ordered.slice(w.test.start, w.test.end),
  }));
}

interface Planned {
  readonly window: number;
  readonly point: SweepPoint;
  readonly phase: 'train' | 'test';
  readonly games: readonly string[];
}

const moduleExt = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export async function runSweep(
  opts: RunSweepOptions,
): Promise<{ outcome: SweepOutcome; rows: SweepResultRow[] }> {
  const points = expandGrid(opts.axes);
  const windows = windowsOf(opts.data);
  const workerUrl = opts.workerUrl ?? new URL(`./sweep-worker${moduleExt}`, import.meta.url);
  const walkForward = opts.data.kind === 'walk-forward';
  // Phase 1: every point on every window's training games, and (one split) on its test games.
  const phase1: Planned[] = windows.flatMap((w) =>
    points.flatMap((point) => [
      { window: w.index, point, phase: 'train' as const, games: w.train },
      ...(walkForward ? [] : [{ window: w.index, point, phase: 'test' as const, games: w.test }]),
    ]),
  );
  const total = phase1.length + (walkForward ? windows.length : 0);
  let finished = 0;
  const pool = new WorkerPool<SweepJob, SweepJobResult>({ workerUrl, workers: opts.workers });
  const run = async (planned: readonly Planned[]) => {
    const jobs = planned.map((p) => ({
      key: `w${p.window}-p${p.point.index}-${p.phase}`,
      config: opts.configFor(p.point.params, p.games),
    }));
    const outcomes = await pool.run(jobs, () => {
      finished += 1;
      opts.onProgress?.(finished, total);
    });
    return outcomes.map((o, i) => ({ planned: planned[i] as Planned, outcome: toRunOutcome(o) }));
  };
  try {
    return await sweepWith({ opts, points, windows, walkForward, phase1, run });
  } finally {
    await pool.close();
  }
}

interface Done {
  readonly planned: Planned;
  readonly outcome: RunOutcome;
}

async function sweepWith(ctx: {
  readonly opts: RunSweepOptions;
  readonly points: readonly SweepPoint[];
  readonly windows: readonly WindowGames[];
  readonly walkForward: boolean;
  readonly phase1: readonly Planned[];
  readonly run: (planned: readonly Planned[]) => Promise<Done[]>;
}): Promise<{ outcome: SweepOutcome; rows: SweepResultRow[] }> {
  const { opts, points, windows, walkForward, run } = ctx;
  const done = await run(ctx.phase1);
  const find = (window: number, pointIndex: number, phase: 'train' | 'test') =>
    done.find(
      (d) => d.planned.window === window && d.planned.point.index === pointIndex && d.planned.phase === phase,
    )?.outcome ?? null;

  const chosen = windows.map((w) => {
    const trained = points.map((p) => ({ pointIndex: p.index, outcome: find(w.index, p.index, 'train') }));
    const best = rankBy(trained, opts.objective, (r) => (r.outcome?.ok ? r.outcome.metrics : null))[0];
    return best?.outcome?.ok && opts.objective.value(best.outcome.metrics) !== null ? best.pointIndex : null;
  });
  // Phase 2 (walk-forward): each window's chosen point on the games after its training games.
  if (walkForward) {
    const tests = windows.flatMap((w) => {
      const point = chosen[w.index] === null ? undefined : points[chosen[w.index] as number];
      return point ? [{ window: w.index, point, phase: 'test' as const, games: w.test }] : [];
    });
    done.push(...(await run(tests)));
  }

  const windowResults: SweepWindowResult[] = windows.map((w) => {
    const results: PointResult[] = points.map((p) => ({
      pointIndex: p.index,
      params: p.params,
      train: find(w.index, p.index, 'train') ?? { ok: false, error: 'not run' },
      test: find(w.index, p.index, 'test'),
    }));
    return {
      index: w.index,
      trainGames: w.train,
      testGames: w.test,
      points: rankBy(results, opts.objective, (r) => (r.train.ok ? r.train.metrics : null)),
      chosen: chosen[w.index] ?? null,
    };
  });
  const outcome: SweepOutcome = {
    objective: opts.objective,
    axes: opts.axes,
    walkForward,
    windows: windowResults,
    outOfSample: walkForward ? outOfSample(windowResults) : null,
    runs: { total: done.length, failed: done.filter((d) => !d.outcome.ok).length },
  };
  const rows = done.map(
    ({ planned, outcome: o }): SweepResultRow => ({
      window: planned.window,
      pointIndex: planned.point.index,
      phase: planned.phase,
      params: planned.point.params,
      games: planned.games,
      ...(o.ok ? { ok: true, metrics: o.metrics } : { ok: false, error: o.error }),
    }),
  );
  // Train before test, as the store lists them.
  rows.sort(
    (a, b) =>
      a.window - b.window ||
      a.pointIndex - b.pointIndex ||
      Number(a.phase === 'test') - Number(b.phase === 'test'),
  );
  return { outcome, rows };
}

function toRunOutcome(o: JobOutcome<SweepJob, SweepJobResult>): RunOutcome {
  return o.ok
    ? { ok: true, metrics: o.value.metrics, events: o.value.events }
    : { ok: false, error: o.error };
}

function outOfSample(windows: readonly SweepWindowResult[]): NonNullable<SweepOutcome['outOfSample']> {
  let pnl = 0;
  let games = 0;
  let failed = 0;
  for (const w of windows) {
    const test = w.points.find((p) => p.pointIndex === w.chosen)?.test;
    if (test?.ok) {
      pnl += test.metrics.pnlAfterFeesMicros;
      games += w.testGames.length;
    } else failed += 1;
  }
  return { windows: windows.length, testGames: games, pnlAfterFeesMicros: pnl, failedWindows: failed };
}
