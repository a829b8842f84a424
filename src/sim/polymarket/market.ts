/**
 * The simulated Polymarket's market and event definitions, and the small pure helpers around
 * them (fees, tick sizes, decimal text). A market is binary: two outcome tokens that are each
 * other's complement (one pays $1 at resolution, the other 0).
 */
import type { Micros } from '../../core/money.js';
import { ROUNDING_CONFIG, type TickSize } from '../../venues/polymarket/amounts.js';
import type { OrderDomainVersion } from '../../venues/polymarket/sign-order.js';
import { BinaryMatchingBook } from './engine.js';

export interface SimPolyTeam {
  readonly name: string;
  readonly abbreviation: string;
  readonly ordering: 'home' | 'away';
  /** Gamma's `alias`; the name when absent. */
  readonly alias?: string;
  /** Gamma's `/teams` id. */
  readonly id?: number;
  /** The league code the team plays in (`/teams` `league`). */
  readonly league?: string;
}

/** A Gamma tag as events carry it. */
export interface SimGammaTag {
  readonly id: string;
  readonly label: string;
  readonly slug: string;
}

/** How a market resolved: one token pays $1, or each pays $0.50 (a cancelled game, an NFL tie). */
export type SimPolyResolution =
  | { readonly kind: 'winner'; readonly index: 0 | 1 }
  | { readonly kind: 'split' };

export interface SimPolyMarketSpec {
  /** 0x + 64 hex. */
  readonly conditionId: string;
  readonly question: string;
  readonly slug: string;
  /** Outcome names, e.g. ["Giants", "Rams"] or ["Yes", "No"]. */
  readonly outcomes: readonly [string, string];
  /** Decimal uint256 token ids. */
  readonly tokenIds: readonly [string, string];
  readonly tickSize: TickSize;
  /** Micro-shares; resting (GTC/GTD) orders below it are refused. */
  readonly minOrderSize: number;
  readonly negRisk: boolean;
  /** Gamma `version`: v1 (CTF, exchange domain "2") or v2 (PositionManager, domain "3"). */
  readonly version: 'v1' | 'v2';
  readonly fee: { readonly ratePpm: number; readonly exponent: number };
  readonly sportsMarketType: string | null;
  /** Epoch ms. */
  readonly gameStartTimeMs: number | null;
  readonly endTimeMs: number;
  /** The Gamma event it belongs to. */
  readonly eventId: string;
  /** Live-sports taker delay (`sd`): a crossing order waits this long before it matches. */
  readonly takerDelaySeconds?: number;
  /** Resting orders are cancelled at game start (`cbos`). */
  readonly clearBookOnStart?: boolean;
  /** A 0.01 tick becomes 0.001 once the book's price passes 0.96 or 0.04, as on the venue. */
  readonly autoTickSize?: boolean;
  /** The taker delay applies only once the game is live (from its start), not before. */
  readonly takerDelayWhenLive?: boolean;
  /** Gamma's numeric market `id`; one derived from the condition id when absent. */
  readonly gammaId?: string;
  /** The rules text. */
  readonly description?: string;
  /** Soccer: the team name, or "Draw (Home vs. Away)". */
  readonly groupItemTitle?: string;
  readonly resolutionSource?: string;
  /** Gamma `feeType`, e.g. `sports_fees_v2`. */
  readonly feeType?: string;
  /** When it was listed (Gamma `startDate`), epoch ms. */
  readonly listedAtMs?: number;
  /** 0x + 64 hex: the UMA question id. */
  readonly questionId?: string;
  /** Neg-risk markets: the id of the group (the event's) they belong to. */
  readonly negRiskMarketId?: string;
}

