/**
 * The futures monitor: watches each game's markets before kick-off. It keeps the opening line
 * (the first mid seen) and says when the market has moved by a threshold since, and at kick-off
 * hands the game over to the live strategy with a summary of how the line moved. Pure.
 */
import type { BookSnapshot } from '../core/events.js';
import type { GameId, InstrumentId } from '../core/ids.js';

export interface LineMove {
  readonly kind: 'line_move' | 'handoff';
  readonly gameId: GameId;
  readonly instrumentId: InstrumentId;
  /** Implied probability at the open and now, ppm. */
  readonly openPpm: number;
  readonly nowPpm: number;
  readonly message: string;
}

interface Line {
  readonly gameId: GameId;
  readonly openPpm: number;
  lastPpm: number;
  /** How many thresholds the move has crossed so far, so each crossing is told once. */
  steps: number;
}

const pct = (ppm: number) => `${(ppm / 10_000).toFixed(1)}%`;

export class PregameMonitor {
  private readonly lines = new Map<InstrumentId, Line>();
  private readonly live = new Set<GameId>();

  /** @param thresholdPpm move in implied probability worth telling, ppm of $1. */
  constructor(private readonly thresholdPpm: number) {}

  onBook(gameId: GameId, book: BookSnapshot): LineMove | null {
    if (this.live.has(gameId)) return null;
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (bid === undefined || ask === undefined) return null;
    const mid = Math.round((bid + ask) / 2);
    const line = this.lines.get(book.instrumentId);
    if (!line) {
      this.lines.set(book.instrumentId, { gameId, openPpm: mid, lastPpm: mid, steps: 0 });
      return null;
    }
    line.lastPpm = mid;
    const steps = Math.floor(Math.abs(mid - line.openPpm) / this.thresholdPpm);
    if (steps <= line.steps) return null;
    line.steps = steps;
    return {
      kind: 'line_move',
      gameId,
      instrumentId: book.instrumentId,
      openPpm: line.openPpm,
      nowPpm: mid,
      message: `pre-game line moved ${pct(mid - line.openPpm)}: opened ${pct(line.openPpm)}, now ${pct(mid)}`,
    };
  }

  /** Kick-off: the live strategy takes the game; returns how each of its lines moved pre-game. */
  kickOff(gameId: GameId): LineMove[] {
    if (this.live.has(gameId)) return [];
    this.live.add(gameId);
    const out: LineMove[] = [];
    for (const [instrumentId, line] of this.lines) {
      if (line.gameId !== gameId) continue;
      out.push({
        kind: 'handoff',
        gameId,
        instrumentId,
        openPpm: line.openPpm,
        nowPpm: line.lastPpm,
        message: `kick-off: handed to the live strategy; pre-game line ${pct(line.openPpm)} -> ${pct(line.lastPpm)}`,
      });
      this.lines.delete(instrumentId);
    }
    return out;
  }
}
