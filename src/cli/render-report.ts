/** The report as text for a person. */
import { formatMicros } from '../core/money.js';
import type { Estimate, RunStatistics } from '../portfolio/game-statistics.js';
import type { RunReport } from '../portfolio/report.js';

const pad = (label: string) => `  ${label.padEnd(24)}`;
const signed = (m: number) => (m > 0 ? `+${formatMicros(m)}` : formatMicros(m));

export function renderReport(r: RunReport, opts: { runId: string; completed: boolean }): string {
  const lines: string[] = [];
  lines.push(
    `Arbees run ${opts.runId} — ${r.mode}${opts.completed ? '' : ' (interrupted: partial results)'}`,
  );
  if (r.simulatedMarkets) {
    lines.push('  Markets are SIMULATED: real games, with Kalshi-like and Polymarket-like books');
    lines.push('  quoted by simulated market makers. No real prices, no real orders.');
  }
  lines.push('');
  lines.push('Games');
  const watched = r.mode === 'paper' || r.mode === 'live';
  lines.push(
    `${pad(watched ? 'watched / final' : 'replayed / final')}${r.games.replayed} / ${r.games.final}`,
  );
  lines.push(`${pad('plays')}${r.games.plays}`);
  lines.push('Trading');
  lines.push(
    `${pad('signals')}${r.signals.raised} (approved ${r.signals.approved}, denied ${r.signals.denied})`,
  );
  const denials = Object.entries(r.signals.denials)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  if (denials) lines.push(`${pad('denial reasons')}${denials}`);
  lines.push(
    `${pad('orders')}${r.orders.sent} (filled ${r.orders.filled}, partly ${r.orders.partiallyFilled}, unfilled ${r.orders.unfilled}, rejected ${r.orders.rejected})`,
  );
  lines.push(
    `${pad('fills')}${r.fills.count} (${r.fills.contracts.toFixed(2)} contracts, fees ${formatMicros(r.fills.feesMicros)})`,
  );
  const winRate = r.positions.winRatePct === null ? 'n/a' : `${r.positions.winRatePct.toFixed(1)}%`;
  lines.push(`${pad('positions won / lost')}${r.positions.won} / ${r.positions.lost} (win rate ${winRate})`);
  if (r.positions.stillOpen > 0) lines.push(`${pad('positions still open')}${r.positions.stillOpen}`);
  lines.push('Money');
  lines.push(
    `${pad('P&L after fees')}${signed(r.pnl.realizedAfterFeesMicros)} (fees paid ${formatMicros(r.pnl.feesMicros)})`,
  );
  lines.push(
    `${pad('bankroll')}${formatMicros(r.pnl.startingBankrollMicros)} -> ${formatMicros(r.pnl.endingEquityMicros)} (${r.pnl.returnPct >= 0 ? '+' : ''}${r.pnl.returnPct.toFixed(2)}%)`,
  );
  lines.push(
    `${pad('max drawdown')}${formatMicros(r.pnl.maxDrawdownMicros)} (${r.pnl.maxDrawdownPct.toFixed(2)}% of peak)`,
  );
  lines.push(
    `${pad('bankroll curve')}${r.bankrollCurve.points} points, low ${formatMicros(r.bankrollCurve.minMicros)}, high ${formatMicros(r.bankrollCurve.maxMicros)}`,
  );
  for (const p of r.bankrollCurve.sampled)
    lines.push(`${pad('')}  ${p.ts.slice(0, 16).replace('T', ' ')}  ${formatMicros(p.equityMicros)}`);
  if (r.statistics) lines.push(...statisticsLines(r.statistics));
  lines.push('Model');
  lines.push(`${pad('plays scored')}${r.model.plays}`);
  lines.push(`${pad('Brier score')}${r.model.brier ?? 'n/a'} (0 is perfect, 0.25 a coin flip)`);
  lines.push(`${pad('log loss')}${r.model.logLoss ?? 'n/a'} (0.693 a coin flip)`);
  const leagues = r.leagues ?? [];
  if (leagues.length > 0) {
    lines.push('By league');
    for (const l of leagues) {
      lines.push(
        `${pad(l.league.toUpperCase())}${l.games} game${l.games === 1 ? '' : 's'}, ${l.fills} fills, ${l.positionsSettled} positions, ` +
          `P&L ${signed(l.realizedAfterFeesMicros)}, Brier ${l.model.brier ?? 'n/a'} (${l.model.plays} plays)`,
      );
      if (l.espn) {
        lines.push(
          `${pad('')}  vs ESPN's win probability on ${l.espn.plays} plays: mean |diff| ${l.espn.meanAbsDifference}, ` +
            `max ${l.espn.maxAbsDifference}; Brier ours ${l.espn.ourBrier}, ESPN's ${l.espn.espnBrier}`,
        );
      }
    }
  }
  lines.push('Risk');
  const alerts = Object.entries(r.risk.alerts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  lines.push(`${pad('alerts')}${alerts || 'none'}`);
  lines.push(
    `${pad('trading state changes')}${r.risk.stateChanges}${r.risk.stateChanges > 0 ? ' (latest below)' : ''}`,
  );
  for (const c of r.risk.recentStateChanges) {
    lines.push(`${pad('')}  ${c.ts.slice(0, 16).replace('T', ' ')}  ${c.scope} ${c.state}: ${c.reason}`);
  }
  lines.push('Ledger');
  lines.push(
    `${pad('transactions')}${r.ledger.transactions}, imbalance ${r.ledger.imbalanceMicros} (must be 0)`,
  );
  return `${lines.join('\n')}\n`;
}

/** "x (low to high)", or "n/a" parts where a figure has none. */
function withInterval(e: Estimate, show: (x: number) => string): string {
  const value = e.value === null ? 'n/a' : show(e.value);
  if (e.low === null || e.high === null) return `${value} (no interval)`;
  return `${value} (${show(e.low)} to ${show(e.high)})`;
}

const signedPct = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(2)}%`;

function statisticsLines(s: RunStatistics): string[] {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `How sure (${s.levelPct}% intervals: percentile bootstrap over games, ${s.resamples.toLocaleString('en-US')} resamples, seed ${s.seed})`,
    `${pad('independent games')}${s.games} (${s.gamesTraded} traded) on ${plural(s.days, 'day')}`,
    `${pad('P&L after fees')}${withInterval(s.pnlAfterFeesMicros, signed)}`,
    `${pad('return on bankroll')}${withInterval(s.returnPct, signedPct)}`,
    `${pad('win rate')}${withInterval(s.winRatePct, (x) => `${x.toFixed(1)}%`)}`,
    `${pad('max drawdown')}${withInterval(s.maxDrawdownMicros, formatMicros)}, of realized P&L game by game`,
    `${pad('Sharpe-like, per day')}${withInterval(s.sharpePerDay, (x) => x.toFixed(2))}, mean / sd of daily P&L (days resampled)`,
  ];
  if (s.positionsWithoutGame > 0)
    lines.push(`${pad('left out')}${plural(s.positionsWithoutGame, 'closed position')} with no known game`);
  lines.push(`${pad('verdict')}${s.pnlSentence}`);
  return lines;
}
