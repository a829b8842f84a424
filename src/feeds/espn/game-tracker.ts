/**
 * What the ESPN poller knows of each game, and which events an observation of it gives: a
 * GameScheduled once (an hour before the start, or as soon as the game is seen in play or over),
 * a GameStateUpdated only when the state changed, a GameFinal once. A state older than one
 * already seen (a stale cache answering) is dropped. Event ids are derived from the game id and
 * a per-game count, so the same observations always give the same ids. Pure.
 */
import type { GameFinal, GameScheduled, GameStateUpdated, TeamRef } from '../../core/events.js';
import type { GameState, InningHalf } from '../../core/game-state.js';
import { asEventId, type GameId } from '../../core/ids.js';
import { ESPN_LEAGUES, type EspnLeague } from './leagues.js';
import type { EspnGame, EspnTeam } from './types.js';

export type FeedEvent = GameScheduled | GameStateUpdated | GameFinal;

export interface TrackedGame {
  readonly gameId: GameId;
  readonly league: EspnLeague;
  readonly espnId: string;
  game: EspnGame;
  /** Pregame line (positive = home favoured), once any payload gave one. */
  homeSpread: number | undefined;
  /** The rest of the pregame line (moneylines, total), as the last payload that had it gave it. */
  line: { homeMoneyline?: number; awayMoneyline?: number; total?: number };
  /** A summary answered for this game (its pickcenter was looked at). */
  summaryRead: boolean;
  lastObservedTs: number | undefined;
  /** Latest state accepted (not older than any before it). */
  latest: GameState;
  firstLiveTs: number | undefined;
  published: GameState | null;
  announced: boolean;
  final: boolean;
  stateCount: number;
}

export interface TrackerOptions {
  /** GameScheduled goes out this long before the start, ms. */
  readonly announceLeadMs: number;
  /** A game in play whose line no payload gives is announced without one after this, ms. */
  readonly lineWaitMs: number;
  readonly gameIdOf: (league: EspnLeague, espnId: string) => GameId;
}

export interface Observation {
  readonly events: FeedEvent[];
  /** The game is in play and its line is still unknown: its summary's pickcenter may have it. */
  readonly wantsSummary: boolean;
  /** What happened to the state: published, unchanged, out of order, or not carried by the bus. */
  readonly outcome: 'published' | 'unchanged' | 'out-of-order' | 'held-back' | 'none';
  /** Announced without a line. */
  readonly lineMissing: boolean;
}

function teamRef(t: EspnTeam): TeamRef {
  return { espnId: t.id, abbreviation: t.abbreviation, name: t.name, shortName: t.shortName ?? null };
}

const NOTHING: Observation = { events: [], wantsSummary: false, outcome: 'none', lineMissing: false };
const STATUS_RANK = { pre: 0, in: 1, post: 2 } as const;
const HALF_RANK: Readonly<Record<InningHalf, number>> = { top: 0, middle: 1, bottom: 2, end: 3 };

/** Negative when `next` is behind `prev` in the game; 0 when neither is known to be ahead. */
export function compareProgress(prev: GameState, next: GameState): number {
  const byStatus = STATUS_RANK[next.status] - STATUS_RANK[prev.status];
  if (byStatus !== 0 || next.status !== 'in' || prev.sport !== next.sport) return byStatus;
  switch (next.sport) {
    case 'nfl':
    case 'ncaaf': {
      const p = prev as typeof next;
      if (p.playSeq > 0 && next.playSeq > 0) return next.playSeq - p.playSeq;
      return next.quarter - p.quarter || p.clockSeconds - next.clockSeconds;
    }
    case 'nba':
    case 'ncaamb':
    case 'nhl': {
      const p = prev as typeof next;
      return next.period - p.period || p.clockSeconds - next.clockSeconds;
    }
    case 'mlb': {
      const p = prev as typeof next;
      const half = (s: typeof next) => (s.half === null ? 0 : HALF_RANK[s.half]);
      return next.inning - p.inning || half(next) - half(p);
    }
    case 'soccer': {
      const p = prev as typeof next;
      return next.period - p.period || next.clockSeconds - p.clockSeconds;
    }
  }
}

/** Field-by-field equality of two flat states. */
export function sameState(a: GameState, b: GameState): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  return keys.every((k) => ra[k] === rb[k]);
}

export class GameTracker {
  private readonly games = new Map<GameId, TrackedGame>();

  constructor(private readonly options: TrackerOptions) {}

  get(gameId: GameId): TrackedGame | undefined {
    return this.games.get(gameId);
  }

  /**
   * The game was in a payload that did not change (a 304): it is confirmed as it was. Time has
   * moved on, though: a game not yet announced may be due now, or need its summary.
   */
  reconfirm(gameId: GameId, now: number): Observation {
    const game = this.games.get(gameId);
    if (!game) return NOTHING;
    game.lastObservedTs = now;
    return game.announced ? NOTHING : this.observe(game.game, now, 'scoreboard');
  }

