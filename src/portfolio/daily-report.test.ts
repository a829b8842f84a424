import { describe, expect, it } from 'vitest';
import type {
  BankrollSnapshot,
  FillReceived,
  LedgerPosted,
  MarketSettled,
  TradingStateChanged,
} from '../core/events.js';
import { asClientOrderId, asEventId, asFillId, asGameId, asInstrumentId } from '../core/ids.js';
import { centis, micros } from '../core/money.js';
import {
  buildDailyReport,
  type DayRecords,
  ReportDayError,
  utcDayBounds,
  validationRowOf,
} from './daily-report.js';
import { PortfolioProjector } from './projector.js';
import { MINUTE_MS, measureUptime } from './uptime.js';

const D0 = Date.UTC(2020, 11, 25);
const H = 3_600_000;
const usd = (d: number) => micros(Math.round(d * 1_000_000));

function fill(
  n: number,
  instrument: string,
  action: 'buy' | 'sell',
  price: number,
  qty: number,
  fee: number,
  ts: number,
): FillReceived {
  return {
    type: 'FillReceived',
    id: asEventId(`fill-evt:${n}`),
    ts,
    fillId: asFillId(`f-${n}`),
    clientOrderId: asClientOrderId(`c-${n}`),
    gameId: asGameId('G1'),
    instrumentId: asInstrumentId(instrument),
    venue: 'kalshi',
    side: 'yes',
    action,
    price: usd(price),
    qty: centis(qty * 100),
    fee: usd(fee),
    liquidity: 'taker',
  };
}

const settled = (instrument: string, result: 'yes' | 'no', ts: number): MarketSettled => ({
  type: 'MarketSettled',
  id: asEventId(`settle:${instrument}`),
  ts,
  instrumentId: asInstrumentId(instrument),
  venue: 'kalshi',
  result,
});

/**
 * The day 2020-12-25 UTC: A bought the day before and sold at a profit (+$1.88), B bought and
 * settled worthless (-$5.09), C bought and settled paid (+$3.46), D bought and still open, E
 * closed the next day.
 */
function tradingDay(): { ledger: LedgerPosted[]; fills: FillReceived[] } {
  const fills = [
    fill(1, 'k:A', 'buy', 0.4, 10, 0.07, D0 - 0.5 * H),
    fill(2, 'k:A', 'sell', 0.6, 10, 0.05, D0 + 1 * H),
    fill(3, 'k:B', 'buy', 0.5, 10, 0.09, D0 + 2 * H),
    fill(4, 'k:C', 'buy', 0.3, 5, 0.04, D0 + 4 * H),
    fill(5, 'k:D', 'buy', 0.2, 5, 0.02, D0 + 6 * H),
    fill(6, 'k:E', 'buy', 0.2, 5, 0.02, D0 + 7 * H),
    fill(7, 'k:E', 'sell', 0.5, 5, 0.02, D0 + 25 * H),
  ];
  const p = new PortfolioProjector({ deposits: [{ venue: 'kalshi', amount: usd(1000) }] });
  const events = [...p.open(D0 - H)];
  const at = (ts: number) => [...fills.filter((f) => f.ts === ts).flatMap((f) => p.onFill(f, ts))];
  events.push(...at(D0 - 0.5 * H), ...at(D0 + H), ...at(D0 + 2 * H));
  events.push(...p.onSettled(settled('k:B', 'no', D0 + 3 * H), D0 + 3 * H));
  events.push(...at(D0 + 4 * H));
  events.push(...p.onSettled(settled('k:C', 'yes', D0 + 5 * H), D0 + 5 * H));
  events.push(...at(D0 + 6 * H), ...at(D0 + 7 * H), ...at(D0 + 25 * H));
  return { ledger: events.filter((e): e is LedgerPosted => e.type === 'LedgerPosted'), fills };
}

const snap = (n: number, ts: number, equity: number): BankrollSnapshot => ({
  type: 'BankrollSnapshot',
  id: asEventId(`b:${n}`),
  ts,
  cash: usd(equity),
  venueCash: {},
  equity: usd(equity),
  peakEquity: usd(equity),
  drawdown: micros(0),
  realizedPnl: micros(0),
  unrealizedPnl: micros(0),
  openPositions: 0,
});

const state = (
  n: number,
  ts: number,
  s: TradingStateChanged['state'],
  origin: TradingStateChanged['origin'],
  scope = 'global',
): TradingStateChanged => ({
  type: 'TradingStateChanged',
  id: asEventId(`ts:${n}`),
  ts,
  scope,
  state: s,
  reason: `reason ${n}`,
  origin,
});

const startMinute = (D0 + H) / MINUTE_MS;

