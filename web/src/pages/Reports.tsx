/**
 * Reports: a UTC day's report of the run (the seeds' nightly "hot wash"), the daily validation
 * table `arbees report` accumulates, and the AWS decision matrix on it with its inputs.
 */
import { useState } from 'react';
import type { StatusResponse } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { DataTable } from '../DataTable.js';
import { dollars, percent, time } from '../format.js';
import { usePoll } from '../hooks.js';

const pct = (ppm: number | null) => (ppm === null ? '-' : percent(ppm));
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function ReportsPage(props: { readonly api: ApiClient; readonly status: StatusResponse | null }) {
  const { api } = props;
  // Every 30 s, not on each of the run's ticks: a day's report replays the run's ledger.
  const table = usePoll(() => api.get('/api/reports/validation', { limit: '60' }), 30_000);
  const [chosen, setChosen] = useState<string | null>(null);
  const fallback = table.data?.rows[0]?.day ?? (props.status ? utcDay(props.status.run.startedTs) : null);
  const day = chosen ?? fallback;
  const report = usePoll(() => (day ? api.dailyReport(day) : Promise.resolve(null)), 30_000, day);
  const r = report.data?.report;
  const m = table.data?.matrix;
  return (
    <div>
      <h2>Daily report</h2>
      <div className="filters">
        <label>
          UTC day{' '}
          <input
            type="date"
            data-testid="report-day"
            value={day ?? ''}
            onChange={(e) => e.target.value && setChosen(e.target.value)}
          />
        </label>
      </div>
      {report.error && <p className="error">{report.error}</p>}
      {r && (
        <table data-testid="daily-report">
          <tbody>
            <tr>
              <th>trades</th>
              <td>
                {r.trades.count} closed: {r.trades.wins} won, {r.trades.losses} lost; win rate{' '}
                {pct(r.trades.winRatePpm)}
              </td>
            </tr>
            <tr>
              <th>P&amp;L after fees</th>
              <td>
                {dollars(r.pnl.realizedAfterFees)} (fees {dollars(r.pnl.feesPaid)} on {r.pnl.fills} fills)
              </td>
            </tr>
            <tr>
              <th>drawdown</th>
              <td>
                {dollars(r.drawdown.maxDrawdown)} ({pct(r.drawdown.maxDrawdownPpm)} of its peak)
              </td>
            </tr>
            <tr>
              <th>uptime</th>
              <td>
                {pct(r.uptime.uptimePpm)}: {r.uptime.watchedMinutes} of {r.uptime.liveMinutes} live
                game-minutes watched
              </td>
            </tr>
            <tr>
              <th>calibration</th>
              <td>
                {r.calibration.brierPpm === null
                  ? 'no settled signals'
                  : `Brier ${(r.calibration.brierPpm / 1e6).toFixed(4)} on ${r.calibration.signals} signals`}
              </td>
            </tr>
            <tr>
              <th>best / worst</th>
              <td>
                {r.trades.best ? `${dollars(r.trades.best.pnl)} ${r.trades.best.instrumentId}` : '-'} /{' '}
                {r.trades.worst ? `${dollars(r.trades.worst.pnl)} ${r.trades.worst.instrumentId}` : '-'}
              </td>
            </tr>
            <tr>
              <th>issues</th>
              <td>
                {r.issues.count}
                {r.issues.list.map((i) => (
                  <div key={`${i.ts}:${i.subject}`}>
                    {time(i.ts)} {i.kind} {i.subject} by {i.origin}: {i.reason}
                  </div>
                ))}
              </td>
            </tr>
            <tr>
              <th>manual interventions</th>
              <td>
                {r.interventions.count}
                {r.interventions.list.map((i) => (
                  <div key={`${i.ts}:${i.action}:${i.scope}`}>
                    {time(i.ts)} {i.action} {i.scope} by {i.actor}: {i.reason}
                  </div>
                ))}
              </td>
            </tr>
          </tbody>
        </table>
      )}
      <h2>AWS decision matrix</h2>
      {table.error && <p className="error">{table.error}</p>}
      {m && (
        <div data-testid="decision">
          <p>
            <strong>{m.decision.toUpperCase()}</strong>: {m.reason}
          </p>
          <p>
            {m.inputs.daysConsidered} day(s) {m.inputs.firstDay ?? '-'} to {m.inputs.lastDay ?? '-'}: mean
            daily P&amp;L {dollars(m.inputs.meanDailyPnl)}, mean uptime {pct(m.inputs.meanUptimePpm)}. Needs{' '}
            {m.thresholds.days} days, {dollars(m.thresholds.minDailyProfit)} a day and{' '}
            {pct(m.thresholds.minUptimePpm)} uptime.
          </p>
        </div>
      )}
      <h2>Daily validation table</h2>
      <DataTable
        scroll
        testId="validation"
        columns={['date', 'uptime', 'trades', 'wins', 'losses', 'P&L', 'issues', 'interventions']}
        rows={table.data?.rows ?? []}
        rowKey={(row) => row.day}
        cells={(row) => [
          row.day,
          pct(row.uptimePpm),
          row.trades,
          row.wins,
          row.losses,
          dollars(row.pnl),
          row.issues,
          row.interventions,
        ]}
      />
      {table.data?.rows.length === 0 && (
        <p>No day reported yet: arbees report --day YYYY-MM-DD stores one.</p>
      )}
    </div>
  );
}
