/** Signals: each with the risk engine's decision, and the reasons of a denial. */
import { useState } from 'react';
import type { SignalsQuery } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { DataTable } from '../DataTable.js';
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
      <DataTable
        scroll
        testId="signals"
        columns={['when', 'kind', 'instrument', 'model', 'price', 'edge', 'decision']}
        rows={signals.data?.signals ?? []}
        rowKey={(s) => s.signalId}
        cells={(s) => [
          time(s.ts),
          s.kind,
          `${s.instrumentId} ${s.action} ${s.side}`,
          percent(s.modelProbPpm),
          cents(s.price),
          percent(s.edgePpm),
          <span key="decision" className={s.decision?.approved ? 'gain' : 'loss'}>
            {s.decision
              ? s.decision.approved
                ? 'approved'
                : `denied: ${s.decision.reasons.join(', ')}`
              : 'undecided'}
          </span>,
        ]}
      />
    </div>
  );
}
