/**
 * A parameter sweep's plan, pure: the grid (the cartesian product of `--sweep KEY=v1,v2`), the
 * objectives a point is ranked by, the train/test game selections, and the walk-forward windows.
 * No I/O here: the runner (run-sweep.ts) loads the games and runs the backtests.
 */
import type { RunReport } from '../../portfolio/report.js';

/** One swept setting and the values it takes, in the order given. */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly string[];
}

/** One point of the grid: a value for every axis. */
export interface SweepPoint {
  readonly index: number;
  readonly params: Readonly<Record<string, string>>;
}

/** A sweep request that cannot be run, with every problem named. */
export class SweepSpecError extends Error {
  override readonly name = 'SweepSpecError';
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? (problems[0] ?? '')
        : `invalid sweep:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/**
 * Settings that choose the data or the shape of the run rather than the strategy: sweeping them
 * would compare different data or different machinery, not different parameters.
 */
export const UNSWEEPABLE_KEYS: Readonly<Record<string, string>> = {
  ARBEES_MODE: 'a sweep always runs backtests',
  ARBEES_GAMES: 'the games are chosen by --train/--test',
  ARBEES_FROM: 'the games are chosen by --train/--test',
  ARBEES_TO: 'the games are chosen by --train/--test',
  ARBEES_SEED: 'the seed is part of the data every point shares: set it with --seed',
  ARBEES_RUN_ID: 'each point is its own run',
  ARBEES_DATA_DIR: 'every point runs on the same data',
  DATABASE_URL: 'the points run in memory; results go to the store',
  ARBEES_PGLITE_DIR: 'the points run in memory; results go to the store',
  ARBEES_SPEED: 'a backtest runs as fast as it can',
  ARBEES_LOG_LEVEL: 'not a strategy setting',
};

/**
 * Parses each `KEY=v1,v2,…`; `knownKeys` are the configuration schema's settings. The axes that
 * parsed, and a problem for each that did not, so the caller can report every problem at once.
 */
export function parseSweepAxes(
  specs: readonly string[],
  knownKeys: readonly string[],
): { axes: SweepAxis[]; problems: string[] } {
  const problems: string[] = [];
  const axes: SweepAxis[] = [];
  const known = new Set(knownKeys);
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const key = (eq > 0 ? spec.slice(0, eq) : spec).trim();
    const values =
      eq > 0
        ? spec
            .slice(eq + 1)
            .split(',')
            .map((v) => v.trim())
        : [];
    if (eq <= 0) problems.push(`--sweep ${spec}: expected KEY=v1,v2,...`);
    else if (!known.has(key)) problems.push(`--sweep ${key}: unknown setting (see \`arbees config\`)`);
    else if (UNSWEEPABLE_KEYS[key])
      problems.push(`--sweep ${key}: cannot be swept (${UNSWEEPABLE_KEYS[key]})`);
    else if (axes.some((a) => a.key === key))
      problems.push(`--sweep ${key}: given twice; list its values once`);
    else if (values.length === 0 || values.some((v) => v === ''))
      problems.push(`--sweep ${key}: an empty value in "${spec.slice(eq + 1)}"`);
    else if (new Set(values).size !== values.length) problems.push(`--sweep ${key}: a value is listed twice`);
    else axes.push({ key, values });
  }
  if (specs.length === 0) problems.push('--sweep: at least one KEY=v1,v2,... is needed');
  return { axes, problems };
}

/** The cartesian product, the first axis varying slowest; the same axes give the same order. */
export function expandGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  let combos: Record<string, string>[] = [{}];
  for (const axis of axes) {
    combos = combos.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.key]: value })));
  }
  return combos.map((params, index) => ({ index, params }));
}

