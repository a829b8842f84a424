/** Event builders for the store tests: typed events from plain numbers, branded with core helpers. */
import {
  asClientOrderId,
  asEventId,
  asFillId,
  asGameId,
  asInstrumentId,
  asLedgerTxId,
  asOutcomeId,
  asSignalId,
  asVenueOrderId,
  type BookSnapshot,
  type ClientOrderId,
  centis,
  type FillReceived,
  type GameStateUpdated,
  type LedgerPosted,
  type MarketMapped,
  micros,
  type OrderEvent,
  type OrderIntent,
  type PositionChanged,
  type Ppm,
} from '../../core/index.js';

export const GAME = asGameId('nfl-2019-w1-NE-PIT');
export const INSTRUMENT = asInstrumentId('kalshi:KXNFLGAME-19SEP08PITNE-NE');
/** 2019-09-08 20:20 UTC, a Sunday-night kick-off. */
export const T0 = Date.UTC(2019, 8, 8, 20, 20, 0);
export const T1 = Date.UTC(2020, 11, 27, 18, 0, 0, 123);

export function gameState(n: number, ts: number): GameStateUpdated {
  return {
    type: 'GameStateUpdated',
    id: asEventId(`espn:${ts}:${n}`),
    ts,
    gameId: GAME,
    state: {
      sport: 'nfl',
      gameId: GAME,
      status: 'in',
      quarter: 1 + (n % 4),
      clockSeconds: 900 - n,
      gameSecondsRemaining: 3600 - n,
      homeScore: n % 7,
      awayScore: 0,
      possession: n % 2 === 0 ? 'home' : null,
      down: n % 2 === 0 ? 1 + (n % 4) : null,
      distance: n % 2 === 0 ? 10 : null,
      yardline100: n % 2 === 0 ? 75 : null,
      homeTimeouts: 3,
      awayTimeouts: 2,
      playSeq: n,
    },
  };
}

export function quote(n: number, ts: number): BookSnapshot {
  return {
    type: 'BookSnapshot',
    id: asEventId(`md:${ts}:${n}`),
    ts,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    bids: [
      { price: micros(550_000), qty: centis(1_000 + n) },
      { price: micros(540_000), qty: centis(500) },
    ],
    asks: [{ price: micros(570_000), qty: centis(800) }],
    venueTs: ts - 5,
  };
}

export function market(): MarketMapped {
  return {
    type: 'MarketMapped',
    id: asEventId('mkt:1'),
    ts: T0,
    instrument: {
      instrumentId: INSTRUMENT,
      venue: 'kalshi',
      symbol: 'KXNFLGAME-19SEP08PITNE-NE',
      gameId: GAME,
      outcomeId: asOutcomeId(`${GAME}/home_win`),
      outcome: 'home_win',
      tickSize: micros(10_000),
      fees: { kind: 'kalshi_quadratic', multiplierPpm: 1_000_000, makerFees: false },
      settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
      simulated: true,
    },
  };
}

export function intent(leg: number, ts = T0): OrderIntent {
  const signalId = asSignalId('sig:1');
  return {
    type: 'OrderIntent',
    id: asEventId(`intent:${leg}`),
    ts,
    clientOrderId: asClientOrderId(`${signalId}.L${leg}`),
    signalId,
    leg,
    gameId: GAME,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    qty: centis(10_000),
    limitPrice: micros(570_000),
    tif: 'IOC',
    legCount: 1,
    purpose: 'entry',
  };
}

/** The lifecycle of an order: submitted, accepted, partly filled, filled (cumulative qty). */
export function orderLifecycle(coid: ClientOrderId, ts: number): OrderEvent[] {
  const base = { clientOrderId: coid, instrumentId: INSTRUMENT, venue: 'kalshi' as const };
  return [
    { ...base, type: 'OrderSubmitted', id: asEventId(`${coid}:sub`), ts },
    { ...base, type: 'OrderAccepted', id: asEventId(`${coid}:acc`), ts, venueOrderId: asVenueOrderId('v-1') },
    {
      ...base,
      type: 'OrderPartiallyFilled',
      id: asEventId(`${coid}:pf`),
      ts: ts + 1,
      filledQty: centis(4_000),
      leavesQty: centis(6_000),
    },
    { ...base, type: 'OrderFilled', id: asEventId(`${coid}:f`), ts: ts + 2, filledQty: centis(10_000) },
  ];
}

export function fill(n: number, coid: ClientOrderId, ts: number): FillReceived {
  return {
    type: 'FillReceived',
    id: asEventId(`fill-evt:${n}`),
    ts,
    fillId: asFillId(`kalshi-fill-${n}`),
    clientOrderId: coid,
    gameId: GAME,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    price: micros(560_000 + n * 10_000),
    qty: centis(2_500),
    fee: micros(430_000),
    liquidity: n % 2 === 0 ? 'taker' : 'maker',
  };
}

export function ledger(n: number, amount: number, ts: number): LedgerPosted {
  return {
    type: 'LedgerPosted',
    id: asEventId(`ledger-evt:${n}`),
    ts,
    txId: asLedgerTxId(`tx:${n}`),
    kind: 'trade',
    postings: [
      { account: 'kalshi:positions', amount: micros(amount) },
      { account: 'kalshi:fees', amount: micros(1_000) },
      { account: 'kalshi:cash', amount: micros(-amount - 1_000) },
    ],
    ref: `kalshi-fill-${n}`,
    memo: `trade ${n}`,
  };
}

export function position(qty: number, ts: number, id: string): PositionChanged {
  return {
    type: 'PositionChanged',
    id: asEventId(id),
    ts,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    gameId: GAME,
    side: 'yes',
    qty: centis(qty),
    costBasis: micros(qty * 5_600),
    realizedPnl: micros(0),
  };
}

export const ppm = (n: number) => n as Ppm;
