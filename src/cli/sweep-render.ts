/**
 * The sweep's table on stdout: points ranked by the training objective, the test (out-of-sample)
 * result beside each, and a plain statement that the test column is the one that counts. Holds
 * nothing that varies between two runs of the same sweep (no times, no ids): the same sweep
 * prints the same table.
 */
import { formatMicros } from '../core/money.js';
import type { SweepMetrics } from '../services/sweep/plan.js';
import type {
  PointResult,
  RunOutcome,
  SweepOutcome,
  SweepWindowResult,
} from '../services/sweep/run-sweep.js';

const signed = (micros: number) => (micros > 0 ? `+${formatMicros(micros)}` : formatMicros(micros));
const pct = (x: number | null) => (x === null ? '-' : `${x.toFixed(2)}%`);

function figures(m: SweepMetrics): string[] {
  return [
    signed(m.pnlAfterFeesMicros),
    pct(m.returnPct),
    pct(m.winRatePct),
    pct(m.maxDrawdownPct),
    String(m.fills),
  ];
}

const FIGURE_HEADS = ['P&L after fees', 'return', 'win rate', 'max DD', 'fills'];

function outcomeCells(o: RunOutcome | null, width: number): string[] {
  if (o === null) return Array.from({ length: width }, () => '');
  if (!o.ok) return [`FAILED: ${o.error}`, ...Array.from({ length: width - 1 }, () => '')];
  return figures(o.metrics);
}

/** Left-aligned text columns, right-aligned figures; the last column is never padded. */
function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: (col: number) => boolean,
): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // A failure's reason spills over the empty cells after it rather than widening them.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => {
        const w = widths[c] ?? 0;
        if (cell.startsWith('FAILED: ')) return cell;
        return numeric(c) ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

function gamesLine(label: string, games: readonly string[]): string {
  const list = games.length <= 4 ? games.join(', ') : `${games[0]} … ${games[games.length - 1]}`;
  return `  ${label.padEnd(6)} ${games.length} game${games.length === 1 ? '' : 's'} (${list})`;
}

function pointsTable(outcome: SweepOutcome, points: readonly PointResult[], chosen: number | null): string {
  const keys = outcome.axes.map((a) => a.key);
  const withTest = points.some((p) => p.test !== null);
  const head = [
    'rank',
    ...keys,
    ...FIGURE_HEADS.map((h) => `train ${h}`),
    ...(withTest ? ['|', ...FIGURE_HEADS.map((h) => `TEST ${h}`)] : []),
  ];
  const rows = points.map((p, i) => [
    `${i + 1}${p.pointIndex === chosen && outcome.walkForward ? '*' : ''}`,
    ...keys.map((k) => p.params[k] ?? ''),
    ...outcomeCells(p.train, FIGURE_HEADS.length),
    ...(withTest ? ['|', ...outcomeCells(p.test, FIGURE_HEADS.length)] : []),
  ]);
  const firstFigure = 1 + keys.length;
  return table(head, rows, (c) => c === 0 || (c >= firstFigure && head[c] !== '|'));
}

function windowBlock(outcome: SweepOutcome, w: SweepWindowResult): string {
  const lines = [
    outcome.walkForward ? `Window ${w.index + 1}` : 'Games',
    gamesLine('train', w.trainGames),
    gamesLine('test', w.testGames),
    '',
    pointsTable(outcome, w.points, w.chosen),
  ];
  if (outcome.walkForward) {
    const chosen = w.points.find((p) => p.pointIndex === w.chosen);
    lines.push(
      chosen
        ? `  * chosen on the training games; its TEST result: ${outcomeCells(chosen.test, FIGURE_HEADS.length).slice(0, 1).join('')}`
        : '  no point could be chosen: every training run failed or had no figure',
    );
  }
  return lines.join('\n');
}

export function renderSweep(outcome: SweepOutcome): string {
  const grid = outcome.axes.map((a) => `${a.key} ∈ {${a.values.join(', ')}}`).join(' × ');
  const points = outcome.axes.reduce((n, a) => n * a.values.length, 1);
  const out = [
    `Sweep of ${points} point${points === 1 ? '' : 's'}: ${grid}`,
    `  ranked by the training ${outcome.objective.label} (${outcome.objective.higherIsBetter ? 'higher' : 'lower'} is better)${outcome.walkForward ? `, walk-forward over ${outcome.windows.length} windows` : ''}`,
    '  The TEST columns are the out-of-sample result, and the one that counts: the train figures are',
    '  what the ranking was chosen on, so the best of them is optimistic by construction.',
    '  Markets are SIMULATED (real games, simulated makers): figures measure the strategy against them.',
    '',
  ];
  for (const w of outcome.windows) out.push(windowBlock(outcome, w), '');
  if (outcome.outOfSample) {
    const o = outcome.outOfSample;
    out.push(
      'Out of sample (the figure that counts)',
      `  P&L after fees of the chosen points on their test games: ${signed(o.pnlAfterFeesMicros)} over ${o.testGames} games in ${o.windows - o.failedWindows} of ${o.windows} windows`,
      '',
    );
  }
  out.push(
    `Runs: ${outcome.runs.total} backtests, ${outcome.runs.failed} failed${outcome.runs.failed > 0 ? ' (their reasons are in the table)' : ''}`,
    '',
  );
  return out.join('\n');
}
