/** The daily report, the validation table and the decision matrix as text for the terminal. */
import type { DailyReport } from '../portfolio/daily-report.js';
import type { ValidationTable } from '../services/daily-report.js';

const usd = (m: number | null) =>
  m === null ? '-' : `${m < 0 ? '-' : ''}$${(Math.abs(m) / 1e6).toFixed(2)}`;
const pct = (ppm: number | null) => (ppm === null ? '-' : `${(ppm / 10_000).toFixed(1)}%`);
const time = (ts: number) => new Date(ts).toISOString().slice(11, 19);

export function renderDailyReport(r: DailyReport): string {
  const t = r.trades;
  const lines = [
    `Daily report of ${r.runId}, ${r.day} (UTC)`,
    `  trades      ${t.count} closed: ${t.wins} won, ${t.losses} lost${t.scratches ? `, ${t.scratches} even` : ''}; win rate ${pct(t.winRatePpm)}`,
    `  P&L         ${usd(r.pnl.realizedAfterFees)} realized after fees; fees paid ${usd(r.pnl.feesPaid)} on ${r.pnl.fills} fill(s)`,
    `  drawdown    ${usd(r.drawdown.maxDrawdown)} (${pct(r.drawdown.maxDrawdownPpm)} of its peak) over ${r.drawdown.snapshots} snapshot(s); equity ${usd(r.drawdown.openingEquity)} -> ${usd(r.drawdown.closingEquity)}`,
    `  uptime      ${pct(r.uptime.uptimePpm)}: watched ${r.uptime.watchedMinutes} of ${r.uptime.liveMinutes} live game-minutes (${r.uptime.gamesLive} game(s); news within ${r.uptime.watchWindowMinutes} min; ${r.uptime.breakMinutes} min of breaks left out)${r.uptime.gamesUnseen ? `; ${r.uptime.gamesUnseen} scheduled game(s) never seen` : ''}`,
    `  calibration ${r.calibration.brierPpm === null ? 'no settled signals' : `Brier ${(r.calibration.brierPpm / 1e6).toFixed(4)} on ${r.calibration.signals} signal(s) of settled markets`}`,
  ];
  if (t.best)
    lines.push(
      `  best        ${usd(t.best.pnl)} ${t.best.instrumentId} ${t.best.side} (closed ${time(t.best.closedTs)})`,
    );
  if (t.worst && t.worst !== t.best)
    lines.push(
      `  worst       ${usd(t.worst.pnl)} ${t.worst.instrumentId} ${t.worst.side} (closed ${time(t.worst.closedTs)})`,
    );
  lines.push(`  issues      ${r.issues.count}`);
  for (const i of r.issues.list)
    lines.push(`    ${time(i.ts)} ${i.kind} ${i.subject} by ${i.origin}: ${i.reason}`);
  lines.push(`  manual interventions ${r.interventions.count}`);
  for (const i of r.interventions.list)
    lines.push(`    ${time(i.ts)} ${i.action} ${i.scope} by ${i.actor}: ${i.reason}`);
  return `${lines.join('\n')}\n`;
}

export function renderValidationTable(table: ValidationTable): string {
  const head = ['date', 'uptime', 'trades', 'wins', 'losses', 'P&L', 'issues', 'interventions'];
  const rows = table.rows.map((r) => [
    r.day,
    pct(r.uptimePpm),
    String(r.trades),
    String(r.wins),
    String(r.losses),
    usd(r.pnl),
    String(r.issues),
    String(r.interventions),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  const m = table.matrix;
  const th = m.thresholds;
  return [
    'Daily validation table (newest first)',
    line(head),
    ...rows.map(line),
    '',
    `AWS decision matrix: ${m.decision.toUpperCase()}`,
    `  ${m.reason}`,
    `  inputs: ${m.inputs.daysConsidered} day(s) ${m.inputs.firstDay ?? '-'}..${m.inputs.lastDay ?? '-'}, mean daily P&L ${usd(m.inputs.meanDailyPnl)} (total ${usd(m.inputs.totalPnl)}, ${m.inputs.profitableDays} profitable day(s)), mean uptime ${pct(m.inputs.meanUptimePpm)} over ${m.inputs.daysWithUptime} day(s) with live games`,
    `  thresholds: ${th.days} days, mean daily P&L at least ${usd(th.minDailyProfit)}, uptime at least ${pct(th.minUptimePpm)} (ARBEES_AWS_*)`,
    '',
  ].join('\n');
}
