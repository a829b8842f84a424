/**
 * Instruments: a sports event (a game) has outcomes (home wins, away wins, draw), and each
 * outcome is traded on one or more venues as a binary YES/NO instrument.
 */
import type { GameId, InstrumentId, OutcomeId } from './ids.js';
import type { Micros } from './money.js';

/** One per GameState shape; soccer's competitions are told apart by SoccerGameState.league. */
export type Sport = 'nfl' | 'ncaaf' | 'nba' | 'ncaamb' | 'nhl' | 'mlb' | 'soccer';
export type VenueName = 'kalshi' | 'polymarket' | 'polymarket-us' | 'coinbase' | 'paper';
export type OutcomeKind = 'home_win' | 'away_win' | 'draw';
/** Which side of a binary instrument a contract pays on. */
export type ContractSide = 'yes' | 'no';
export type Action = 'buy' | 'sell';

export interface SportsEvent {
  readonly gameId: GameId;
  readonly sport: Sport;
  readonly homeTeam: string;
  readonly awayTeam: string;
  /** Kick-off, epoch milliseconds. */
  readonly startTs: number;
}

export interface Outcome {
  readonly outcomeId: OutcomeId;
  readonly gameId: GameId;
  readonly kind: OutcomeKind;
}

/** A venue's fee formula, as the venue publishes it, with its parameters. */
export type FeeSchedule =
  | {
      /** Kalshi: ceil_to_cent(coef x C x P x (1-P)); taker 0.07, maker 0.0175 on maker-fee series. */
      readonly kind: 'kalshi_quadratic';
      /** Series fee_multiplier in parts per million (1.0 = 1_000_000). */
      readonly multiplierPpm: number;
      readonly makerFees: boolean;
      /**
       * The maker coefficient as a share of the taker's, ppm: a quarter (0.0175) unless set;
       * a half (0.035) on `quadratic_with_combo_maker_fees` series.
       */
      readonly makerSharePpm?: number;
    }
  | {
      /** Polymarket CLOB V2: C x rate x (p(1-p))^exponent, takers only, floored to $0.00001. */
      readonly kind: 'polymarket_taker';
      readonly ratePpm: number;
      readonly exponent: number;
    }
  | {
      /**
       * Polymarket US: taker pays Θ x C x p(1-p), a maker is paid a rebate of Θm x C x p(1-p),
       * each execution rounded half-to-even to the cent (polymarket-us.md §8).
       */
      readonly kind: 'polymarket_us';
      /** Θ of takers in parts per million (0.0695 = 69_500). */
      readonly takerThetaPpm: number;
      /** Θ of the maker rebate in parts per million (0.0125 = 12_500). */
      readonly makerRebateThetaPpm: number;
    }
  | { readonly kind: 'none' };

/** How a venue settles the instrument: two instruments hedge each other only if these agree. */
export interface SettlementTerms {
  /** Whether overtime counts toward the result. */
  readonly includesOvertime: boolean;
  /** Whether the game can end drawn (then "home wins" pays NO, unless `drawPayout` says otherwise). */
  readonly drawPossible: boolean;
  /** What happens to a postponed game. */
  readonly postponement: 'void' | 'resolves_no' | 'follows_rescheduled_game';
  /**
   * What a YES contract pays when the game ends level. Absent: `full` for a draw instrument,
   * `none` for a team's instrument (the meaning `drawPossible` always had). Kalshi's NFL rules
   * ("a tie … $0.50 for each team") and Polymarket's "ends in a tie … 50-50" are `half`.
   */
  readonly drawPayout?: DrawPayout;
  /**
   * With `follows_rescheduled_game`: a postponed game still counts only if it begins within this
   * many hours of its original start (Kalshi: 48). Absent or null: whenever it is completed.
   */
  readonly postponementWindowHours?: number | null;
  /**
   * What a YES contract pays when the game is cancelled, or not played within the window.
   * Absent: `unstated` (the terms do not say).
   */
  readonly unplayedPayout?: UnplayedPayout;
}

export type DrawPayout = 'none' | 'half' | 'full';
/** `fair_price`: the venue settles at a price it judges fair (Kalshi); the others are fixed. */
export type UnplayedPayout = 'fair_price' | 'none' | 'half' | 'full' | 'unstated';

/** Every settlement term with its default filled in, so two instruments' terms compare field by field. */
export interface EffectiveSettlement {
  readonly includesOvertime: boolean;
  readonly drawPossible: boolean;
  readonly postponement: SettlementTerms['postponement'];
  readonly drawPayout: DrawPayout;
  readonly postponementWindowHours: number | null;
  readonly unplayedPayout: UnplayedPayout;
}

export function effectiveSettlement(
  instrument: Pick<VenueInstrument, 'outcome' | 'settlement'>,
): EffectiveSettlement {
  const s = instrument.settlement;
  return {
    includesOvertime: s.includesOvertime,
    drawPossible: s.drawPossible,
    postponement: s.postponement,
    drawPayout: s.drawPayout ?? (instrument.outcome === 'draw' ? 'full' : 'none'),
    postponementWindowHours: s.postponementWindowHours ?? null,
    unplayedPayout: s.unplayedPayout ?? 'unstated',
  };
}

/** The names of the terms on which two instruments settle differently (empty when they agree). */
export function settlementDifferences(
  a: Pick<VenueInstrument, 'outcome' | 'settlement'>,
  b: Pick<VenueInstrument, 'outcome' | 'settlement'>,
): (keyof EffectiveSettlement)[] {
  const x = effectiveSettlement(a);
  const y = effectiveSettlement(b);
  return (Object.keys(x) as (keyof EffectiveSettlement)[]).filter((k) => x[k] !== y[k]);
}

export interface VenueInstrument {
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  /** The venue's own name for it: a Kalshi market ticker or a Polymarket token id. */
  readonly symbol: string;
  readonly gameId: GameId;
  readonly outcomeId: OutcomeId;
  /** The outcome a YES contract pays on. */
  readonly outcome: OutcomeKind;
  readonly tickSize: Micros;
  readonly fees: FeeSchedule;
  readonly settlement: SettlementTerms;
  /** True when the instrument is quoted by a simulator, not a real venue. */
  readonly simulated: boolean;
  /**
   * Live sports on Polymarket: an order that would cross the book waits this long at the venue
   * before it matches, against the book as it is then (`/clob-markets` `sd`, in seconds there).
   * Absent or 0: no delay.
   */
  readonly takerDelayMs?: number;
}

export function outcomeIdFor(gameId: GameId, kind: OutcomeKind): OutcomeId {
  return `${gameId}/${kind}` as OutcomeId;
}
