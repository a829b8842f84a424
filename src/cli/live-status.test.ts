/** The paper/live status display: readable lines, one log line, in-place redraw on a terminal. */
import { describe, expect, it } from 'vitest';
import { type LiveStatusSnapshot, renderLiveStatus, startLiveStatus, statusLogLine } from './live-status.js';

const snapshot: LiveStatusSnapshot = {
  mode: 'paper',
  runId: 'paper-1',
  now: Date.UTC(2026, 11, 7, 1, 30),
  games: { upcoming: 3, live: 2, final: 1 },
  venues: [
    {
      venue: 'kalshi',
      mapped: 10,
      unmapped: 1,
      books: 10,
      freshBooks: 9,
      oldestBookAgeMs: 21_000,
      connected: true,
    },
    {
      venue: 'polymarket',
      mapped: 8,
      unmapped: 0,
      books: 8,
      freshBooks: 0,
      oldestBookAgeMs: null,
      connected: false,
    },
  ],
  signals: { raised: 5, approved: 3, denied: 2 },
  orders: { sent: 3, open: 1, filled: 2, rejected: 0 },
  fills: 4,
  pnl: { realized: 12_340_000, fees: 560_000, equity: 10_012_340_000 },
  held: ['venue:polymarket HALTED (book stale)'],
};

describe('live status', () => {
  it('says what the run is doing in a few lines', () => {
    const lines = renderLiveStatus(snapshot);
    expect(lines[0]).toBe('arbees paper · run paper-1 · 2026-12-07 01:30:00 UTC');
    expect(lines).toContain('games    2 live, 3 upcoming, 1 final');
    expect(lines.find((l) => l.startsWith('kalshi'))).toBe(
      'kalshi   connected · 10 mapped, 1 unmapped · books 9/10 fresh, oldest 21 s',
    );
    expect(lines.find((l) => l.startsWith('polymarket'))).toContain('DISCONNECTED');
    expect(lines.find((l) => l.startsWith('P&L'))).toBe(
      'P&L      $12.34 realized after $0.56 fees · equity $10,012.34',
    );
    expect(lines.at(-1)).toBe('trading  venue:polymarket HALTED (book stale)');
  });

  it('writes one log line off a terminal', () => {
    expect(statusLogLine(snapshot)).toContain('kalshi 10 mapped 9/10 fresh');
    const out: string[] = [];
    const display = startLiveStatus({ snapshot: () => snapshot, write: (t) => out.push(t), tty: false });
    display.stop();
    expect(out).toHaveLength(2);
    expect(out.every((t) => t.split('\n').length === 2)).toBe(true);
  });

  it('redraws in place on a terminal: the second drawing moves the cursor up over the first', () => {
    const out: string[] = [];
    const display = startLiveStatus({ snapshot: () => snapshot, write: (t) => out.push(t), tty: true });
    display.stop();
    const height = renderLiveStatus(snapshot).length;
    expect(out[0]?.startsWith('\x1b[')).toBe(true);
    expect(out[0]).not.toContain(`\x1b[${height}A`);
    expect(out[1]?.startsWith(`\x1b[${height}A`)).toBe(true);
  });
});