  /** Takes in one reading of a game from a scoreboard or a summary, at `now`. */
  observe(reading: EspnGame, now: number, via: 'scoreboard' | 'summary'): Observation {
    const gameId = this.options.gameIdOf(reading.league, reading.espnId);
    const state = { ...reading.state, gameId } as GameState;
    let game = this.games.get(gameId);
    if (!game) {
      game = {
        gameId,
        league: reading.league,
        espnId: reading.espnId,
        game: reading,
        homeSpread: undefined,
        line: {},
        summaryRead: false,
        lastObservedTs: undefined,
        latest: state,
        firstLiveTs: undefined,
        published: null,
        announced: false,
        final: false,
        stateCount: 0,
      };
      this.games.set(gameId, game);
    }
    game.lastObservedTs = now;
    if (reading.odds?.homeSpread !== undefined) game.homeSpread = reading.odds.homeSpread;
    const odds = reading.odds;
    if (odds?.homeMoneyline !== undefined && odds.awayMoneyline !== undefined) {
      game.line = { ...game.line, homeMoneyline: odds.homeMoneyline, awayMoneyline: odds.awayMoneyline };
    }
    if (odds?.total !== undefined) game.line = { ...game.line, total: odds.total };
    if (via === 'summary') game.summaryRead = true;
    if (compareProgress(game.latest, state) < 0) {
      return { events: [], wantsSummary: false, outcome: 'out-of-order', lineMissing: false };
    }
    game.game = reading;
    game.latest = state;
    if (state.status !== 'pre') game.firstLiveTs ??= now;

    const events: FeedEvent[] = [];
    let lineMissing = false;
    if (!game.announced) {
      const due = this.announceDue(game, now);
      if (due === 'wait-for-summary') {
        return { events, wantsSummary: true, outcome: 'none', lineMissing: false };
      }
      if (due === 'not-yet') return { events, wantsSummary: false, outcome: 'none', lineMissing: false };
      lineMissing = game.homeSpread === undefined;
      events.push(this.scheduled(game, now));
    }
    const outcome = this.report(game, state, now, events);
    return { events, wantsSummary: false, outcome, lineMissing };
  }

  private announceDue(game: TrackedGame, now: number): 'now' | 'not-yet' | 'wait-for-summary' {
    const { state, startTs } = game.game;
    if (state.status === 'pre') {
      // Before the start a line is expected on the scoreboard; without one, wait for play.
      return now >= startTs - this.options.announceLeadMs && game.homeSpread !== undefined
        ? 'now'
        : 'not-yet';
    }
    if (game.homeSpread !== undefined || game.summaryRead || state.status === 'post') return 'now';
    const waited = now - (game.firstLiveTs ?? now);
    return waited >= this.options.lineWaitMs ? 'now' : 'wait-for-summary';
  }

  private scheduled(game: TrackedGame, now: number): GameScheduled {
    game.announced = true;
    const g = game.game;
    return {
      type: 'GameScheduled',
      id: asEventId(`espn:${game.gameId}:scheduled`),
      ts: now,
      gameId: game.gameId,
      sport: ESPN_LEAGUES[game.league].sport,
      homeTeam: g.homeTeam.abbreviation,
      awayTeam: g.awayTeam.abbreviation,
      startTs: g.startTs,
      // No line anywhere: a pick'em prior, reported by the caller.
      homeSpread: game.homeSpread ?? 0,
      ...game.line,
      season: g.seasonYear ?? new Date(g.startTs).getUTCFullYear(),
      week: g.week ?? 0,
      seasonType: g.seasonType === 3 ? 'POST' : 'REG',
      league: game.league,
      teams: { home: teamRef(g.homeTeam), away: teamRef(g.awayTeam) },
      ...(g.neutralSite === undefined ? {} : { neutralSite: g.neutralSite }),
    };
  }

  private report(
    game: TrackedGame,
    state: GameState,
    now: number,
    events: FeedEvent[],
  ): Observation['outcome'] {
    if (state.status === 'post') {
      // ESPN's "post" also covers postponed and canceled games: only a completed one is final.
      if (game.final || !game.game.espnStatus.completed) return 'none';
      game.final = true;
      const { homeScore: home, awayScore: away } = state;
      events.push({
        type: 'GameFinal',
        id: asEventId(`espn:${game.gameId}:final`),
        ts: now,
        gameId: game.gameId,
        homeScore: home,
        awayScore: away,
        winner: home > away ? 'home' : away > home ? 'away' : 'draw',
      });
      return 'none';
    }
    if (state.status !== 'in' || game.final) return 'none';
    if (game.published && sameState(game.published, state)) return 'unchanged';
    game.published = state;
    game.stateCount += 1;
    events.push({
      type: 'GameStateUpdated',
      id: asEventId(`espn:${game.gameId}:state:${game.stateCount}`),
      ts: now,
      gameId: game.gameId,
      state,
      source: 'espn',
    });
    return 'published';
  }
}
