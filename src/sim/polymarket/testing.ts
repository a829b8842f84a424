/**
 * A Polymarket simulator on an ephemeral port with one NFL moneyline market (tokens for each
 * team), a seeded maker and a funded trader wallet: the fixture the tests, the CLI and the
 * adapter's conformance tests share. The trader's key is a fixed test key, never a real one.
 */
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Micros } from '../../core/money.js';
import { eventTags, GAMMA_SPORTS } from './gamma-sports.js';
import { placePolyMakerQuotes } from './maker.js';
import type { SimPolyEventSpec, SimPolyMarketSpec } from './market.js';
import { PolySimServer, type PolySimServerOptions, SIM_MAKER_ACCOUNT } from './server.js';

/** A throwaway test key; the simulator only recovers signatures, nothing is ever on chain. */
export const SIM_TRADER_KEY: Hex = `0x${'11'.repeat(32)}`;
export const SIM_MAKER_WALLET = SIM_MAKER_ACCOUNT;

export const SIM_EVENT: SimPolyEventSpec = {
  id: '90001',
  slug: 'nfl-nyg-lar-2026-09-21',
  title: 'Giants vs. Rams',
  seriesSlug: 'nfl-2026',
  sport: 'nfl',
  startTimeMs: Date.UTC(2026, 8, 22, 0, 15),
  teams: [
    { name: 'Giants', abbreviation: 'NYG', ordering: 'away' },
    { name: 'Rams', abbreviation: 'LAR', ordering: 'home' },
  ],
  negRisk: false,
  // Sports, NFL, games: discovery asks Gamma for the games tag.
  tags: eventTags(GAMMA_SPORTS.nfl),
};

export const SIM_MARKET: SimPolyMarketSpec = {
  conditionId: `0x${'7a'.repeat(32)}`,
  question: 'Giants vs. Rams',
  slug: 'nfl-nyg-lar-2026-09-21',
  outcomes: ['Giants', 'Rams'],
  tokenIds: [
    '71321045679252212594626385532706912750332728571942532289631379312455583992563',
    '52114319501245915516055106046884209969926127482827954674443846427813813222426',
  ],
  tickSize: '0.01',
  minOrderSize: 5_000_000,
  negRisk: false,
  version: 'v1',
  fee: { ratePpm: 30_000, exponent: 1 },
  sportsMarketType: 'moneyline',
  gameStartTimeMs: Date.UTC(2026, 8, 22, 0, 15),
  endTimeMs: Date.UTC(2026, 8, 22, 4, 0),
  eventId: SIM_EVENT.id,
};

export interface PolySimFixture {
  readonly sim: PolySimServer;
  readonly baseUrl: string;
  readonly gammaUrl: string;
  readonly wsUrl: string;
  readonly traderKey: Hex;
  /** The trader's EOA, checksummed. */
  readonly traderAddress: Hex;
  close(): Promise<void>;
}

/** Adds the demo event and market and, unless told not to, the maker's quotes around 0.42/0.45. */
export function seedDemoMarket(
  sim: PolySimServer,
  opts: { seedMaker?: boolean; takerDelaySeconds?: number } = {},
): void {
  const now = sim.now();
  sim.exchange.addEvent(SIM_EVENT);
  sim.exchange.addMarket({ ...SIM_MARKET, takerDelaySeconds: opts.takerDelaySeconds ?? 0 }, now);
  sim.exchange.deposit(SIM_MAKER_WALLET, 100_000_000_000 as Micros);
  if (!(opts.seedMaker ?? true)) return;
  const refusals = placePolyMakerQuotes(
    sim.exchange,
    {
      account: SIM_MAKER_WALLET,
      conditionId: SIM_MARKET.conditionId,
      bids: [
        [400_000 as Micros, 100_000_000],
        [420_000 as Micros, 50_000_000],
      ],
      asks: [
        [450_000 as Micros, 50_000_000],
        [470_000 as Micros, 100_000_000],
      ],
    },
    now,
  );
  if (refusals.length > 0) throw new Error(`maker quotes refused: ${JSON.stringify(refusals)}`);
}

export async function startPolySimFixture(
  opts: { traderBalance?: Micros; seedMaker?: boolean; server?: PolySimServerOptions; port?: number } = {},
): Promise<PolySimFixture> {
  const sim = new PolySimServer(opts.server);
  seedDemoMarket(sim, { seedMaker: opts.seedMaker ?? true });
  const trader = privateKeyToAccount(SIM_TRADER_KEY);
  sim.exchange.deposit(trader.address, opts.traderBalance ?? (1_000_000_000 as Micros));
  const { baseUrl, gammaUrl, wsUrl } = await sim.listen(opts.port ?? 0);
  return {
    sim,
    baseUrl,
    gammaUrl,
    wsUrl,
    traderKey: SIM_TRADER_KEY,
    traderAddress: trader.address,
    close: () => sim.close(),
  };
}
