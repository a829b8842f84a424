/**
 * `arbees backtest --sweep KEY=v1,v2 --train … --test …`: a parameter sweep of backtests on
 * worker threads, ranked on the training games and checked on the test games
 * (services/sweep/run-sweep.ts), printed as a table, stored, and exported on request.
 */
import { availableParallelism } from 'node:os';
import { ConfigError, type LoadConfigOptions, loadConfig } from '../config/load.js';
import { CONFIG_KEYS, type Config, type ConfigKey } from '../config/schema.js';
import { loadBundledGames } from '../feeds/replay/bundled-games.js';
import { selectGames } from '../feeds/replay/nfl-bundle.js';
import type { ReplayGame } from '../feeds/replay/replay-game.js';
import {
  expandGrid,
  type GameSelection,
  objectiveNamed,
  parseGameSelection,
  parseSweepAxes,
  pointLabel,
  type SweepAxis,
  SweepSpecError,
} from '../services/sweep/plan.js';
import { runSweep, type SweepData } from '../services/sweep/run-sweep.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';
import { checkExportPath, sweepJson, writeSweepExport } from './sweep-export.js';
import { renderSweep } from './sweep-render.js';

export interface BacktestFlags {
  sweep?: string[];
  train?: string;
  test?: string;
  walkForward?: boolean;
  objective?: string;
  workers?: string;
  games?: string;
  from?: string;
  to?: string;
  seed?: string;
  set?: string[];
  out?: string;
  sweepId?: string;
  db?: string;
  json?: boolean;
}

export interface BacktestIo {
  readonly env?: LoadConfigOptions['env'];
  readonly envFile?: string | null;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** The worker module (tests point it at one that fails on purpose). */
  readonly workerUrl?: URL;
  /** Where the results go, left open (default: the store of the settings, opened and closed here). */
  readonly store?: Store;
}

type Overrides = Partial<Record<ConfigKey, string | undefined>>;

/** Everything a sweep needs, checked before any backtest starts. */
export interface SweepPlan {
  readonly config: Config;
  readonly axes: readonly SweepAxis[];
  readonly objective: ReturnType<typeof objectiveNamed>;
  readonly data: SweepData;
  readonly workers: number;
  readonly configFor: (params: Readonly<Record<string, string>>, gameIds: readonly string[]) => Config;
}

export function planSweep(flags: BacktestFlags, io: BacktestIo = {}): SweepPlan {
  try {
    const base: Overrides = {
      ...overridesFromSet(flags.set),
      ARBEES_MODE: 'backtest',
      ARBEES_SEED: flags.seed,
      ARBEES_GAMES: flags.games,
      ARBEES_FROM: flags.from,
      ARBEES_TO: flags.to,
    };
    const load = (overrides: Overrides) =>
      loadConfig({ env: io.env, ...(io.envFile !== undefined ? { envFile: io.envFile } : {}), overrides });
    const config = load(base);
    const { axes, problems } = parseSweepAxes(flags.sweep ?? [], CONFIG_KEYS);
    checkPoints(axes, problems, (params) => load({ ...base, ...params }));
    const objective = objectiveNamed(flags.objective ?? 'pnl');
    if (flags.out) checkExportPath(flags.out);
    const universe = loadBundledGames(config);
    const data = sweepData(flags, universe);
    const jobs = expandGrid(axes).length * (data.kind === 'split' ? 2 : 1);
    return {
      config,
      axes,
      objective,
      data,
      workers: workerCount(flags.workers, jobs),
      configFor: (params, gameIds) => ({
        ...load({ ...base, ...params, ARBEES_LOG_LEVEL: 'silent' }),
        ARBEES_GAMES: [...gameIds],
        ARBEES_FROM: undefined,
        ARBEES_TO: undefined,
        ARBEES_RUN_ID: undefined,
      }),
    };
  } catch (error) {
    if (error instanceof SweepSpecError) throw new UserError(error.message);
    throw error;
  }
}

/** Each value on its own first (so a bad one is named with its key), then each whole point. */
function checkPoints(
  axes: readonly SweepAxis[],
  earlier: readonly string[],
  load: (params: Record<string, string>) => Config,
): void {
  const problems = [...earlier];
  const tryLoad = (params: Record<string, string>, label: string) => {
    try {
      load(params);
      return true;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems.map((p) => `--sweep ${label}: ${p}`));
      return false;
    }
  };
  let valuesOk = true;
  for (const axis of axes)
    for (const value of axis.values)
      valuesOk = tryLoad({ [axis.key]: value }, `${axis.key}=${value}`) && valuesOk;
  if (valuesOk && problems.length === 0)
    for (const point of expandGrid(axes)) tryLoad({ ...point.params }, pointLabel(point));
  if (problems.length > 0) throw new SweepSpecError(problems);
}

