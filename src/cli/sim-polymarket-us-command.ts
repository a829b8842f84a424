/**
 * `arbees sim polymarket-us --port N`: the Polymarket US simulator on its own, until Ctrl-C.
 * One NFL moneyline market quoted by a maker, and a funded trader whose API key is the fixed
 * test key (printed, so the official SDK or our adapter can sign with it). Public and
 * authenticated base URLs are the same server; the WebSockets are at /v1/ws/markets and
 * /v1/ws/private.
 */
import type { Micros } from '../core/money.js';
import { SIM_PMUS_MARKET, startPmusSimFixture } from '../sim/polymarket-us/testing.js';
import { UserError } from './errors.js';

export interface SimPolymarketUsOptions {
  readonly port?: string;
  readonly host?: string;
  readonly balance?: string;
}

export async function simPolymarketUsCommand(options: SimPolymarketUsOptions): Promise<void> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UserError(`--port must be 0-65535, got ${options.port}`);
  const dollars = Number(options.balance ?? 1_000);
  if (!Number.isFinite(dollars) || dollars < 0)
    throw new UserError(`--balance must be dollars, got ${options.balance}`);
  const fx = await startPmusSimFixture({
    port,
    host: options.host ?? '127.0.0.1',
    traderBalance: Math.round(dollars * 1_000_000) as Micros,
  });
  process.stdout.write(
    [
      `Polymarket US simulator at ${fx.baseUrl} (gateway and API), WebSockets ${fx.wsUrl}/v1/ws/markets and ${fx.wsUrl}/v1/ws/private`,
      `market ${SIM_PMUS_MARKET.slug} (${SIM_PMUS_MARKET.question}), quoted 0.42 / 0.45`,
      `test API key: keyId ${fx.keyId} secret ${fx.secret} (trader funded with $${dollars})`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await fx.close();
}
