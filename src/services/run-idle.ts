/**
 * When a run has nothing left to do (`--until-idle`): every game it took on is final, every
 * market mapped to those games is settled by its venue, and no known game starts within the
 * horizon. A market the venue has not settled `settleWaitMs` after its game's final no longer
 * holds the run: it is reported as unsettled instead (its position stays in the ledger and
 * settles on a later run).
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { GameId, InstrumentId } from '../core/ids.js';

export interface RunIdleState {
  readonly idle: boolean;
  readonly gamesLive: number;
  readonly gamesUpcoming: number;
  readonly gamesFinal: number;
  /** Mapped instruments of final games still waiting for their venue's settlement. */
  readonly awaitingSettlement: number;
  /** Given up waiting for: settled by nobody within the wait. */
  readonly unsettled: readonly InstrumentId[];
}

export interface RunIdleWatch {
  readonly subscription: Subscription;
  state(now: number): RunIdleState;
}

export function watchRunIdle(opts: {
  readonly bus: Bus;
  /** No game may start within this long for the run to be idle, ms. */
  readonly horizonMs: number;
  /** How long after a final its markets' settlements are waited for, ms. */
  readonly settleWaitMs: number;
  readonly group?: string;
}): RunIdleWatch {
  const starts = new Map<GameId, number>();
  const finals = new Map<GameId, number>();
  const gameOf = new Map<InstrumentId, GameId>();
  const settled = new Set<InstrumentId>();
  const subscription = opts.bus.subscribe({
    group: opts.group ?? 'run-idle',
    consumer: `${opts.group ?? 'run-idle'}-1`,
    topics: ['games', 'markets'],
    handler: (event) => {
      switch (event.type) {
        case 'GameScheduled':
          starts.set(event.gameId, event.startTs);
          return;
        case 'GameFinal':
          if (!finals.has(event.gameId)) finals.set(event.gameId, event.ts);
          return;
        case 'MarketMapped':
          gameOf.set(event.instrument.instrumentId, event.instrument.gameId);
          return;
        case 'MarketSettled':
          settled.add(event.instrumentId);
          return;
        default:
          return;
      }
    },
  });
  return {
    subscription,
    state(now) {
      let live = 0;
      let upcoming = 0;
      let soon = false;
      for (const [gameId, start] of starts) {
        if (finals.has(gameId)) continue;
        if (start <= now) live += 1;
        else {
          upcoming += 1;
          if (start <= now + opts.horizonMs) soon = true;
        }
      }
      let awaiting = 0;
      const unsettled: InstrumentId[] = [];
      for (const [instrumentId, gameId] of gameOf) {
        const finalTs = finals.get(gameId);
        if (finalTs === undefined || settled.has(instrumentId)) continue;
        if (now - finalTs > opts.settleWaitMs) unsettled.push(instrumentId);
        else awaiting += 1;
      }
      return {
        idle: live === 0 && !soon && awaiting === 0,
        gamesLive: live,
        gamesUpcoming: upcoming,
        gamesFinal: finals.size,
        awaitingSettlement: awaiting,
        unsettled: unsettled.sort(),
      };
    },
  };
}
