/**
 * A Polymarket US simulator on an ephemeral port with one NFL moneyline market, a funded trader
 * whose API key is a fixed test key (never a real one), and a maker account: the fixture the
 * tests, the CLI and the adapter's conformance tests share.
 */
import type { Micros } from '../../core/money.js';
import { pmusPrivateKeyFromSecret, pmusPublicKeyBase64 } from '../../venues/polymarket-us/auth.js';
import { SimPmusServer, type SimPmusServerOptions } from './server.js';
import type { SimPmusMarketSpec } from './types.js';

/** Seed 32 × 0x01: the reference's signing vector, a throwaway test key. */
export const SIM_PMUS_SECRET = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=';
export const SIM_PMUS_KEY_ID = '00000000-0000-4000-8000-000000000001';
export const SIM_PMUS_TRADER = 'trader';
export const SIM_PMUS_MAKER = 'maker';

export const SIM_PMUS_MARKET: SimPmusMarketSpec = {
  slug: 'aec-nfl-nyg-lar-2026-09-21',
  id: '41001',
  eventSlug: 'nfl-nyg-lar-2026-09-21',
  question: 'Giants vs. Rams',
  outcome: 'Will New York win?',
  tick: 10_000 as Micros,
  sportsMarketType: 'football_team_full_game_winner',
  league: 'nfl',
  gameStartTimeMs: Date.UTC(2026, 8, 22, 0, 15),
  longTeam: { name: 'New York Giants', abbreviation: 'NYG' },
  shortTeam: { name: 'Los Angeles Rams', abbreviation: 'LAR' },
};

export interface SimPmusFixture {
  readonly sim: SimPmusServer;
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly keyId: string;
  readonly secret: string;
  close(): Promise<void>;
}

/** Resting maker quotes (YES frame, best first), as GTC orders of the maker account. */
export function placePmusMakerQuotes(
  sim: SimPmusServer,
  opts: {
    slug: string;
    account?: string;
    bids: readonly (readonly [Micros, number])[];
    asks: readonly (readonly [Micros, number])[];
  },
): string[] {
  const refusals: string[] = [];
  const account = opts.account ?? SIM_PMUS_MAKER;
  // Bids buy YES; asks sell YES the maker does not hold, which opens a short (the NO side).
  const place = (
    intent: 'ORDER_INTENT_BUY_LONG' | 'ORDER_INTENT_SELL_LONG',
    [price, qty]: readonly [Micros, number],
  ) => {
    const out = sim.exchange.submit(
      account,
      { slug: opts.slug, intent, price, qty, tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL', postOnly: true },
      sim.now(),
    );
    if (out.kind !== 'created') refusals.push(out.message);
    else if (out.order.state !== 'ORDER_STATE_NEW') refusals.push(`${intent} ${price}: ${out.order.state}`);
  };
  for (const l of opts.bids) place('ORDER_INTENT_BUY_LONG', l);
  for (const l of opts.asks) place('ORDER_INTENT_SELL_LONG', l);
  return refusals;
}

export async function startPmusSimFixture(
  opts: {
    seedMaker?: boolean;
    traderBalance?: Micros;
    server?: SimPmusServerOptions;
    port?: number;
    host?: string;
  } = {},
): Promise<SimPmusFixture> {
  const sim = new SimPmusServer(opts.server);
  sim.exchange.addMarket(SIM_PMUS_MARKET);
  sim.exchange.deposit(SIM_PMUS_MAKER, 1_000_000_000_000 as Micros);
  sim.exchange.deposit(SIM_PMUS_TRADER, opts.traderBalance ?? (1_000_000_000 as Micros));
  sim.registerKey({
    keyId: SIM_PMUS_KEY_ID,
    publicKeyBase64: pmusPublicKeyBase64(pmusPrivateKeyFromSecret(SIM_PMUS_SECRET)),
    accountId: SIM_PMUS_TRADER,
  });
  if (opts.seedMaker ?? true) {
    const refusals = placePmusMakerQuotes(sim, {
      slug: SIM_PMUS_MARKET.slug,
      bids: [
        [420_000 as Micros, 5_000],
        [400_000 as Micros, 10_000],
      ],
      asks: [
        [450_000 as Micros, 5_000],
        [470_000 as Micros, 10_000],
      ],
    });
    if (refusals.length > 0) throw new Error(`maker quotes refused: ${refusals.join('; ')}`);
  }
  const { baseUrl, wsUrl } = await sim.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return { sim, baseUrl, wsUrl, keyId: SIM_PMUS_KEY_ID, secret: SIM_PMUS_SECRET, close: () => sim.close() };
}