export interface SimPolyEventSpec {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly seriesSlug: string;
  readonly sport: string;
  readonly startTimeMs: number;
  readonly teams: readonly SimPolyTeam[];
  readonly negRisk: boolean;
  /** The sports feed's game id (the sports WebSocket's key). */
  readonly gameId?: number;
  readonly description?: string;
  readonly resolutionSource?: string;
  /** When it was listed (Gamma `startDate`), epoch ms. */
  readonly listedAtMs?: number;
  readonly tags?: readonly SimGammaTag[];
  /** The event's `sport` object beyond its code (`/sports` id, name, tags, series). */
  readonly sportInfo?: {
    readonly id: number;
    readonly name: string;
    readonly tags: string;
    readonly primaryTagId: number;
    readonly series: string;
  };
  /** The Gamma series it belongs to. */
  readonly series?: { readonly id: string; readonly title: string };
}

export interface SimPolyMarket {
  readonly spec: SimPolyMarketSpec;
  readonly book: BinaryMatchingBook;
  tickSize: TickSize;
  /** Open for orders; closed at the game's end (orders refused); resolved and paid. */
  status: 'open' | 'closed' | 'resolved';
  /** Index of the winning token once resolved (null for a 50-50 resolution). */
  winner: 0 | 1 | null;
  resolution: SimPolyResolution | null;
  resolvedAtMs: number | null;
  /** When its game went live (start): the clear-on-start has happened and a live-only delay applies. */
  liveSinceMs: number | null;
  /** Last trade, in the frame of token 0. */
  lastTradePrice: Micros | null;
  /** When the book last changed (epoch ms): the `/book` timestamp. */
  bookChangedMs: number;
  /** Set by the stale-book scenario: `/book` keeps answering this frozen snapshot. */
  frozenBook: {
    readonly bids: readonly (readonly [Micros, number])[];
    readonly asks: readonly (readonly [Micros, number])[];
    readonly atMs: number;
  } | null;
}

export function newMarket(spec: SimPolyMarketSpec, nowMs: number): SimPolyMarket {
  return {
    spec,
    book: new BinaryMatchingBook(),
    tickSize: spec.tickSize,
    status: 'open',
    winner: null,
    resolution: null,
    resolvedAtMs: null,
    liveSinceMs: null,
    lastTradePrice: null,
    bookChangedMs: nowMs,
    frozenBook: null,
  };
}

/** Whether a crossing order waits out the market's taker delay now (Gamma/CLOB `itode`). */
export function takerDelayActive(market: SimPolyMarket): boolean {
  const s = market.spec;
  return (s.takerDelaySeconds ?? 0) > 0 && (!s.takerDelayWhenLive || market.liveSinceMs !== null);
}

export function tickMicros(tick: TickSize): number {
  return ROUNDING_CONFIG[tick].tickMicros;
}

/** The order domain a market's orders are signed for (venues.md §3.5 "Which domain to use"). */
export function marketDomainVersion(spec: SimPolyMarketSpec): OrderDomainVersion {
  return spec.version === 'v2' ? '3' : '2';
}

/** Taker fee in micro-dollars for `size` micro-shares at token price `price`: C·r·(p(1−p))^e, floored to 5 decimals. */
export function takerFee(fee: SimPolyMarketSpec['fee'], price: Micros, size: number): Micros {
  if (fee.ratePpm === 0 || size <= 0) return 0 as Micros;
  const pq = BigInt(price) * BigInt(1_000_000 - price);
  let pow = 1n;
  let scale = 1n;
  for (let i = 0; i < fee.exponent; i++) {
    pow *= pq;
    scale *= 1_000_000_000_000n;
  }
  const micros = (BigInt(size) * BigInt(fee.ratePpm) * pow) / (1_000_000n * scale);
  return Number((micros / 10n) * 10n) as Micros;
}

/** A micro-unit integer as Polymarket's decimal text: 480000 → "0.48", 30000000 → "30". */
export function decimalText(micro: number): string {
  const negative = micro < 0;
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Ceil(a·b / 1e6) and floor(a·b / 1e6) without leaving safe integers. */
export function mulCeil(a: number, b: number): number {
  return Number((BigInt(a) * BigInt(b) + 999_999n) / 1_000_000n);
}
export function mulFloor(a: number, b: number): number {
  return Number((BigInt(a) * BigInt(b)) / 1_000_000n);
}
