/** The text of `arbees prices calibration`: the market price report and the maker comparison. */

import type { Estimate, MarketPriceReport } from '../feeds/market-prices/market-report.js';
import type { MakerComparison } from '../sim/maker-calibration.js';

const pad = (s: string, n: number) => s.padEnd(n);
const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const est = (e: Estimate, d: number, scale = 1) =>
  `${f(e.value * scale, d)}${e.interval ? ` [${f(e.interval[0] * scale, d)}, ${f(e.interval[1] * scale, d)}]` : ''}`;
const cents = (micros: number) => `${(micros / 10_000).toFixed(2)}c`;

export interface ReportInput {
  readonly file: string;
  readonly rowsRead: number;
  readonly badRows: number;
  readonly index: string | null;
}

export function renderMarketPriceReport(input: ReportInput, r: MarketPriceReport): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`Real market prices — ${input.file}`);
  line(
    `  rows read ${input.rowsRead.toLocaleString('en-US')}, bad rows ${input.badRows}; index ${input.index ?? 'none'}`,
  );
  line(
    `  games ${r.games} (settled at 99 or 1), skipped ${r.skippedUnsettled}; intervals: 95 % bootstrap over games (${r.bootstrapDraws} draws)`,
  );
  line('  Phases are wall-clock minutes before the market decided (first minute from which every trade');
  line("  stays at 97c+ on the winner's side): the candles carry no tip-off time. Phase names give");
  line('  those minutes (an NBA game lasts about 135 minutes of wall time).');
  line();
  line('Calibration (last 150 minutes before decided; every minute a row)');
  line(`  Brier, market price        ${est(r.brierInGame, 4)}   (0 perfect, 0.25 a coin flip)`);
  line(`  Brier, price 150 min before ${f(r.calibration.baseline.brier, 4)}`);
  line(`  ${pad('phase (minutes before decided)', 40)}${pad('rows', 8)}Brier [95 %]`);
  for (const p of r.brierByPhase) line(`  ${pad(p.phase, 40)}${pad(String(p.rows), 8)}${est(p.brier, 4)}`);
  line(
    `  ${pad('implied probability', 22)}${pad('rows', 8)}${pad('mean price', 12)}${pad('won', 8)}gap [90 %]`,
  );
  for (const b of r.calibration.bins) {
    const gap = b.gapInterval ? ` [${f(b.gapInterval[0], 3)}, ${f(b.gapInterval[1], 3)}]` : '';
    line(
      `  ${pad(`${f(b.lo, 1)}-${f(b.hi, 1)}`, 22)}${pad(String(b.n), 8)}${pad(f(b.meanPred, 3), 12)}${pad(f(b.observedRate, 3), 8)}${f(b.gap, 3)}${gap}`,
    );
  }
  line();
  line('Minute-to-minute moves of the last traded price (cents)');
  line(
    `  ${pad('phase (minutes before decided)', 40)}${pad('mean |move| [95 %]', 22)}${pad('sd', 7)}${pad('p95', 6)}${pad('traded', 8)}contracts/min`,
  );
  for (const m of r.movement)
    line(
      `  ${pad(m.phase, 40)}${pad(est(m.meanAbsMoveCents, 2), 22)}${pad(f(m.sdMoveCents, 2), 7)}${pad(f(m.p95AbsMoveCents, 0), 6)}${pad(`${f(m.tradedShare * 100, 0)}%`, 8)}${f(m.meanVolume, 0)}`,
    );
  line();
  line('Convergence at the end');
  line(
    `  ${pad('minutes before decided', 24)}${pad('distance to settlement, cents', 32)}favoured the winner`,
  );
  for (const c of r.convergence)
    line(
      `  ${pad(String(c.minutesBefore), 24)}${pad(est(c.meanDistanceCents, 1), 32)}${est(c.favouredWinner, 1, 100)} %`,
    );
  const l = r.lastFavouredLoser;
  line(
    `  last minute the price favoured the eventual loser: median ${l.median} min before decided (quartiles ${l.q1}, ${l.q3})`,
  );
  line();
  const c = r.cost;
  line('Cost of trading (in-game minutes with trades; the file has no bid/ask, so spreads are assumed)');
  line(
    `  traded minutes ${c.tradedMinutes}; traded range high-low: median ${f(c.medianRangeCents, 0)}c, mean ${f(c.meanRangeCents, 2)}c, zero in ${f(c.zeroRangeShare * 100, 0)}%`,
  );
  line(
    `  Kalshi taker fee per contract at the traded prices (volume-weighted): ${cents(c.meanTakerFeeMicros)}`,
  );
  for (const h of c.byHalfSpread)
    line(
      `  half-spread ${h.halfSpreadCents}c: round trip ${cents(h.roundTripMicros)} per contract; minutes that traded that far: ask side ${f(h.askQuotableShare * 100, 0)}%, bid side ${f(h.bidQuotableShare * 100, 0)}%`,
    );
  line();
  return `${out.join('\n')}\n`;
}

export function renderMakerComparison(c: MakerComparison): string {
  const out: string[] = ['Simulated makers against real prices (cents)'];
  const w = 26;
  const head = `  ${pad('', 40)}${c.columns.map((col) => pad(`${col.games} game${col.games === 1 ? '' : 's'}`, w)).join('')}`;
  out.push(...c.columns.map((col, k) => `  column ${k + 1}: ${col.label}`), head);
  c.phases.forEach((phase, i) => {
    out.push(
      `  ${pad(`mean |move|, ${phase}`, 40)}${c.columns.map((col) => pad(f(col.meanAbsMoveCents[i]!, 2), w)).join('')}`,
    );
  });
  c.phases.forEach((phase, i) => {
    out.push(
      `  ${pad(`sd of move, ${phase}`, 40)}${c.columns.map((col) => pad(f(col.sdMoveCents[i]!, 2), w)).join('')}`,
    );
  });
  c.distanceMinutes.forEach((m, i) => {
    out.push(
      `  ${pad(`distance to settlement, ${m} min before`, 40)}${c.columns.map((col) => pad(f(col.distanceCents[i]!, 1), w)).join('')}`,
    );
  });
  out.push(
    `  ${pad('spread', 40)}${c.columns.map((col) => pad(`${f(col.spreadCents, 1)} (${col.spreadMeaning})`, w)).join('')}`,
  );
  return `${out.join('\n')}\n`;
}
