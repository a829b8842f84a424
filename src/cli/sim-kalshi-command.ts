/**
 * `arbees sim kalshi --port N`: the Kalshi simulator on its own, until Ctrl-C. It opens one
 * market quoted by a scripted maker; accounts, keys, markets and faults are added through the
 * `/sim/*` admin API.
 */
import { readFileSync } from 'node:fs';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import type { Centis, Micros } from '../core/money.js';
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

const DEMO_TICKER = 'KXNFLGAME-26SEP21NYGLAR-LAR';

export async function simKalshiCommand(options: SimKalshiOptions): Promise<void> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UserError(`--port must be 0-65535, got ${options.port}`);
  const sim = new KalshiSimServer();
  sim.exchange.addMarket({
    ticker: DEMO_TICKER,
    eventTicker: 'KXNFLGAME-26SEP21NYGLAR',
    seriesTicker: 'KXNFLGAME',
    closeTimeMs: Date.now() + 7 * 24 * 3_600_000,
    fees: KALSHI_SPORTS_FEES,
  });
  sim.exchange.deposit('maker', 1_000_000_000_000 as Micros);
  const level = (cents: number, contracts: number) =>
    [(cents * 10_000) as Micros, (contracts * 100) as Centis] as const;
  placeMakerQuotes(
    sim.exchange,
    {
      accountId: 'maker',
      ticker: DEMO_TICKER,
      bids: [level(40, 100), level(42, 50)],
      asks: [level(45, 50), level(47, 100)],
    },
    Date.now(),
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
    `Kalshi simulator at ${baseUrl}, WebSocket ${wsUrl} (market ${DEMO_TICKER}; admin API under /sim/)\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await sim.close();
}
