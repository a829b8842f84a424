/**
 * An operator's flatten: sell the whole of a position now, immediate-or-cancel, at no less than
 * the held side's best bid less a stated slippage. The order goes to execution as an OrderIntent
 * of purpose `exit` (it only shrinks a position, so no risk limit stands in its way); the audit
 * record is written first. Refused, naming why, when there is no such position or no bid.
 */
import { randomBytes } from 'node:crypto';
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { OrderIntent } from '../core/events.js';
import {
  asEventId,
  asGameId,
  asInstrumentId,
  asSignalId,
  clientOrderIdFor,
  type RunId,
} from '../core/ids.js';
import type { ContractSide } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import type { ApiTokenRecord, ControlActionRecord, Store } from '../store/port.js';
import { newActionId } from './control.js';

const ONE_DOLLAR = 1_000_000;
/** Prices go in whole cents: every venue takes them. */
const CENT = 10_000;

export interface FlattenRequest {
  readonly runId: RunId;
  readonly instrumentId: string;
  readonly side: ContractSide;
  readonly maxSlippage: number;
  readonly reason: string;
  readonly by: Pick<ApiTokenRecord, 'name' | 'tokenId'>;
}

export type FlattenOutcome =
  | {
      readonly kind: 'sent';
      readonly action: ControlActionRecord;
      readonly intent: OrderIntent;
      readonly bid: number;
      readonly published: boolean;
    }
  | { readonly kind: 'refused'; readonly field: string; readonly error: string };

export async function applyFlatten(
  deps: { readonly store: Store; readonly bus: Bus | null; readonly clock: Clock },
  req: FlattenRequest,
): Promise<FlattenOutcome> {
  const position = (await deps.store.listPositions(req.runId)).find(
    (p) => p.instrumentId === req.instrumentId && p.side === req.side && p.qty > 0,
  );
  if (!position)
    return {
      kind: 'refused',
      field: 'instrumentId',
      error: `no open ${req.side} position in ${req.instrumentId}`,
    };
  const [game] = await deps.store.listGames(req.runId, { gameId: position.gameId, limit: 1 });
  const quote = game?.markets.find((m) => m.instrumentId === req.instrumentId)?.quote ?? null;
  // The held side's bid: a yes sells into the bids, a no into the asks' complement.
  const bid =
    req.side === 'yes' ? quote?.bestBid : quote?.bestAsk == null ? null : ONE_DOLLAR - quote.bestAsk;
  if (bid == null || bid <= 0)
    return {
      kind: 'refused',
      field: 'instrumentId',
      error: `no bid for the ${req.side} side of ${req.instrumentId}`,
    };
  const limitPrice = Math.max(CENT, Math.floor((bid - req.maxSlippage) / CENT) * CENT) as Micros;

  const ts = deps.clock.now();
  // Short: it becomes the client order id a venue keeps.
  const signalId = asSignalId(`op-flat-${ts.toString(36)}-${randomBytes(3).toString('hex')}`);
  const intent: OrderIntent = {
    type: 'OrderIntent',
    id: asEventId(`operator:flatten:${signalId}`),
    ts,
    clientOrderId: clientOrderIdFor(signalId, 0),
    signalId,
    leg: 0,
    gameId: asGameId(position.gameId),
    instrumentId: asInstrumentId(req.instrumentId),
    venue: position.venue,
    side: req.side,
    action: 'sell',
    qty: position.qty as Centis,
    limitPrice,
    tif: 'IOC',
    legCount: 1,
    purpose: 'exit',
  };
  const action: ControlActionRecord = {
    actionId: newActionId(ts),
    ts,
    actor: `${req.by.name} (${req.by.tokenId})`,
    action: 'flatten',
    scope: `${req.instrumentId} ${req.side}`,
    reason: req.reason,
    eventId: deps.bus ? intent.id : null,
  };
  await deps.store.recordControlAction(req.runId, action);
  await deps.bus?.publish(intent);
  return { kind: 'sent', action, intent, bid, published: deps.bus !== null };
}
