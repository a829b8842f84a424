/** The status display's snapshot of a running paper or live run (live-status.ts draws it). */
import type { LiveRunStatus } from '../services/live-run-status.js';
import type { LiveStatusSnapshot, VenueStatus } from './live-status.js';

export function liveRunSnapshot(s: LiveRunStatus): LiveStatusSnapshot {
  const idle = s.idle();
  const counts = s.counters.counts();
  const mapped = s.inputs.discovery.mapped();
  const unmatched = s.inputs.discovery.report();
  const unmappedOf = (venue: string) =>
    unmatched.unmatched.filter((u) => u.venue === venue).length +
    unmatched.games.reduce((n, g) => n + g.unmapped.filter((u) => u.venue === venue).length, 0);
  const venues: VenueStatus[] = s.inputs.gateways.map((g) => {
    const status = g.status();
    return {
      venue: g.venue,
      mapped: mapped.filter((m) => m.instrument.venue === g.venue).length,
      unmapped: unmappedOf(g.venue),
      books: status.instruments,
      freshBooks: status.inSync,
      oldestBookAgeMs: status.oldestBookAgeMs,
      connected: status.connected,
    };
  });
  const portfolio = s.projector.portfolio;
  return {
    mode: s.mode,
    runId: s.runId,
    now: s.clock.now(),
    games: { upcoming: idle.gamesUpcoming, live: idle.gamesLive, final: idle.gamesFinal },
    venues,
    signals: { raised: counts.signals, approved: counts.approved, denied: counts.denied },
    orders: {
      sent: counts.ordersSent,
      open: s.orders.workingOrders().length,
      filled: counts.filled,
      rejected: counts.rejected,
    },
    fills: counts.fills,
    pnl: { realized: portfolio.realizedTotal(), fees: counts.feesMicros, equity: s.projector.equity() },
    held: s.counters.held().map((h) => `${h.scope} ${h.state} (${h.reason})`),
  };
}
