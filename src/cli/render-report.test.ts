import { describe, expect, it } from 'vitest';
import type { Micros } from '../core/money.js';
import { runStatistics } from '../portfolio/game-statistics.js';
import { buildRunReport, type ReportInputs } from '../portfolio/report.js';
import { renderReport } from './render-report.js';

const BANKROLL = 10_000_000_000 as Micros;

function inputs(closedPnls: number[], extra: Partial<ReportInputs> = {}): ReportInputs {
  return {
    mode: 'backtest',
    simulatedMarkets: true,
    games: closedPnls.length,
    gamesFinal: closedPnls.length,
    plays: 0,
    signals: 0,
    approved: 0,
    denied: 0,
    denials: {},
    orders: 0,
    ordersFilled: 0,
    ordersPartial: 0,
    ordersUnfilled: 0,
    ordersRejected: 0,
    fills: 0,
    contractsCentis: 0,
    fees: 0 as Micros,
    closedPnls,
    openPositions: 0,
    startingBankroll: BANKROLL,
    endingEquity: (BANKROLL + closedPnls.reduce((s, x) => s + x, 0)) as Micros,
    maxDrawdown: 0 as Micros,
    curve: [],
    predictions: [],
    ledgerImbalance: 0,
    ledgerTransactions: 0,
    illegalTransitions: 0,
    alerts: {},
    stateChanges: [],
    ...extra,
  };
}

describe('renderReport: the intervals', () => {
  it('prints each interval and the plain-words line when P&L could be no edge', () => {
    const pnls = [5_000_000, -4_000_000, 3_000_000, -6_000_000];
    const statistics = runStatistics(
      pnls.map((p, i) => ({ gameId: `g${i}`, day: `2021-01-0${i + 1}`, positionPnls: [p] })),
      { seed: 42, startingBankroll: BANKROLL },
    );
    const text = renderReport(buildRunReport(inputs(pnls, { statistics })), { runId: 'r', completed: true });
    expect(text).toContain(
      'How sure (95% intervals: percentile bootstrap over games, 2,000 resamples, seed 42)',
    );
    expect(text).toContain('  independent games       4 (4 traded) on 4 days');
    expect(text).toMatch(/ {2}P&L after fees {10}-\$2\.00 \(-\$\d+\.00 to \+\$\d+\.00\)/);
    expect(text).toMatch(/ {2}win rate {16}50\.0% \(\d+\.\d% to \d+\.\d%\)/);
    expect(text).toContain(
      '  verdict                 the 95% interval of P&L after fees includes zero: this run cannot tell this strategy from no edge',
    );
  });

  it('says nothing of intervals for a stored report that has none', () => {
    const text = renderReport(buildRunReport(inputs([1_000_000])), { runId: 'r', completed: true });
    expect(text).not.toContain('How sure');
  });
});
