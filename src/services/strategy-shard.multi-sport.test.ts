/**
 * Games of any sport through the strategy shard on the bus: an NBA state is priced by the
 * basketball model with the game's line, a soccer draw market by the soccer model's draw
 * probability, and instruments whose settlement terms the models cannot price are refused.
 */
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { loadConfig } from '../config/load.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, GameScheduled, SignalRaised } from '../core/events.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import type { BasketballGameState, GameState, SoccerGameState } from '../core/game-state.js';
import { asEventId, asGameId, asInstrumentId, type GameId } from '../core/ids.js';
import {
  type OutcomeKind,
  outcomeIdFor,
  type SettlementTerms,
  type Sport,
  type VenueInstrument,
} from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { createWinProbabilityModels, outcomeProbabilities, pregamePriorOf } from '../sports/models.js';
import { EdgeShard, unsupportedSettlement } from '../strategy/edge-shard.js';
import { shardOptionsFrom } from './settings.js';
import { startStrategyShard } from './strategy-shard.js';

const T0 = Date.parse('2024-03-17T22:30:00Z');
const models = createWinProbabilityModels();
const config = loadConfig({ env: {}, envFile: null });
let seq = 0;
const id = () => asEventId(`t-${++seq}`);

function scheduled(gameId: GameId, sport: Sport, homeSpread: number): GameScheduled {
  return {
    type: 'GameScheduled',
    id: id(),
    ts: T0 - 3600_000,
    gameId,
    sport,
    homeTeam: 'ORL',
    awayTeam: 'TOR',
    startTs: T0 - 1800_000,
    homeSpread,
    season: 2024,
    week: 0,
    seasonType: 'REG',
  };
}

function instrument(
  gameId: GameId,
  outcome: OutcomeKind,
  settlement: Partial<SettlementTerms> = {},
): VenueInstrument {
  return {
    instrumentId: asInstrumentId(`kalshi:${gameId}:${outcome}`),
    venue: 'kalshi',
    symbol: `${gameId}-${outcome}`,
    gameId,
    outcomeId: outcomeIdFor(gameId, outcome),
    outcome,
    tickSize: 10_000 as Micros,
    fees: KALSHI_SPORTS_FEES,
    settlement: {
      includesOvertime: true,
      drawPossible: false,
      postponement: 'follows_rescheduled_game',
      ...settlement,
    },
    simulated: true,
  };
}

/** A book that sells YES far below any sensible probability: an edge on YES for sure. */
function cheapBook(instrumentId: VenueInstrument['instrumentId'], ts: number): ArbeesEvent {
  return {
    type: 'BookSnapshot',
    id: id(),
    ts,
    instrumentId,
    venue: 'kalshi',
    bids: [{ price: 10_000 as Micros, qty: 10_000 as Centis }],
    asks: [{ price: 20_000 as Micros, qty: 10_000 as Centis }],
    venueTs: ts,
  };
}

async function signalsFor(opts: {
  sport: Sport;
  homeSpread: number;
  instruments: VenueInstrument[];
  state: GameState;
}): Promise<{ signals: SignalRaised[]; shard: EdgeShard }> {
  const clock = new SimulatedClock(T0);
  const bus = new MemoryBus({ now: () => clock.now() });
  const shard = new EdgeShard({ ...shardOptionsFrom(config, models, 'test'), models });
  const signals: SignalRaised[] = [];
  const subs = [
    startStrategyShard({ bus, clock, shard, name: 'test' }),
    bus.subscribe({
      group: 'out',
      consumer: 'out-1',
      topics: ['signals'],
      handler: (e) => {
        if (e.type === 'SignalRaised') signals.push(e);
      },
    }),
  ];
  const gameId = opts.state.gameId;
  await bus.publish(scheduled(gameId, opts.sport, opts.homeSpread));
  for (const i of opts.instruments) {
    await bus.publish({ type: 'MarketMapped', id: id(), ts: T0, instrument: i });
    await bus.publish(cheapBook(i.instrumentId, T0));
  }
  await bus.publish({ type: 'GameStateUpdated', id: id(), ts: T0, gameId, state: opts.state });
  await bus.idle();
  for (const s of subs) await s.close();
  return { signals, shard };
}