function records(): DayRecords {
  return {
    openingBankroll: snap(0, D0 - 10, 1000),
    bankroll: [1002, 995, 1001, 990, 998].map((e, i) => snap(i + 1, D0 + i * H, e)),
    games: [
      // Live 60 minutes of the day; seen in minutes 0-30 and 50.
      {
        gameId: 'G1',
        sport: 'nfl',
        startTs: D0 + H,
        firstLiveTs: D0 + H + 30_000,
        firstLiveClock: 3590,
        lastStateTs: D0 + 2 * H - 60_000,
        finalTs: D0 + 2 * H,
      },
      // Scheduled during the day, nothing stored: unseen.
      {
        gameId: 'G2',
        sport: 'nba',
        startTs: D0 + 20 * H,
        firstLiveTs: null,
        firstLiveClock: null,
        lastStateTs: null,
        finalTs: null,
      },
      // Over the day before.
      {
        gameId: 'G3',
        sport: null,
        startTs: D0 - 5 * H,
        firstLiveTs: D0 - 5 * H,
        firstLiveClock: 3600,
        lastStateTs: D0 - 2 * H,
        finalTs: D0 - 2 * H,
      },
    ],
    activity: [
      ...Array.from({ length: 31 }, (_, i) => ({ gameId: 'G1', minute: startMinute + i })),
      { gameId: 'G1', minute: startMinute + 50 },
      { gameId: 'G3', minute: (D0 - 3 * H) / MINUTE_MS },
    ],
    // The clock ran 500 s through the gap of minutes 30-50: plays were missed, not a break.
    clock: [
      ...Array.from({ length: 31 }, (_, i) => ({
        gameId: 'G1',
        ts: (startMinute + i) * MINUTE_MS,
        gameSecondsRemaining: 3600 - 20 * i,
      })),
      { gameId: 'G1', ts: (startMinute + 50) * MINUTE_MS, gameSecondsRemaining: 2500 },
    ],
    tradingStates: [
      state(1, D0 + 3 * H, 'HALTED', 'rule'),
      state(2, D0 + 3.5 * H, 'REDUCING', 'execution', 'game:G1'),
      state(3, D0 + 4 * H, 'HALTED', 'operator'),
      state(4, D0 + 5 * H, 'ACTIVE', 'operator'),
      state(5, D0 + 5.5 * H, 'ACTIVE', 'rule'),
    ],
    rejectedOrders: [
      {
        ts: D0 + 2.5 * H,
        clientOrderId: 'c-9',
        venue: 'kalshi',
        instrumentId: 'k:B',
        reason: 'insufficient balance',
      },
    ],
    controlActions: [
      {
        ts: D0 + 4 * H,
        actor: 'alice (tok_1)',
        action: 'halt',
        scope: 'global',
        reason: 'reason 3',
        eventId: 'ts:3',
      },
    ],
    settledSignals: [
      {
        signalId: 's1',
        ts: D0 + H,
        instrumentId: 'k:B',
        side: 'yes',
        modelProbPpm: 700_000,
        settledResult: 'yes',
      },
      {
        signalId: 's2',
        ts: D0 + H,
        instrumentId: 'k:B',
        side: 'no',
        modelProbPpm: 600_000,
        settledResult: 'yes',
      },
    ],
  };
}

