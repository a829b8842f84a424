/** The shared VenueClient cases on the paper venue, and on the Kalshi and Polymarket clients over their simulators. */
import { SimulatedClock } from '../core/clock.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asGameId, asInstrumentId, asOutcomeId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import { placeMakerQuotes } from '../sim/kalshi/maker.js';
import { SIM_TICKER, startSimFixture } from '../sim/kalshi/testing.js';
import { placePolyMakerQuotes } from '../sim/polymarket/maker.js';
import { SIM_MAKER_WALLET, SIM_MARKET, startPolySimFixture } from '../sim/polymarket/testing.js';
import { placePmusMakerQuotes, SIM_PMUS_MARKET, startPmusSimFixture } from '../sim/polymarket-us/testing.js';
import { type ConformanceVenue, defineVenueConformance } from './conformance.js';
import { KalshiVenueClient } from './kalshi/client.js';
import { KalshiHttp } from './kalshi/http.js';
import { PaperVenue } from './paper/paper-venue.js';
import { simVenueClient } from './polymarket/testing.js';
import { pmusSigningKey } from './polymarket-us/auth.js';
import { PolymarketUsVenueClient } from './polymarket-us/client.js';
import { PmusHttp } from './polymarket-us/http.js';
import { pmusInstrumentId } from './polymarket-us/ids.js';

/** The paper venue as a backtest has it (latency 0), and as a paper run has it (latency, waited). */
function paperConformance(latencyMs: number) {
  return async () => {
    const instrumentId = asInstrumentId('kalshi:CONF');
    const clock = new SimulatedClock(1000);
    const client = new PaperVenue({
      venue: 'kalshi',
      clock,
      startingBalance: 1_000_000_000 as Micros,
      latencyMs,
      // The wait is the clock's: it moves on by the latency, at once.
      sleep: async (ms) => clock.advance(ms),
    });
    client.addInstrument({
      instrumentId,
      venue: 'kalshi',
      symbol: 'CONF',
      gameId: asGameId('conformance'),
      outcomeId: asOutcomeId('conformance/home_win'),
      outcome: 'home_win',
      tickSize: 10_000 as Micros,
      fees: KALSHI_SPORTS_FEES,
      settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
      simulated: true,
    });
    return {
      client,
      instrumentId,
      seedBook: async (book: Parameters<ConformanceVenue['seedBook']>[0]) => {
        client.onBook({
          type: 'BookSnapshot',
          id: asEventId('seed'),
          ts: 1000,
          instrumentId,
          venue: 'kalshi',
          ...book,
          venueTs: 1000,
        });
      },
      close: async () => {},
    };
  };
}

defineVenueConformance('PaperVenue', paperConformance(0));
defineVenueConformance('PaperVenue with 60 ms latency', paperConformance(60));

defineVenueConformance('KalshiVenueClient → Kalshi simulator', async () => {
  const fx = await startSimFixture({ seedMaker: false });
  const http = new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } });
  return {
    client: new KalshiVenueClient({ http }),
    instrumentId: asInstrumentId(`kalshi:${SIM_TICKER}`),
    seedBook: async (book) => {
      const levels = (ls: typeof book.bids) => ls.map((l) => [l.price, l.qty] as const);
      const refusals = placeMakerQuotes(
        fx.sim.exchange,
        { accountId: 'maker', ticker: SIM_TICKER, bids: levels(book.bids), asks: levels(book.asks) },
        Date.now(),
      );
      if (refusals.length > 0) throw new Error(JSON.stringify(refusals));
    },
    close: () => fx.close(),
  };
});

defineVenueConformance('PolymarketVenueClient → Polymarket simulator', async () => {
  const fx = await startPolySimFixture({ seedMaker: false });
  const { client } = await simVenueClient(fx);
  return {
    client,
    instrumentId: asInstrumentId(`polymarket:${SIM_MARKET.tokenIds[0]}`),
    seedBook: async (book) => {
      // Centi-contracts to the venue's micro-shares.
      const levels = (ls: typeof book.bids) => ls.map((l) => [l.price, l.qty * 10_000] as const);
      const refusals = placePolyMakerQuotes(
        fx.sim.exchange,
        {
          account: SIM_MAKER_WALLET,
          conditionId: SIM_MARKET.conditionId,
          bids: levels(book.bids),
          asks: levels(book.asks),
        },
        fx.sim.now(),
      );
      if (refusals.length > 0) throw new Error(JSON.stringify(refusals));
    },
    close: () => fx.close(),
  };
});

defineVenueConformance('PolymarketUsVenueClient → Polymarket US simulator', async () => {
  const fx = await startPmusSimFixture({ seedMaker: false });
  const http = new PmusHttp({ apiBaseUrl: fx.baseUrl, key: pmusSigningKey(fx.keyId, fx.secret) });
  return {
    client: new PolymarketUsVenueClient({ http }),
    instrumentId: pmusInstrumentId(SIM_PMUS_MARKET.slug),
    seedBook: async (book) => {
      const levels = (ls: typeof book.bids) => ls.map((l) => [l.price, l.qty] as const);
      const refusals = placePmusMakerQuotes(fx.sim, {
        slug: SIM_PMUS_MARKET.slug,
        bids: levels(book.bids),
        asks: levels(book.asks),
      });
      if (refusals.length > 0) throw new Error(refusals.join('; '));
    },
    close: () => fx.close(),
  };
});
