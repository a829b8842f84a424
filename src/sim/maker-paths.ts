/**
 * The simulated makers' price path for a replayed game, minute by minute, in the same shape as a
 * real market's (feeds/market-prices/game-paths.ts), so the two can be measured with the same
 * yardstick (market-report.ts). The game's Kalshi-like book is quoted exactly as a replay quotes
 * it (simulated-markets.ts: same seeds, profile, shared error, lag and refresh) on a timeline of
 * its own; the path is the book's mid at the end of each minute.
 */
import { SimulatedClock } from '../core/clock.js';
import { DECIDED_CENTS, type GamePath, MINUTE_MS } from '../feeds/market-prices/game-paths.js';
import { type ReplayGame, replayPlayTimes, sportOf } from '../feeds/replay/replay-game.js';
import { Timeline } from '../feeds/replay/timeline.js';
import type { WinProbabilityModels } from '../sports/models.js';
import { GameMakers, type MakerBook, makerBelief, pregameState } from './game-makers.js';
import {
  KALSHI_LIKE,
  type MarketMakerProfile,
  type Quote,
  SharedMarketError,
  SimulatedMarketMaker,
} from './market-maker.js';
import { deriveSeed } from './random.js';

/** How the replay's makers are set up (simulated-markets.ts's defaults). */
export interface MakerPathOptions {
  readonly seed: number;
  readonly models: WinProbabilityModels;
  readonly profile?: MarketMakerProfile;
  readonly sharedErrorSd?: number;
  readonly refreshMs?: number;
  /** Minutes of pregame quoting on the path before tip-off (the makers open at kick-off - this). */
  readonly pregameMinutes?: number;
}

export interface MakerPath extends GamePath {
  /** Quoted spread (best ask - best bid) at the end of each minute, cents. */
  readonly spreadCents: Float64Array;
}

export async function simulatedMakerPath(game: ReplayGame, o: MakerPathOptions): Promise<MakerPath> {
  const { info } = game;
  const times = replayPlayTimes(game);
  const startTs = info.kickoffTs - (o.pregameMinutes ?? 60) * MINUTE_MS;
  const clock = new SimulatedClock(startTs);
  const timeline = new Timeline(clock);
  const quotes: { ts: number; quote: Quote }[] = [];
  const book: MakerBook = {
    maker: new SimulatedMarketMaker(o.profile ?? KALSHI_LIKE, deriveSeed(o.seed, `kalshi:${info.gameId}`)),
    outcome: 'home_win',
    last: null,
    generation: 0,
  };
  const gameInfo = { gameId: info.gameId, sport: sportOf(game), homeSpread: info.homeSpread };
  const makers = new GameMakers({
    scheduler: timeline,
    clock,
    books: [book],
    sharedError: new SharedMarketError(deriveSeed(o.seed, `shared:${info.gameId}`), o.sharedErrorSd ?? 0.15),
    belief: (state, outcome) => makerBelief(o.models, gameInfo, state, outcome),
    publish: (_b, quote) => void quotes.push({ ts: clock.now(), quote }),
    refreshMs: o.refreshMs ?? 10_000,
  });
  const lastTs = times.at(-1) ?? info.kickoffTs;
  timeline.at(startTs, () => makers.open(pregameState(gameInfo)));
  game.states.forEach((state, i) => {
    timeline.at(times[i]!, () => makers.onPlay(state, times[i]!));
  });
  // The game ends a minute after its last play, as the replay's feed says (GameFinal).
  timeline.at(lastTs + MINUTE_MS, () => makers.stop());
  await timeline.run({ speed: null, sleep: async () => {}, wallNow: () => 0 });
  return pathFromQuotes(
    quotes,
    startTs,
    lastTs + MINUTE_MS,
    info.finalHomeScore > info.finalAwayScore ? 1 : 0,
    info.gameId,
  );
}

function pathFromQuotes(
  quotes: readonly { ts: number; quote: Quote }[],
  startTs: number,
  endTs: number,
  outcome: 0 | 1,
  gameId: string,
): MakerPath {
  const minutes = Math.ceil((endTs - startTs) / MINUTE_MS) + 1;
  const price = new Float64Array(minutes).fill(Number.NaN);
  const spreadCents = new Float64Array(minutes).fill(Number.NaN);
  let q = 0;
  let last: Quote | null = null;
  let decided = -1;
  for (let i = 0; i < minutes; i++) {
    const at = startTs + i * MINUTE_MS;
    while (q < quotes.length && quotes[q]!.ts <= at) last = quotes[q++]!.quote;
    const bid = last?.bids[0]?.price;
    const ask = last?.asks[0]?.price;
    if (bid === undefined || ask === undefined) continue;
    const mid = (bid + ask) / 20_000;
    price[i] = mid;
    spreadCents[i] = (ask - bid) / 10_000;
    const winners = outcome === 1 ? mid : 100 - mid;
    if (winners < DECIDED_CENTS) decided = -1;
    else if (decided < 0) decided = i;
  }
  return {
    ticker: `sim:${gameId}`,
    gameId,
    outcome,
    // A simulated market that never reached 97 on the winner's side is decided at the final.
    decidedTs: startTs + (decided >= 0 ? decided : minutes - 1) * MINUTE_MS,
    startTs,
    price,
    volume: new Float64Array(minutes),
    high: new Float64Array(minutes).fill(Number.NaN),
    low: new Float64Array(minutes).fill(Number.NaN),
    spreadCents,
  };
}