describe('the daily report of one UTC day', () => {
  const day = tradingDay();
  const report = buildDailyReport({
    runId: 'r',
    day: '2020-12-25',
    ...day,
    records: records(),
    watchWindowMinutes: 5,
  });

  it('counts the positions closed that day, their wins, losses, P&L after fees and fees paid', () => {
    expect(report.trades).toMatchObject({ count: 3, wins: 2, losses: 1, scratches: 0, winRatePpm: 666_667 });
    expect(report.trades.list.map((t) => [t.instrumentId, t.pnl])).toEqual([
      ['k:A', 1_880_000],
      ['k:B', -5_090_000],
      ['k:C', 3_460_000],
    ]);
    expect(report.trades.best?.instrumentId).toBe('k:C');
    expect(report.trades.worst?.pnl).toBe(-5_090_000);
    // A sold +1.88, B settled -5.09, C settled +3.46, fees included; fees of the sale of A and the buys of B-E.
    expect(report.pnl).toEqual({ realizedAfterFees: 250_000, feesPaid: 220_000, fills: 5 });
  });

  it('measures the intraday drawdown from the opening equity, the uptime, issues and interventions', () => {
    expect(report.drawdown).toEqual({
      maxDrawdown: 12_000_000,
      maxDrawdownPpm: 11_976, // $12 under the $1002 peak
      openingEquity: 1_000_000_000,
      closingEquity: 998_000_000,
      snapshots: 5,
    });
    // 60 live minutes; minutes 0-34 (seen 0-30, then 4 more within 5 minutes) and 50-54 watched.
    expect(report.uptime).toEqual({
      liveMinutes: 60,
      watchedMinutes: 40,
      uptimePpm: 666_667,
      gamesLive: 1,
      gamesUnseen: 1,
      breakMinutes: 0,
      watchWindowMinutes: 5,
    });
    expect(report.issues.list.map((i) => [i.kind, i.subject, i.origin])).toEqual([
      ['rejected-order', 'c-9', 'kalshi'],
      ['halt', 'global', 'rule'],
      ['reduce', 'game:G1', 'execution'],
    ]);
    // The API's halt (its state change counted once) and a resume from the command line.
    expect(report.interventions.list.map((i) => [i.action, i.actor])).toEqual([
      ['halt', 'alice (tok_1)'],
      ['resume', 'operator (cli)'],
    ]);
    expect(report.calibration).toEqual({ signals: 2, brierPpm: 225_000 }); // (0.09 + 0.36) / 2
    expect(validationRowOf(report)).toEqual({
      day: '2020-12-25',
      uptimePpm: 666_667,
      trades: 3,
      wins: 2,
      losses: 1,
      pnl: 250_000,
      issues: 3,
      interventions: 2,
    });
  });

  it('leaves a break in play (the game clock stood still across the gap) out of the live time', () => {
    const m0 = startMinute;
    const up = measureUptime({
      fromTs: D0,
      toTs: D0 + 24 * H,
      games: [
        {
          gameId: 'G1',
          sport: null,
          startTs: m0 * MINUTE_MS,
          firstLiveTs: m0 * MINUTE_MS,
          firstLiveClock: null,
          lastStateTs: null,
          finalTs: (m0 + 60) * MINUTE_MS,
        },
      ],
      // States in minutes 0-20 and 40-59; half time from minute 20 to 40 ran 10 game-seconds off.
      activity: [
        ...Array.from({ length: 21 }, (_, i) => m0 + i),
        ...Array.from({ length: 20 }, (_, i) => m0 + 40 + i),
      ].map((minute) => ({ gameId: 'G1', minute })),
      clock: [
        { gameId: 'G1', ts: (m0 + 20) * MINUTE_MS, gameSecondsRemaining: 1800 },
        { gameId: 'G1', ts: (m0 + 40) * MINUTE_MS, gameSecondsRemaining: 1790 },
      ],
      watchWindowMinutes: 5,
    });
    // Minutes 21-39 are the break; the other 41 were watched.
    expect(up).toMatchObject({ liveMinutes: 41, watchedMinutes: 41, uptimePpm: 1_000_000, breakMinutes: 19 });
  });

  it('starts a game at its first play when the run saw the kick-off late, at the schedule when it came late', () => {
    const m0 = startMinute;
    const late = (firstLiveClock: number) =>
      measureUptime({
        fromTs: D0,
        toTs: D0 + 24 * H,
        games: [
          {
            gameId: 'G1',
            sport: 'nba',
            startTs: m0 * MINUTE_MS,
            firstLiveTs: (m0 + 10) * MINUTE_MS,
            firstLiveClock,
            lastStateTs: (m0 + 40) * MINUTE_MS,
            finalTs: null,
          },
        ],
        activity: Array.from({ length: 31 }, (_, i) => ({ gameId: 'G1', minute: m0 + 10 + i })),
        clock: [],
        watchWindowMinutes: 5,
      });
    // The state at the full 48 minutes: the tip-off was 10 minutes late, all of the game watched.
    expect(late(2880)).toMatchObject({ liveMinutes: 30, watchedMinutes: 30 });
    // Ten game-minutes gone at the first state: the run came late, the first 10 minutes missed.
    expect(late(2280)).toMatchObject({ liveMinutes: 40, watchedMinutes: 30 });
  });

  it('reports an empty day as empty, with no rates it cannot know', () => {
    const empty = buildDailyReport({
      runId: 'r',
      day: '2020-12-20',
      ...day,
      records: {
        ...records(),
        openingBankroll: null,
        bankroll: [],
        games: [],
        tradingStates: [],
        rejectedOrders: [],
        controlActions: [],
        settledSignals: [],
      },
      watchWindowMinutes: 5,
    });
    expect(empty.trades).toMatchObject({ count: 0, winRatePpm: null, best: null });
    expect(empty.uptime.uptimePpm).toBeNull();
    expect(empty.drawdown.maxDrawdownPpm).toBeNull();
    expect(empty.calibration.brierPpm).toBeNull();
  });

  it('refuses a day that is not a calendar date, naming it', () => {
    expect(utcDayBounds('2020-12-25')).toEqual({ fromTs: D0, toTs: D0 + 24 * H });
    expect(() => utcDayBounds('20201225')).toThrow(/the day "20201225" is not a date of the form YYYY-MM-DD/);
    expect(() => utcDayBounds('2021-02-29')).toThrow(ReportDayError);
    expect(() => utcDayBounds('2020-13-01')).toThrow(/"2020-13-01" is not a date of the calendar/);
  });
});