/** `KEY=value KEY2=value2`, for tables and logs. */
export function pointLabel(point: Pick<SweepPoint, 'params'>): string {
  return Object.entries(point.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** What a sweep keeps of each backtest: enough to rank, compare and export. */
export type SweepMetrics = {
  readonly games: number;
  readonly pnlAfterFeesMicros: number;
  readonly feesMicros: number;
  readonly returnPct: number;
  readonly winRatePct: number | null;
  readonly maxDrawdownPct: number;
  /** Mean over standard deviation of daily P&L (the report's statistics); null without two days. */
  readonly sharpePerDay: number | null;
  readonly fills: number;
  readonly positionsSettled: number;
};

export function metricsOf(report: RunReport): SweepMetrics {
  return {
    games: report.games.replayed,
    pnlAfterFeesMicros: report.pnl.realizedAfterFeesMicros,
    feesMicros: report.pnl.feesMicros,
    returnPct: report.pnl.returnPct,
    winRatePct: report.positions.winRatePct,
    maxDrawdownPct: report.pnl.maxDrawdownPct,
    sharpePerDay: report.statistics?.sharpePerDay.value ?? null,
    fills: report.fills.count,
    positionsSettled: report.positions.settled,
  };
}

/** How points are ranked: the figure, and whether more of it is better. */
export interface Objective {
  readonly name: ObjectiveName;
  readonly label: string;
  readonly higherIsBetter: boolean;
  /** Null when the run has no such figure (a win rate with no settled position). */
  readonly value: (m: SweepMetrics) => number | null;
}

export const OBJECTIVE_NAMES = ['pnl', 'return', 'win-rate', 'drawdown', 'sharpe'] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

const OBJECTIVES: Readonly<Record<ObjectiveName, Objective>> = {
  pnl: { name: 'pnl', label: 'P&L after fees', higherIsBetter: true, value: (m) => m.pnlAfterFeesMicros },
  return: { name: 'return', label: 'return %', higherIsBetter: true, value: (m) => m.returnPct },
  'win-rate': { name: 'win-rate', label: 'win rate %', higherIsBetter: true, value: (m) => m.winRatePct },
  drawdown: {
    name: 'drawdown',
    label: 'max drawdown %',
    higherIsBetter: false,
    value: (m) => m.maxDrawdownPct,
  },
  sharpe: {
    name: 'sharpe',
    label: 'Sharpe-like ratio per day',
    higherIsBetter: true,
    // Results stored before the ratio was kept have none.
    value: (m) => m.sharpePerDay ?? null,
  },
};

export function objectiveNamed(name: string): Objective {
  const objective = OBJECTIVES[name as ObjectiveName];
  if (!objective)
    throw new SweepSpecError([`--objective ${name}: unknown; one of ${OBJECTIVE_NAMES.join(', ')}`]);
  return objective;
}

/**
 * Best first by the objective; a point without a figure (failed, or no such figure) goes last;
 * ties keep grid order, so the ranking is deterministic.
 */
export function rankBy<T extends { readonly pointIndex: number }>(
  rows: readonly T[],
  objective: Objective,
  metrics: (row: T) => SweepMetrics | null,
): T[] {
  const score = (row: T): number | null => {
    const m = metrics(row);
    return m === null ? null : objective.value(m);
  };
  return [...rows].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa === null || sb === null) return sa === sb ? a.pointIndex - b.pointIndex : sa === null ? 1 : -1;
    const diff = objective.higherIsBetter ? sb - sa : sa - sb;
    return diff !== 0 ? diff : a.pointIndex - b.pointIndex;
  });
}

/** `--train`/`--test`: a day or a range of game days (US Eastern), or game ids and leagues. */
export type GameSelection =
  | { readonly kind: 'dates'; readonly from?: string; readonly to?: string }
  | { readonly kind: 'games'; readonly ids: readonly string[] };

const DAY = /^\d{4}-\d\d-\d\d$/;

export function parseGameSelection(flag: string, spec: string): GameSelection {
  const text = spec.trim();
  const range = text.split('..');
  if (range.length === 2) {
    const [from, to] = range.map((s) => s.trim());
    if ((from && !DAY.test(from)) || (to && !DAY.test(to)) || (!from && !to))
      throw new SweepSpecError([
        `${flag} ${spec}: a date range is YYYY-MM-DD..YYYY-MM-DD (either side may be open)`,
      ]);
    return { kind: 'dates', ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  if (DAY.test(text)) return { kind: 'dates', from: text, to: text };
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new SweepSpecError([`${flag}: no games given`]);
  return { kind: 'games', ids };
}

/** A walk-forward window: game positions [start, start+train) to train, the next `test` to test. */
export interface WalkWindow {
  readonly index: number;
  readonly train: { readonly start: number; readonly end: number };
  readonly test: { readonly start: number; readonly end: number };
}

/**
 * Rolling windows over `count` ordered games: a fixed-length training window, then the test
 * window after it; each step moves both by the test length, so the test windows never overlap
 * and every test game lies after every game its point was chosen on.
 */
export function walkForwardWindows(count: number, train: number, test: number): WalkWindow[] {
  const problems: string[] = [];
  if (!Number.isInteger(train) || train < 1)
    problems.push(`--train: with --walk-forward, a number of games ≥ 1`);
  if (!Number.isInteger(test) || test < 1)
    problems.push(`--test: with --walk-forward, a number of games ≥ 1`);
  if (problems.length > 0) throw new SweepSpecError(problems);
  if (train + test > count)
    throw new SweepSpecError([
      `--walk-forward: ${train} train + ${test} test games need more than the ${count} games selected`,
    ]);
  const windows: WalkWindow[] = [];
  for (let start = 0; start + train + test <= count; start += test) {
    windows.push({
      index: windows.length,
      train: { start, end: start + train },
      test: { start: start + train, end: start + train + test },
    });
  }
  return windows;
}