const nbaState: BasketballGameState = {
  sport: 'nba',
  gameId: asGameId('nba-1'),
  status: 'in',
  period: 3,
  clockSeconds: 400,
  gameSecondsRemaining: 720 + 400,
  homeScore: 70,
  awayScore: 66,
  possession: null,
  homeTimeouts: null,
  awayTimeouts: null,
};

const soccerState: SoccerGameState = {
  sport: 'soccer',
  league: 'eng.1',
  gameId: asGameId('epl-1'),
  status: 'in',
  period: 2,
  minute: 80,
  stoppageMinute: null,
  clockSeconds: 80 * 60,
  homeScore: 1,
  awayScore: 1,
};

describe('strategy shard with games of any sport', () => {
  it("prices an NBA state with the basketball model and the game's spread", async () => {
    const home = instrument(nbaState.gameId, 'home_win');
    const { signals, shard } = await signalsFor({
      sport: 'nba',
      homeSpread: 11.5,
      instruments: [home],
      state: nbaState,
    });
    const expected = outcomeProbabilities(models, nbaState, { homeSpread: 11.5 }).home;
    expect(models.nba.name).toBe('basketball-random-walk');
    expect(shard.homeProbability(nbaState.gameId)).toBe(expected);
    // Not the NFL model's answer for a football game in the same spot: the sport picks the model.
    expect(expected).toBeGreaterThan(0.8);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      kind: 'edge',
      gameId: nbaState.gameId,
      instrumentId: home.instrumentId,
      side: 'yes',
      modelProb: Math.round(expected * 1_000_000),
    });
  });

  it("prices a soccer draw market with the soccer model's draw probability", async () => {
    const draw = instrument(soccerState.gameId, 'draw', { drawPossible: true });
    const { signals, shard } = await signalsFor({
      sport: 'soccer',
      homeSpread: 0,
      instruments: [draw],
      state: soccerState,
    });
    const p = outcomeProbabilities(models, soccerState, pregamePriorOf({ homeSpread: 0 }));
    expect(p.draw).toBeGreaterThan(0.3);
    expect(shard.probabilities(soccerState.gameId)).toEqual(p);
    expect(signals.map((s) => [s.instrumentId, s.modelProb])).toEqual([
      [draw.instrumentId, Math.round(p.draw * 1_000_000)],
    ]);
  });

  it('refuses markets whose settlement the models cannot price, and says why', async () => {
    const regulationOnly = instrument(nbaState.gameId, 'home_win', { includesOvertime: false });
    const nbaDraw = instrument(nbaState.gameId, 'draw');
    const nba = await signalsFor({
      sport: 'nba',
      homeSpread: 11.5,
      instruments: [regulationOnly, nbaDraw],
      state: nbaState,
    });
    expect(nba.signals).toEqual([]);
    expect(nba.shard.refused.get(regulationOnly.instrumentId)).toMatch(/regulation time/);
    expect(nba.shard.refused.get(nbaDraw.instrumentId)).toMatch(/no draw probability/);

    const noDraw = instrument(soccerState.gameId, 'home_win', { drawPossible: false });
    const soccer = await signalsFor({
      sport: 'soccer',
      homeSpread: 0,
      instruments: [noDraw],
      state: soccerState,
    });
    expect(soccer.signals).toEqual([]);
    expect(soccer.shard.refused.get(noDraw.instrumentId)).toMatch(/can end level/);
    // A regular-season NFL "home wins" market (a tie pays NO) is what the NFL path always traded.
    expect(
      unsupportedSettlement('nfl', instrument(asGameId('g'), 'home_win', { drawPossible: true })),
    ).toBeNull();
  });
});
