/**
 * Risk: every scope's trading state with its reason and who set it, the operator's controls
 * (halt, reduce, resume a scope, or cancel its resting orders, with a reason, behind a confirm
 * step) and the audit trail.
 * A viewer sees the controls disabled; the API refuses them anyway (403).
 */
import { useState } from 'react';
import type { ApiRole, ControlActionName, StatusResponse } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { DataTable } from '../DataTable.js';
import { time } from '../format.js';
import { usePoll } from '../hooks.js';

type Action = ControlActionName | 'cancel-all';

interface Pending {
  readonly action: Action;
  readonly scope: string;
  readonly reason: string;
}

export function RiskPage(props: {
  readonly api: ApiClient;
  readonly role: ApiRole;
  readonly status: StatusResponse | null;
  readonly onChanged: () => void;
  readonly tick: number;
}) {
  const { api, status } = props;
  const actions = usePoll(() => api.get('/api/control/actions', { limit: '50' }), 5_000, props.tick);
  const [scope, setScope] = useState('global');
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const operator = props.role === 'operator';
  const states = [...(status?.tradingStates ?? [])].sort((a, b) => a.scope.localeCompare(b.scope));
  const global = states.find((s) => s.scope === 'global');

  const ask = (action: Action) => {
    if (!reason.trim()) {
      setOutcome({ ok: false, text: 'Say why: the reason is kept with the state.' });
      return;
    }
    setOutcome(null);
    setPending({ action, scope: scope.trim(), reason: reason.trim() });
  };
  const confirm = async () => {
    if (!pending) return;
    const p = pending;
    setPending(null);
    try {
      if (p.action === 'cancel-all') {
        const r = await api.cancelAll({ scope: p.scope, reason: p.reason });
        setOutcome({ ok: true, text: `cancel-all ${r.action.scope}: asked of execution` });
      } else {
        const r = await api.control(p.action, { scope: p.scope, reason: p.reason });
        setOutcome({ ok: true, text: `${r.action.action} ${r.state.scope}: now ${r.state.state}` });
      }
      setReason('');
      props.onChanged();
      actions.refresh();
    } catch (e) {
      setOutcome({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div>
      <p className="global-state" data-testid="global-state">
        Trading (global): <b className={`state ${global?.state ?? 'ACTIVE'}`}>{global?.state ?? 'ACTIVE'}</b>
        {global ? ` — ${global.reason} (${global.origin}, ${time(global.ts)})` : ''}
      </p>
      <table>
        <thead>
          <tr>
            <th>scope</th>
            <th>state</th>
            <th>reason</th>
            <th>set by</th>
            <th>when</th>
          </tr>
        </thead>
        <tbody data-testid="states">
          {states.map((s) => (
            <tr key={s.scope}>
              <td>{s.scope}</td>
              <td>
                <span className={`state ${s.state}`}>{s.state}</span>
              </td>
              <td>{s.reason}</td>
              <td>{s.origin}</td>
              <td>
                {time(s.ts)}
                {s.untilTs ? ` until ${time(s.untilTs)}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Controls</h2>
      {!operator && (
        <p className="note" data-testid="read-only">
          Signed in as a viewer: read only. The controls need an operator token.
        </p>
      )}
      <form className="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          scope
          <input value={scope} onChange={(e) => setScope(e.target.value)} disabled={!operator} />
        </label>
        <label>
          reason
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="why (kept with the state)"
            disabled={!operator}
            data-testid="reason"
          />
        </label>
        <div className="buttons">
          {(['halt', 'reduce', 'resume', 'cancel-all'] as const).map((a) => (
            <button key={a} type="button" className={a} disabled={!operator} onClick={() => ask(a)}>
              {a}
            </button>
          ))}
        </div>
      </form>
      {pending && (
        <div className="confirm" role="dialog" aria-label="confirm">
          <p>
            {pending.action === 'cancel-all' ? 'CANCEL every resting order in' : pending.action.toUpperCase()}{' '}
            {pending.scope}: “{pending.reason}”?
          </p>
          <button type="button" className={pending.action} onClick={confirm}>
            Yes, {pending.action}
          </button>
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {outcome && (
        <p className={outcome.ok ? 'ok' : 'error'} data-testid="outcome">
          {outcome.text}
        </p>
      )}

      <h2>Audit trail</h2>
      <DataTable
        testId="audit"
        columns={['when', 'who', 'what', 'why']}
        rows={actions.data?.actions ?? []}
        rowKey={(a) => a.actionId}
        cells={(a) => [time(a.ts), a.actor, `${a.action} ${a.scope}`, a.reason]}
      />
    </div>
  );
}
