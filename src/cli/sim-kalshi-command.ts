/**
 * `arbees sim kalshi --port N`: the Kalshi simulator on its own, until Ctrl-C. It lists one NFL
 * game as Kalshi would (two team markets, open now, kicking off in two days), quoted by a
 * scripted maker; accounts, keys, more games, lifecycle transitions and faults go through the
 * `/sim/*` admin API. The lifecycle's timed transitions run every second.
 */
import { readFileSync } from 'node:fs';
import type { Centis, Micros } from '../core/money.js';
import { buildKalshiGameListing } from '../sim/kalshi/listing.js';
import { placeMakerQuotes } from '../sim/kalshi/maker.js';
import { KalshiSimServer } from '../sim/kalshi/server.js';
import { UserError } from './errors.js';

export interface SimKalshiOptions {
  readonly port?: string;
  readonly host?: string;
  readonly keyId?: string;
  readonly publicKey?: string;
  readonly balance?: string;
}

export async function simKalshiCommand(options: SimKalshiOptions): Promise<void> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UserError(`--port must be 0-65535, got ${options.port}`);
  const sim = new KalshiSimServer({ lifecycleTickMs: 1_000 });
  const now = Date.now();
  const game = buildKalshiGameListing({
    league: 'nfl',
    // Two days out, on the hour: a game that has not started, with its markets open.
    startMs: Math.ceil((now + 2 * 24 * 3_600_000) / 3_600_000) * 3_600_000,
    listedMs: now,
    away: { code: 'NYG', name: 'New York G', eventName: 'NYG Giants' },
    home: { code: 'LAR', name: 'Los Angeles R', eventName: 'LAR Rams' },
  });
  const refusal = sim.exchange.lifecycle.listGame(game, now);
  if (refusal) throw new Error(`demo game not listed: ${refusal.message}`);
  sim.exchange.deposit('maker', 1_000_000_000_000 as Micros);
  const level = (cents: number, contracts: number) =>
    [(cents * 10_000) as Micros, (contracts * 100) as Centis] as const;
  const [home, away] = game.markets.map((m) => m.ticker) as [string, string];
  placeMakerQuotes(
    sim.exchange,
    {
      accountId: 'maker',
      ticker: home,
      bids: [level(40, 100), level(42, 50)],
      asks: [level(45, 50), level(47, 100)],
    },
    now,
  );
  placeMakerQuotes(
    sim.exchange,
    {
      accountId: 'maker',
      ticker: away,
      bids: [level(53, 100), level(55, 50)],
      asks: [level(58, 50), level(60, 100)],
    },
    now,
  );
  if (options.keyId && options.publicKey) {
    const dollars = Number(options.balance ?? 1_000);
    if (!Number.isFinite(dollars) || dollars < 0)
      throw new UserError(`--balance must be dollars, got ${options.balance}`);
    sim.exchange.deposit('trader', Math.round(dollars * 1_000_000) as Micros);
    sim.registerKey({
      keyId: options.keyId,
      accountId: 'trader',
      publicKeyPem: readFileSync(options.publicKey, 'utf8'),
    });
  }
  const { baseUrl } = await sim.listen(port, options.host ?? '127.0.0.1');
  const wsUrl = `${baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}/trade-api/ws/v2`;
  process.stdout.write(
    `Kalshi simulator at ${baseUrl}, WebSocket ${wsUrl} (game ${game.event.eventTicker}: ${home}, ${away}; admin API under /sim/)\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await sim.close();
}
