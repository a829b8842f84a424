/** Text rendering of a forecast report for `arbees model report`. */
import type { ForecastReport, ReportBin } from '../sports/calibration-report.js';

const pp = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
const num = (v: number) => v.toLocaleString('en-US');

function table(bins: readonly ReportBin[], rangeDigits: number): string[] {
  const lines = ['  range            rows   predicted  observed    gap (pp)  90% game-bootstrap'];
  bins.forEach((b, i) => {
    const range = `[${b.lo.toFixed(rangeDigits)}, ${b.hi.toFixed(rangeDigits)}${i === bins.length - 1 ? ']' : ')'}`;
    if (!(b.n > 0)) {
      lines.push(`  ${range.padEnd(15)} ${'0'.padStart(6)}`);
      return;
    }
    const ci = b.gapInterval ? `[${pp(b.gapInterval[0])}, ${pp(b.gapInterval[1])}]` : '';
    const flag = Math.abs(b.gap) > 0.03 ? '  > 3 pp' : '';
    lines.push(
      `  ${range.padEnd(15)} ${String(b.n).padStart(6)}   ${b.meanPred.toFixed(3).padStart(8)}  ${b.observedRate.toFixed(3).padStart(8)}  ${pp(b.gap).padStart(10)}  ${ci}${flag}`,
    );
  });
  return lines;
}

export function renderForecastReport(
  r: ForecastReport,
  meta: { sport: string; plays: string; lines: string; rowsInFile: number },
): string {
  const within = (bins: readonly ReportBin[]) =>
    bins.filter((b) => b.n > 0 && Math.abs(b.gap) <= 0.03).length;
  const nonEmpty = (bins: readonly ReportBin[]) => bins.filter((b) => b.n > 0).length;
  const beats = r.model.brier < r.baseline.brier && r.model.logLoss < r.baseline.logLoss;
  const lines = [
    `${meta.sport.toUpperCase()} win probability on ${meta.plays} with lines from ${meta.lines}`,
    `scored: ${num(r.rows)} rows with a team in possession (of ${num(meta.rowsInFile)}), ${num(r.games)} games`,
    '',
    '                        Brier   log loss',
    `  model               ${r.model.brier.toFixed(5)}   ${r.model.logLoss.toFixed(5)}`,
    `  spread-only         ${r.baseline.brier.toFixed(5)}   ${r.baseline.logLoss.toFixed(5)}`,
    `  model beats the spread-only baseline on both: ${beats ? 'yes' : 'no'}`,
    '',
    'calibration by bins of the predicted home win probability (width 0.1):',
    ...table(r.bins, 1),
    `  largest gap ${(r.maxBinGap * 100).toFixed(1)} pp; ${within(r.bins)} of ${nonEmpty(r.bins)} bins within 3 pp`,
    '',
    'calibration by deciles of the predictions (equal row counts):',
    ...table(r.deciles, 3),
    `  largest gap ${(r.maxDecileGap * 100).toFixed(1)} pp; ${within(r.deciles)} of ${nonEmpty(r.deciles)} deciles within 3 pp`,
    '',
    `Intervals resample whole games (${r.bootstrapDraws} draws): one game's rows share one outcome.`,
  ];
  return `${lines.join('\n')}\n`;
}
