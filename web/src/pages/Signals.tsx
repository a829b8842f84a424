/** Signals: each with the risk engine's decision, and the reasons of a denial. */
import { useState } from 'react';
import type { SignalsQuery } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { cents, percent, time } from '../format.js';
import { usePoll } from '../hooks.js';

type Decision = NonNullable<SignalsQuery['decision']>;

export function SignalsPage(props: { readonly api: ApiClient; readonly tick: number }) {
  const { api } = props;
  const [decision, setDecision] = useState<Decision>('all');
  const signals = usePoll(
    () => api.get('/api/signals', { decision, limit: '200' }),
    3_000,
    `${props.tick}:${decision}`,
  );
  return (
    <div>
      <div className="filters">
        {(['all', 'approved', 'denied', 'undecided'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className={d === decision ? 'chosen' : ''}
            onClick={() => setDecision(d)}
          >
            {d}
          </button>
        ))}
      </div>
      {signals.error && <p className="error">{signals.error}</p>}
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>when</th>
              <th>kind</th>
              <th>instrument</th>
              <th>model</th>
              <th>price</th>
              <th>edge</th>
              <th>decision</th>
            </tr>
          </thead>
          <tbody data-testid="signals">
            {(signals.data?.signals ?? []).map((s) => (
              <tr key={s.signalId}>
                <td>{time(s.ts)}</td>
                <td>{s.kind}</td>
                <td>
                  {s.instrumentId} {s.action} {s.side}
                </td>
                <td>{percent(s.modelProbPpm)}</td>
                <td>{cents(s.price)}</td>
                <td>{percent(s.edgePpm)}</td>
                <td className={s.decision?.approved ? 'gain' : 'loss'}>
                  {s.decision
                    ? s.decision.approved
                      ? 'approved'
                      : `denied: ${s.decision.reasons.join(', ')}`
                    : 'undecided'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
