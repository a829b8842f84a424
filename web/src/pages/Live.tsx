/** Live: each game's score and clock; the chosen game's model probability against both venues' prices, with our orders and fills. */
import { useMemo, useState } from 'react';
import type { GameView } from '../../../src/api/contract.js';
import type { ApiClient } from '../api.js';
import { cents, clock, percent, time } from '../format.js';
import {
  type GameSeries,
  historySeries,
  homeMarkets,
  homeProbability,
  latestSignal,
  mergeSeries,
} from '../game-series.js';
import { usePoll } from '../hooks.js';
import { type ChartSeries, TimeChart } from '../TimeChart.js';

const VENUE_COLORS: Record<string, [string, string]> = {
  kalshi: ['#3fb950', '#2ea043'],
  polymarket: ['#58a6ff', '#1f6feb'],
};

function Scoreline({ game }: { readonly game: GameView }) {
  const st = game.state;
  const status = game.final
    ? 'final'
    : st
      ? st.status === 'in'
        ? `P${st.period} ${clock(st.clockSeconds)}`
        : st.status
      : 'scheduled';
  return (
    <span className="scoreline">
      {game.awayTeam ?? '?'} {st?.awayScore ?? game.final?.awayScore ?? ''} @ {game.homeTeam ?? '?'}{' '}
      {st?.homeScore ?? game.final?.homeScore ?? ''} <em>{status}</em>
    </span>
  );
}

function gameChartSeries(
  game: GameView,
  series: GameSeries | undefined,
  fills: { ts: number; price: number; label: string }[],
  orders: { ts: number; price: number }[],
): ChartSeries[] {
  const out: ChartSeries[] = [
    { name: 'model', color: '#f0b72f', points: series?.model ?? [], style: 'line' },
  ];
  for (const venue of homeMarkets(game).keys()) {
    const [bidColor, askColor] = VENUE_COLORS[venue] ?? ['#8b949e', '#6e7681'];
    out.push({
      name: `${venue} bid`,
      color: bidColor,
      points: series?.bids.get(venue) ?? [],
      style: 'dashed',
    });
    out.push({ name: `${venue} ask`, color: askColor, points: series?.asks.get(venue) ?? [], style: 'line' });
  }
  out.push({
    name: 'our orders',
    color: '#a371f7',
    style: 'dots',
    points: orders.map((o) => ({ ts: o.ts, value: o.price / 1e4 })),
  });
  out.push({
    name: 'our fills',
    color: '#ff7b72',
    style: 'dots',
    points: fills.map((f) => ({ ts: f.ts, value: f.price / 1e4 })),
    labels: fills.map((f) => f.label),
    markerShape: 'arrowDown',
  });
  return out;
}

export function LivePage(props: {
  readonly api: ApiClient;
  readonly games: readonly GameView[];
  readonly series: Map<string, GameSeries>;
  readonly tick: number;
}) {
  const { games, api } = props;
  const [chosen, setChosen] = useState<string | null>(null);
  const game =
    games.find((g) => g.gameId === chosen) ?? games.find((g) => g.state?.status === 'in') ?? games[0];
  const fills = usePoll(() => api.get('/api/fills', { limit: '500' }), 3_000, props.tick);
  const orders = usePoll(() => api.get('/api/orders', { limit: '500' }), 3_000, props.tick);
  // The game so far, read again now and then; the live reads fill in between.
  const gameId = game?.gameId ?? null;
  const history = usePoll(() => (gameId ? api.history(gameId) : Promise.resolve(null)), 30_000, gameId);

  const chart = useMemo(() => {
    if (!game) return [];
    const markets = new Map(game.markets.map((m) => [m.instrumentId, m]));
    // A price on the chart's scale: the home team's win, whichever market and side it was on.
    const homePrice = (instrumentId: string, side: string, price: number) => {
      const market = markets.get(instrumentId);
      return market ? homeProbability(market, side, price) * 1e6 : price;
    };
    const ours = (fills.data?.fills ?? []).filter((f) => f.gameId === game.gameId);
    const placed = (orders.data?.orders ?? []).filter((o) => o.intent.gameId === game.gameId);
    const past = history.data?.gameId === game.gameId ? historySeries(game, history.data) : null;
    return gameChartSeries(
      game,
      mergeSeries(past, props.series.get(game.gameId)),
      ours.map((f) => ({
        ts: f.ts,
        price: homePrice(f.instrumentId, f.side, f.price),
        // B or S beside the arrow: the chart stays readable with a hundred fills.
        label: f.action === 'buy' ? 'B' : 'S',
      })),
      placed.map((o) => ({
        ts: o.intent.ts,
        price: homePrice(o.intent.instrumentId, o.intent.side, o.intent.limitPrice),
      })),
    );
    // The series map grows in place; `game` is a new object on each read of the games.
  }, [game, fills.data, orders.data, history.data, props.series]);

  if (!game) return <p className="empty">No games yet: the run has not announced any.</p>;
  const signal = latestSignal(game);
  return (
    <div className="live">
      <ul className="game-list">
        {games.map((g) => (
          <li key={g.gameId}>
            <button
              type="button"
              className={g.gameId === game.gameId ? 'chosen' : ''}
              onClick={() => setChosen(g.gameId)}
            >
              <Scoreline game={g} />
            </button>
          </li>
        ))}
      </ul>
      <section className="game">
        <h2>
          <Scoreline game={game} />
        </h2>
        <p className="edge" data-testid="edge">
          Model (home win): {signal ? percent(signal.homeProb * 1e6) : '–'} · edge now:{' '}
          {signal ? percent(signal.edgePpm) : '–'}
          {signal ? ` on ${signal.market.venue}` : ''}
        </p>
        <TimeChart series={chart} fitKey={`${game.gameId}:${history.data ? 'history' : 'live'}`} />
        <p className="note">
          Home-win probability and prices in percent; dots are our orders (purple) and fills (red), at their
          price.
        </p>
        <table>
          <thead>
            <tr>
              <th>market</th>
              <th>bid</th>
              <th>ask</th>
              <th>model</th>
              <th>edge</th>
              <th>as of</th>
            </tr>
          </thead>
          <tbody data-testid="markets">
            {game.markets.map((m) => (
              <tr key={m.instrumentId}>
                <td>
                  {m.venue} {m.outcome ?? ''}
                  {m.settledResult ? ` (settled ${m.settledResult})` : ''}
                </td>
                <td>{cents(m.quote?.bestBid ?? null)}</td>
                <td>{cents(m.quote?.bestAsk ?? null)}</td>
                <td>{m.lastSignal ? `${percent(m.lastSignal.modelProbPpm)} ${m.lastSignal.side}` : '–'}</td>
                <td>{m.lastSignal ? percent(m.lastSignal.edgePpm) : '–'}</td>
                <td>{m.quote ? time(m.quote.ts) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
