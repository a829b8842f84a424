/**
 * A sweep's results as CSV (one line per backtest: a point on a window's train or test games)
 * or JSON (the whole outcome, ranked), chosen by the file's extension. Money stays in integer
 * micro-dollars.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { SweepOutcome } from '../services/sweep/run-sweep.js';
import type { SweepResultRow } from '../store/port.js';
import { UserError } from './errors.js';

const METRIC_COLUMNS = [
  ['pnl_after_fees_micros', 'pnlAfterFeesMicros'],
  ['fees_micros', 'feesMicros'],
  ['return_pct', 'returnPct'],
  ['win_rate_pct', 'winRatePct'],
  ['max_drawdown_pct', 'maxDrawdownPct'],
  ['sharpe_per_day', 'sharpePerDay'],
  ['fills', 'fills'],
  ['positions_settled', 'positionsSettled'],
  ['games', 'games'],
] as const;

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function sweepCsv(outcome: SweepOutcome, rows: readonly SweepResultRow[]): string {
  const keys = outcome.axes.map((a) => a.key);
  // The rank of each point by the training objective within its window (1 = best).
  const rank = new Map<string, number>();
  for (const w of outcome.windows) {
    w.points.forEach((p, i) => {
      rank.set(`${w.index}:${p.pointIndex}`, i + 1);
    });
  }
  const chosen = new Set(outcome.windows.map((w) => `${w.index}:${w.chosen}`));
  const head = [
    'window',
    'point',
    'train_rank',
    'chosen',
    'phase',
    ...keys,
    'status',
    'error',
    ...METRIC_COLUMNS.map(([c]) => c),
    'game_ids',
  ];
  const lines = rows.map((r) => {
    const at = `${r.window}:${r.pointIndex}`;
    return [
      r.window,
      r.pointIndex,
      rank.get(at),
      outcome.walkForward ? chosen.has(at) : '',
      r.phase,
      ...keys.map((k) => r.params[k]),
      r.ok ? 'ok' : 'failed',
      r.ok ? '' : r.error,
      ...METRIC_COLUMNS.map(([, field]) => (r.ok ? r.metrics[field] : null)),
      r.games.join(' '),
    ]
      .map(csvCell)
      .join(',');
  });
  return `${[head.join(','), ...lines].join('\n')}\n`;
}

export function sweepJson(outcome: SweepOutcome): string {
  return `${JSON.stringify({ ...outcome, objective: outcome.objective.name }, null, 2)}\n`;
}

/** Writes the export; the extension (.csv or .json) says which. */
export function writeSweepExport(path: string, outcome: SweepOutcome, rows: readonly SweepResultRow[]): void {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') writeFileSync(path, sweepCsv(outcome, rows));
  else if (ext === '.json') writeFileSync(path, sweepJson(outcome));
  else throw new UserError(`--out ${path}: the file must end in .csv or .json`);
}

/** Checks --out before hours of backtests, not after. */
export function checkExportPath(path: string): void {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json')
    throw new UserError(`--out ${path}: the file must end in .csv or .json`);
}
