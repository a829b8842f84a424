/** Positions & P&L: the bankroll now, open positions (an operator may flatten one), and the bankroll curve. */
import { useMemo, useState } from 'react';
import type { ApiRole, PositionView } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { contracts, dollars, time } from '../format.js';
import { usePoll } from '../hooks.js';
import { type ChartSeries, TimeChart } from '../TimeChart.js';
import { FlattenForm } from './Flatten.js';

export function PnlPage(props: { readonly api: ApiClient; readonly role: ApiRole; readonly tick: number }) {
  const { api } = props;
  const [flattening, setFlattening] = useState<PositionView | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
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
            <th />
          </tr>
        </thead>
        <tbody data-testid="positions">
          {open.map((p) => (
            <tr key={`${p.instrumentId}:${p.side}`}>
              <td>{p.instrumentId}</td>
              <td>{p.side}</td>
              <td>{contracts(p.qty)}</td>
              <td>{dollars(p.costBasis)}</td>
              <td>{dollars(p.realizedPnl)}</td>
              <td>{time(p.ts)}</td>
              <td>
                {props.role === 'operator' && (
                  <button type="button" className="link-button" onClick={() => setFlattening(p)}>
                    flatten
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {flattening && (
        <FlattenForm
          key={`${flattening.instrumentId}:${flattening.side}`}
          api={api}
          position={flattening}
          onCancel={() => setFlattening(null)}
          onDone={(text, ok) => {
            setFlattening(null);
            setOutcome({ ok, text });
            positions.refresh();
          }}
        />
      )}
      {outcome && (
        <p className={outcome.ok ? 'ok' : 'error'} data-testid="outcome">
          {outcome.text}
        </p>
      )}
    </div>
  );
}
