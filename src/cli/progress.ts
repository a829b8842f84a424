/** Progress on stderr while a run goes: one updating line on a terminal, a line per game otherwise. */
import { formatMicros } from '../core/money.js';
import type { Progress } from '../services/one-process.js';

export function startProgress(opts: { totalGames: number; quiet: boolean }) {
  const tty = process.stderr.isTTY === true;
  let last = '';
  const update = (p: Progress) => {
    if (opts.quiet) return;
    const r = p.report();
    const day = new Date(p.simTs).toISOString().slice(0, 16).replace('T', ' ');
    last = `[${p.gamesFinal}/${p.games} games final] ${day} UTC · ${r.games.plays} plays · ${r.signals.raised} signals · ${r.fills.count} fills · P&L ${formatMicros(r.pnl.realizedAfterFeesMicros)}`;
    process.stderr.write(tty ? `\r${last.padEnd(110)}` : `${last}\n`);
  };
  return {
    update,
    done: () => {
      if (tty && last && !opts.quiet) process.stderr.write('\n');
    },
  };
}
