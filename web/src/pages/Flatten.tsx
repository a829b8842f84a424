/**
 * Flattening one position from the Positions page: the slippage allowed under the bid and a
 * reason, then a confirm step. Operators only; the API refuses anyone else (403).
 */
import { useState } from 'react';
import type { PositionView } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { cents, contracts } from '../format.js';

export function FlattenForm(props: {
  readonly api: ApiClient;
  readonly position: PositionView;
  readonly onDone: (text: string, ok: boolean) => void;
  readonly onCancel: () => void;
}) {
  const { position } = props;
  const [slippageCents, setSlippageCents] = useState('3');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const slippage = Math.round(Number(slippageCents) * 10_000);
  const valid = reason.trim() !== '' && Number.isFinite(slippage) && slippage >= 0;
  const send = async () => {
    try {
      const r = await props.api.flatten({
        instrumentId: position.instrumentId,
        side: position.side,
        maxSlippage: slippage,
        reason: reason.trim(),
      });
      props.onDone(
        `flatten sent: sell ${contracts(r.intent.qty)} ${r.intent.side} at ${cents(r.intent.limitPrice)} or better (bid ${cents(r.bid)})`,
        true,
      );
    } catch (e) {
      props.onDone(e instanceof Error ? e.message : String(e), false);
    }
  };
  return (
    <div className="confirm" role="dialog" aria-label="flatten">
      <p>
        Flatten {contracts(position.qty)} {position.side} of {position.instrumentId}: sell it all now, at most
        this far under the bid.
      </p>
      <label>
        slippage (¢){' '}
        <input value={slippageCents} onChange={(e) => setSlippageCents(e.target.value)} inputMode="decimal" />
      </label>
      <label>
        reason{' '}
        <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="flatten-reason" />
      </label>
      {confirming ? (
        <button type="button" className="halt" onClick={send}>
          Yes, sell it all
        </button>
      ) : (
        <button type="button" className="halt" disabled={!valid} onClick={() => setConfirming(true)}>
          Flatten…
        </button>
      )}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