function workerCount(flag: string | undefined, jobs: number): number {
  if (flag === undefined) return Math.max(1, Math.min(2, availableParallelism(), jobs));
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1) throw new SweepSpecError([`--workers ${flag}: a whole number ≥ 1`]);
  return n;
}

function sweepData(flags: BacktestFlags, universe: readonly ReplayGame[]): SweepData {
  if (flags.train === undefined || flags.test === undefined)
    throw new SweepSpecError([
      '--train and --test are both needed (games, dates, or with --walk-forward game counts)',
    ]);
  if (universe.length === 0) throw new SweepSpecError(['no bundled game matches --games/--from/--to']);
  if (flags.walkForward) {
    const count = (flag: string, v: string) => {
      if (!/^\d+$/.test(v.trim()))
        throw new SweepSpecError([`${flag} ${v}: with --walk-forward, a number of games per window`]);
      return Number(v);
    };
    const ordered = [...universe].sort(
      (a, b) => a.info.kickoffTs - b.info.kickoffTs || a.info.gameId.localeCompare(b.info.gameId),
    );
    return {
      kind: 'walk-forward',
      games: ordered,
      trainGames: count('--train', flags.train),
      testGames: count('--test', flags.test),
    };
  }
  const train = pick(universe, '--train', parseGameSelection('--train', flags.train));
  const test = pick(universe, '--test', parseGameSelection('--test', flags.test));
  const trainIds = new Set(train.map((g) => g.info.gameId));
  const both = test.filter((g) => trainIds.has(g.info.gameId)).map((g) => g.info.gameId);
  if (both.length > 0)
    throw new SweepSpecError([
      `--train and --test share ${both.length} game(s) (${both.slice(0, 3).join(', ')}${both.length > 3 ? ', …' : ''}): a test game must be out of sample`,
    ]);
  return { kind: 'split', train, test };
}

function pick(universe: readonly ReplayGame[], flag: string, selection: GameSelection): ReplayGame[] {
  let games: ReplayGame[];
  try {
    games =
      selection.kind === 'games'
        ? selectGames(universe, { gameIds: [...selection.ids] })
        : selectGames(universe, { from: selection.from, to: selection.to });
  } catch (error) {
    throw new SweepSpecError([`${flag}: ${(error as Error).message}`]);
  }
  if (games.length === 0) throw new SweepSpecError([`${flag}: no selected game matches`]);
  return games;
}

export async function backtestCommand(flags: BacktestFlags, io: BacktestIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => process.stderr.write(text));
  const plan = planSweep(flags, io);
  const sweepId = flags.sweepId ?? `sweep-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const started = performance.now();
  const jobsLabel = plan.data.kind === 'split' ? 'train and test' : 'walk-forward';
  stderr(
    `sweep ${sweepId}: ${expandGrid(plan.axes).length} points, ${jobsLabel}, ${plan.workers} worker(s)\n`,
  );
  const { outcome, rows } = await runSweep({
    axes: plan.axes,
    objective: plan.objective,
    data: plan.data,
    configFor: plan.configFor,
    workers: plan.workers,
    ...(io.workerUrl ? { workerUrl: io.workerUrl } : {}),
    onProgress: (done, total) => stderr(`  ${done}/${total} backtests done\n`),
  });
  const wallS = (performance.now() - started) / 1000;
  stderr(`sweep ${sweepId}: ${outcome.runs.total} backtests in ${wallS.toFixed(1)} s wall time\n`);

  const store =
    io.store ??
    (await openStore({
      databaseUrl: plan.config.DATABASE_URL,
      pglite: flags.db ?? plan.config.ARBEES_PGLITE_DIR,
    }));
  try {
    await store.recordSweep(
      {
        sweepId,
        createdTs: Date.now(),
        spec: {
          axes: plan.axes,
          objective: plan.objective.name,
          train: flags.train,
          test: flags.test,
          walkForward: flags.walkForward === true,
          seed: plan.config.ARBEES_SEED,
          set: flags.set ?? [],
          workers: plan.workers,
          wallSeconds: Number(wallS.toFixed(1)),
        },
        outcome: JSON.parse(sweepJson(outcome)),
      },
      rows,
    );
  } finally {
    if (!io.store) await store.close();
  }
  stderr(`sweep ${sweepId}: stored in ${store.kind}\n`);
  if (flags.out) {
    writeSweepExport(flags.out, outcome, rows);
    stderr(`sweep ${sweepId}: written to ${flags.out}\n`);
  }
  stdout(flags.json ? sweepJson(outcome) : renderSweep(outcome));
  return outcome.runs.failed > 0 ? 1 : 0;
}
