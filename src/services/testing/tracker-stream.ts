/**
 * What the position tracker's restart tests feed it: six orders on two instruments (buys, sales
 * at a profit, a settlement, a position left open), each fill journaled by execution before it is
 * published, and a summary of the portfolio a run ends with, from the store and from memory.
 */
import type {
  ArbeesEvent,
  FillReceived,
  MarketSettled,
  OrderFilled,
  OrderIntent,
} from '../../core/events.js';
import {
  asClientOrderId,
  asEventId,
  asFillId,
  asInstrumentId,
  asSignalId,
  type InstrumentId,
  type RunId,
} from '../../core/ids.js';
import type { ContractSide } from '../../core/instruments.js';
import { type Centis, type Micros, micros } from '../../core/money.js';
import type { PortfolioProjector } from '../../portfolio/projector.js';
import type { Store } from '../../store/port.js';
import { GAME, INSTRUMENT, market, T0 } from '../../store/testing/fixtures.js';

export const OTHER = asInstrumentId('kalshi:KXNFLGAME-19SEP08PITNE-PIT');
export const deposits = [
  { venue: 'kalshi' as const, amount: micros(500_000_000) },
  { venue: 'polymarket' as const, amount: micros(500_000_000) },
];

interface Trade {
  readonly n: number;
  readonly instrumentId: InstrumentId;
  readonly side: ContractSide;
  readonly action: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
}

/** An order, its fill and its end, as execution journals and publishes them. */
function order(t: Trade): { intent: OrderIntent; fill: FillReceived; ended: OrderFilled } {
  const ts = T0 + t.n * 60_000;
  const coid = asClientOrderId(`sig:${t.n}.L1`);
  const base = { gameId: GAME, instrumentId: t.instrumentId, venue: 'kalshi' as const, side: t.side };
  return {
    intent: {
      ...base,
      type: 'OrderIntent',
      id: asEventId(`intent:${t.n}`),
      ts,
      clientOrderId: coid,
      signalId: asSignalId(`sig:${t.n}`),
      leg: 1,
      action: t.action,
      qty: t.qty as Centis,
      limitPrice: (t.price + 10_000) as Micros,
      tif: 'IOC',
      legCount: 1,
      purpose: t.action === 'buy' ? 'entry' : 'exit',
    },
    fill: {
      ...base,
      type: 'FillReceived',
      id: asEventId(`fill-evt:${t.n}`),
      ts: ts + 1,
      fillId: asFillId(`kalshi-fill-${t.n}`),
      clientOrderId: coid,
      action: t.action,
      price: t.price as Micros,
      qty: t.qty as Centis,
      fee: micros(70_000 + t.n * 1_000),
      liquidity: 'taker',
    },
    ended: {
      type: 'OrderFilled',
      id: asEventId(`${coid}:f`),
      ts: ts + 2,
      clientOrderId: coid,
      instrumentId: t.instrumentId,
      venue: 'kalshi',
      filledQty: t.qty as Centis,
    },
  };
}

export const trades: Trade[] = [
  { n: 1, instrumentId: INSTRUMENT, side: 'yes', action: 'buy', qty: 2_500, price: 560_000 },
  { n: 2, instrumentId: OTHER, side: 'no', action: 'buy', qty: 4_000, price: 400_000 },
  { n: 3, instrumentId: INSTRUMENT, side: 'yes', action: 'buy', qty: 3_000, price: 600_000 },
  { n: 4, instrumentId: OTHER, side: 'no', action: 'buy', qty: 1_000, price: 350_000 },
  { n: 5, instrumentId: INSTRUMENT, side: 'yes', action: 'sell', qty: 2_000, price: 700_000 },
  { n: 6, instrumentId: INSTRUMENT, side: 'yes', action: 'sell', qty: 3_000, price: 800_000 },
];
const settled: MarketSettled = {
  type: 'MarketSettled',
  id: asEventId('settled:other'),
  ts: T0 + 5 * 60_000 + 30_000,
  instrumentId: OTHER,
  venue: 'kalshi',
  result: 'yes',
};

export interface StreamItem {
  readonly event: ArbeesEvent;
  /** A fill execution journals in the store before it publishes it. */
  readonly journal?: FillReceived;
}

/** The stream the tracker reads, in order. */
export function stream(): StreamItem[] {
  const out: StreamItem[] = [{ event: market() }];
  for (const t of trades) {
    const o = order(t);
    out.push({ event: o.intent }, { event: o.fill, journal: o.fill }, { event: o.ended });
    if (t.n === 5) out.push({ event: settled });
  }
  return out;
}

/** The portfolio a run ends with: the stored ledger and positions, and the tracker's memory. */
export async function summary(store: Store, runId: RunId, projector: PortfolioProjector) {
  const ledger = await store.listLedger(runId);
  const trial = await store.trialBalance(runId);
  const positions = (await store.listPositions(runId))
    .map((p) => ({ key: `${p.instrumentId}|${p.side}`, qty: p.qty, cost: p.costBasis, pnl: p.realizedPnl }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const count = (kind: string) => ledger.filter((t) => t.kind === kind).length;
  return {
    trial: trial.filter((r) => r.balance !== 0),
    imbalance: trial.reduce((s, r) => s + r.balance, 0),
    positions,
    deposits: count('deposit'),
    trades: count('trade'),
    tradeRefs: new Set(ledger.filter((t) => t.kind === 'trade').map((t) => t.ref)).size,
    settlements: count('settlement'),
    reservations: count('reservation'),
    releases: count('release'),
    txIds: new Set(ledger.map((t) => t.txId)).size,
    transactions: ledger.length,
    memory: {
      cash: projector.portfolio.cash('kalshi'),
      reserved: projector.portfolio.reservedTotal(),
      realized: projector.portfolio.realizedTotal(),
      open: projector.portfolio
        .openPositions()
        .map((p) => ({ ...p }))
        .sort((a, b) => a.instrumentId.localeCompare(b.instrumentId)),
    },
  };
}
