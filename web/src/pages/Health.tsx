/** Health: the run, the live-update connection, the books' ages, the reconciler's verdicts and alerts. */
import type { GameView, StatusResponse } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { time } from '../format.js';
import { usePoll } from '../hooks.js';
import type { LiveEvent, LiveState } from '../live-socket.js';

export function HealthPage(props: {
  readonly api: ApiClient;
  readonly status: StatusResponse | null;
  readonly games: readonly GameView[];
  readonly liveState: LiveState;
  readonly alerts: readonly LiveEvent[];
  readonly tick: number;
}) {
  const { api, status, games } = props;
  const recon = usePoll(() => api.get('/api/reconciliation', { limit: '20' }), 5_000, props.tick);
  const run = status?.run;
  const quotes = games.flatMap((g) =>
    g.markets.flatMap((m) => (m.quote && !m.settledResult ? [{ id: m.instrumentId, ts: m.quote.ts }] : [])),
  );
  // A replay's clock is the replay's: ages are measured from its latest book, not from the wall.
  const replayed = run?.mode === 'replay' || run?.mode === 'backtest';
  const now = replayed ? Math.max(0, ...quotes.map((q) => q.ts)) : Date.now();
  return (
    <div>
      <dl className="figures">
        <div>
          <dt>run</dt>
          <dd>{run ? `${run.runId} (${run.mode})` : '–'}</dd>
        </div>
        <div>
          <dt>status</dt>
          <dd>{run?.status ?? '–'}</dd>
        </div>
        <div>
          <dt>started</dt>
          <dd>{run ? time(run.startedTs) : '–'}</dd>
        </div>
        <div>
          <dt>live updates</dt>
          <dd className={props.liveState === 'live' ? 'gain' : 'loss'}>{props.liveState}</dd>
        </div>
      </dl>
      <h2>Reconciliation</h2>
      <p>
        {recon.data?.current
          ? `${recon.data.current.state}: ${recon.data.current.reason} (${time(recon.data.current.ts)})`
          : 'no verdict yet'}
      </p>
      <h2>Books (open markets){replayed ? ', age on the replay clock' : ''}</h2>
      <table>
        <thead>
          <tr>
            <th>market</th>
            <th>last book</th>
            <th>age</th>
          </tr>
        </thead>
        <tbody>
          {quotes.map((q) => (
            <tr key={q.id}>
              <td>{q.id}</td>
              <td>{time(q.ts)}</td>
              <td>{Math.round((now - q.ts) / 1000)} s</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Alerts</h2>
      {props.alerts.length === 0 ? (
        <p className="empty">None since this page opened.</p>
      ) : (
        <ul>
          {props.alerts.map((a) => (
            <li key={a.event.id}>
              {time(a.event.ts)} {a.event.type} {JSON.stringify(a.event).slice(0, 200)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
