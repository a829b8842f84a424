/**
 * What a paper or live run shows while it goes: a few readable lines (games watched, markets
 * mapped per venue, book freshness, signals, orders, P&L, trading states), refreshed in place
 * on a terminal, and written as one log line every so often otherwise.
 */
import { formatMicros } from '../core/money.js';

export interface VenueStatus {
  readonly venue: string;
  /** Instruments mapped to feed games. */
  readonly mapped: number;
  /** Listings seen and not mapped (each with its reason, in `arbees markets`). */
  readonly unmapped: number;
  /** Books the gateway follows, and of those how many the venue confirmed within the TTL. */
  readonly books: number;
  readonly freshBooks: number;
  /** Age of the stalest followed book, ms; null with no book yet. */
  readonly oldestBookAgeMs: number | null;
  readonly connected: boolean;
}

export interface LiveStatusSnapshot {
  readonly mode: string;
  readonly runId: string;
  /** The run's clock, epoch ms. */
  readonly now: number;
  readonly games: { readonly upcoming: number; readonly live: number; readonly final: number };
  readonly venues: readonly VenueStatus[];
  readonly signals: { readonly raised: number; readonly approved: number; readonly denied: number };
  readonly orders: {
    readonly sent: number;
    readonly open: number;
    readonly filled: number;
    readonly rejected: number;
  };
  readonly fills: number;
  readonly pnl: { readonly realized: number; readonly fees: number; readonly equity: number };
  /** Scopes not ACTIVE, e.g. "global HALTED (daily loss)". */
  readonly held: readonly string[];
}

const age = (ms: number | null) =>
  ms === null
    ? '-'
    : ms < 1000
      ? `${ms} ms`
      : ms < 120_000
        ? `${(ms / 1000).toFixed(0)} s`
        : `${Math.round(ms / 60_000)} min`;

/** The lines of the display. Pure. */
export function renderLiveStatus(s: LiveStatusSnapshot): string[] {
  const time = new Date(s.now).toISOString().slice(0, 19).replace('T', ' ');
  const lines = [
    `arbees ${s.mode} · run ${s.runId} · ${time} UTC`,
    `games    ${s.games.live} live, ${s.games.upcoming} upcoming, ${s.games.final} final`,
  ];
  for (const v of s.venues) {
    lines.push(
      `${v.venue.padEnd(8)} ${v.connected ? 'connected' : 'DISCONNECTED'} · ${v.mapped} mapped, ${v.unmapped} unmapped · books ${v.freshBooks}/${v.books} fresh, oldest ${age(v.oldestBookAgeMs)}`,
    );
  }
  lines.push(
    `signals  ${s.signals.raised} raised, ${s.signals.approved} approved, ${s.signals.denied} denied`,
    `orders   ${s.orders.sent} sent, ${s.orders.open} open, ${s.orders.filled} filled, ${s.orders.rejected} rejected · ${s.fills} fills`,
    `P&L      ${formatMicros(s.pnl.realized)} realized after ${formatMicros(s.pnl.fees)} fees · equity ${formatMicros(s.pnl.equity)}`,
    `trading  ${s.held.length === 0 ? 'ACTIVE everywhere' : s.held.join('; ')}`,
  );
  return lines;
}

/** One line for a log. Pure. */
export function statusLogLine(s: LiveStatusSnapshot): string {
  const books = s.venues.map(
    (v) =>
      `${v.venue} ${v.mapped} mapped ${v.freshBooks}/${v.books} fresh${v.connected ? '' : ' DISCONNECTED'}`,
  );
  return [
    `games ${s.games.live} live/${s.games.upcoming} upcoming/${s.games.final} final`,
    ...books,
    `signals ${s.signals.raised}`,
    `orders ${s.orders.sent} (${s.orders.open} open)`,
    `fills ${s.fills}`,
    `P&L ${formatMicros(s.pnl.realized)}`,
    s.held.length === 0 ? 'ACTIVE' : s.held.join('; '),
  ].join(' · ');
}

export interface LiveStatusDisplay {
  /** Draws once more and leaves the last lines on screen. */
  stop(): void;
}

/**
 * Redraws every `intervalMs` on a terminal (cursor up over the last drawing), or writes a log
 * line every `logEveryMs` otherwise.
 */
export function startLiveStatus(opts: {
  readonly snapshot: () => LiveStatusSnapshot;
  readonly write: (text: string) => void;
  readonly tty: boolean;
  readonly intervalMs?: number;
  readonly logEveryMs?: number;
}): LiveStatusDisplay {
  let drawn = 0;
  const draw = () => {
    const lines = renderLiveStatus(opts.snapshot());
    const up = drawn > 0 ? `\x1b[${drawn}A` : '';
    opts.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  const log = () => opts.write(`${new Date().toISOString()} ${statusLogLine(opts.snapshot())}\n`);
  const tick = opts.tty ? draw : log;
  tick();
  const timer = setInterval(tick, opts.tty ? (opts.intervalMs ?? 1_000) : (opts.logEveryMs ?? 30_000));
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      tick();
    },
  };
}
