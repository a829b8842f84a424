/** Positions & P&L: the bankroll now, open positions, and the bankroll curve. */
import { useMemo } from 'react';
import type { ApiClient } from '../api.js';
import { contracts, dollars, time } from '../format.js';
import { usePoll } from '../hooks.js';
import { type ChartSeries, TimeChart } from '../TimeChart.js';

export function PnlPage(props: { readonly api: ApiClient; readonly tick: number }) {
  const { api } = props;
  const pnl = usePoll(() => api.get('/api/pnl'), 3_000, props.tick);
  const curve = usePoll(() => api.get('/api/pnl/curve', { limit: '1000' }), 5_000, props.tick);
  const positions = usePoll(() => api.get('/api/positions'), 3_000, props.tick);
  const series = useMemo<ChartSeries[]>(
    () => [
      {
        name: 'equity $',
        color: '#3fb950',
        style: 'line',
        points: (curve.data?.points ?? []).map((p) => ({ ts: p.ts, value: p.equity / 1e6 })),
      },
    ],
    [curve.data],
  );
  const b = pnl.data?.bankroll;
  const open = (positions.data?.positions ?? []).filter((p) => p.qty !== 0);
  return (
    <div>
      {b ? (
        <dl className="figures" data-testid="bankroll">
          <div>
            <dt>equity</dt>
            <dd>{dollars(b.equity)}</dd>
          </div>
          <div>
            <dt>cash</dt>
            <dd>{dollars(b.cash)}</dd>
          </div>
          <div>
            <dt>realized</dt>
            <dd className={b.realizedPnl < 0 ? 'loss' : 'gain'}>{dollars(b.realizedPnl)}</dd>
          </div>
          <div>
            <dt>unrealized</dt>
            <dd className={b.unrealizedPnl < 0 ? 'loss' : 'gain'}>{dollars(b.unrealizedPnl)}</dd>
          </div>
          <div>
            <dt>drawdown</dt>
            <dd>{dollars(b.drawdown)}</dd>
          </div>
          <div>
            <dt>peak</dt>
            <dd>{dollars(b.peakEquity)}</dd>
          </div>
        </dl>
      ) : (
        <p className="empty">{pnl.error ?? 'loading…'}</p>
      )}
      <h2>Bankroll curve (equity, dollars)</h2>
      <TimeChart series={series} height={240} dollars />
      <h2>Open positions ({open.length})</h2>
      <table>
        <thead>
          <tr>
            <th>instrument</th>
            <th>side</th>
            <th>qty</th>
            <th>cost</th>
            <th>realized</th>
            <th>as of</th>
          </tr>
        </thead>
        <tbody>
          {open.map((p) => (
            <tr key={`${p.instrumentId}:${p.side}`}>
              <td>{p.instrumentId}</td>
              <td>{p.side}</td>
              <td>{contracts(p.qty)}</td>
              <td>{dollars(p.costBasis)}</td>
              <td>{dollars(p.realizedPnl)}</td>
              <td>{time(p.ts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
