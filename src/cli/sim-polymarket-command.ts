/**
 * `arbees sim polymarket --port N`: the Polymarket simulator on its own, until Ctrl-C. It opens
 * the demo NFL moneyline market quoted by a scripted maker and funds one trader wallet;
 * markets, wallets, funds and faults are added through the `/sim/*` admin API.
 */
import { isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Micros } from '../core/money.js';
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
  sim.exchange.deposit(trader, Math.round(dollars * 1_000_000) as Micros);
  const { baseUrl, gammaUrl, wsUrl } = await sim.listen(port, options.host ?? '127.0.0.1');
  process.stdout.write(
    `Polymarket simulator: CLOB ${baseUrl}, Gamma ${gammaUrl}, WebSockets ${wsUrl}/market and ${wsUrl}/user\n` +
      `  market ${SIM_MARKET.conditionId} (${SIM_MARKET.outcomes.join(' / ')}); trader ${trader} funded with $${dollars}; admin API under /sim/\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await sim.close();
}
