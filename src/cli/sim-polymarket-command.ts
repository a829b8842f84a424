/**
 * `arbees sim polymarket --port N`: the Polymarket simulator on its own, until Ctrl-C. It opens
 * the demo NFL moneyline market quoted by a scripted maker, lists three games as Polymarket
 * lists them (an NFL, an NBA and a Premier League game starting 2, 3 and 4 hours from now, each
 * market quoted around even money), and funds one trader wallet; games, markets, wallets,
 * funds and faults are added through the `/sim/*` admin API (`POST /sim/games` lists a game).
 */
import { isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Micros } from '../core/money.js';
import { POLYMARKET_LIKE, SimulatedMarketMaker } from '../sim/market-maker.js';
import type { GameListingSpec } from '../sim/polymarket/listing.js';
import { requotePolyMaker } from '../sim/polymarket/maker.js';
import { PolySimServer } from '../sim/polymarket/server.js';
import { SIM_MARKET, SIM_TRADER_KEY, seedDemoMarket } from '../sim/polymarket/testing.js';
import { UserError } from './errors.js';

export interface SimPolymarketOptions {
  readonly port?: string;
  readonly host?: string;
  readonly trader?: string;
  readonly balance?: string;
  readonly takerDelay?: string;
  readonly depositWalletsOnly?: boolean;
  readonly rateLimits?: boolean;
}

export async function simPolymarketCommand(options: SimPolymarketOptions): Promise<void> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UserError(`--port must be 0-65535, got ${options.port}`);
  const trader = options.trader ?? privateKeyToAccount(SIM_TRADER_KEY).address;
  if (!isAddress(trader)) throw new UserError(`--trader must be a 0x address, got ${options.trader}`);
  const dollars = Number(options.balance ?? 1_000);
  if (!Number.isFinite(dollars) || dollars < 0)
    throw new UserError(`--balance must be dollars, got ${options.balance}`);
  const delay = Number(options.takerDelay ?? 0);
  if (!Number.isInteger(delay) || delay < 0 || delay > 60)
    throw new UserError(`--taker-delay must be whole seconds 0-60, got ${options.takerDelay}`);
  const sim = new PolySimServer({
    depositWalletsOnly: options.depositWalletsOnly ?? false,
    rateLimits: options.rateLimits ?? false,
  });
  seedDemoMarket(sim, { takerDelaySeconds: delay });
  const games = listDemoGames(sim);
  sim.exchange.deposit(trader, Math.round(dollars * 1_000_000) as Micros);
  const { baseUrl, gammaUrl, wsUrl } = await sim.listen(port, options.host ?? '127.0.0.1');
  process.stdout.write(
    `Polymarket simulator: CLOB ${baseUrl}, Gamma ${gammaUrl}, WebSockets ${wsUrl}/market and ${wsUrl}/user\n` +
      `  market ${SIM_MARKET.conditionId} (${SIM_MARKET.outcomes.join(' / ')}); trader ${trader} funded with $${dollars}; admin API under /sim/\n` +
      `  games listed: ${games.join(', ')}\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await sim.close();
}

/** Three games starting 2, 3 and 4 hours from now (on the minute), each market quoted around 0.5. */
function listDemoGames(sim: PolySimServer): string[] {
  const now = sim.now();
  const hour = (h: number) => Math.floor(now / 60_000) * 60_000 + h * 3_600_000;
  const specs: GameListingSpec[] = [
    {
      sport: 'nfl',
      startTimeMs: hour(2),
      home: { abbreviation: 'nyg', name: 'New York Giants', outcome: 'Giants' },
      away: { abbreviation: 'ten', name: 'Tennessee Titans', outcome: 'Titans' },
    },
    {
      sport: 'nba',
      startTimeMs: hour(3),
      home: { abbreviation: 'phx', name: 'Phoenix Suns', outcome: 'Suns' },
      away: { abbreviation: 'gsw', name: 'Golden State Warriors', outcome: 'Warriors' },
    },
    {
      sport: 'epl',
      startTimeMs: hour(4),
      home: { abbreviation: 'eve', name: 'Everton FC', outcome: 'Everton' },
      away: { abbreviation: 'cry', name: 'Crystal Palace FC', outcome: 'Crystal Palace' },
    },
  ];
  return specs.map((spec, i) => {
    const game = sim.games.schedule(spec, now);
    for (const { spec: market } of game.listing.markets) {
      const belief = game.listing.markets.length === 3 ? 1 / 3 : 0.5;
      const quote = new SimulatedMarketMaker(POLYMARKET_LIKE, i + 1).reprice(belief);
      requotePolyMaker(
        sim.exchange,
        { account: sim.makerAccount, conditionId: market.conditionId, quote },
        now,
      );
    }
    return game.listing.event.slug;
  });
}
