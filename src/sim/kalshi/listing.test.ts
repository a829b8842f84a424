/**
 * The listing builder against the real KXNFLGAME-26OCT08TBDAL capture (market from
 * ../shared/data; event and series fields as captured on 2026-10-06, quoted in matching.md §2),
 * and the other sports' tickers, rules text and times.
 */
import { describe, expect, it } from 'vitest';
import { realMarket } from '../../venues/kalshi/fixtures/load.js';
import { KalshiSimExchange } from './exchange.js';
import { buildKalshiGameListing, describeWindow, KalshiListingError } from './listing.js';
import type { KalshiGameSpec } from './listing-types.js';
import { marketJson } from './wire.js';
import { eventJson, seriesJson } from './wire-listing.js';

/** TB at DAL, Thursday Oct 8 2026 8:15 PM EDT, listed and opened as the real markets were. */
const TB_AT_DAL: KalshiGameSpec = {
  league: 'nfl',
  startMs: Date.parse('2026-10-09T00:15:00Z'),
  listedMs: Date.parse('2026-09-29T04:01:07.177Z'),
  openMs: Date.parse('2026-09-29T04:05:00Z'),
  away: {
    code: 'TB',
    name: 'Tampa Bay',
    eventName: 'TB Buccaneers',
    targetId: '1105fa0d-c798-4020-9e24-f377a334b3d9',
  },
  home: {
    code: 'DAL',
    name: 'Dallas',
    eventName: 'DAL Cowboys',
    targetId: '62b97b7c-5503-461c-b328-fd8543219b22',
  },
};

/** The real event object's own fields (GET /events?series_ticker=KXNFLGAME, 2026-10-06). */
const REAL_EVENT = {
  category: 'Sports',
  collateral_return_type: 'MECNET',
  event_ticker: 'KXNFLGAME-26OCT08TBDAL',
  exchange_index: 0,
  mutually_exclusive: true,
  product_metadata: { competition: 'Pro Football', competition_scope: 'Game' },
  series_ticker: 'KXNFLGAME',
  settlement_sources: [{ name: 'the Governing League', url: 'https://www.nfl.com/' }],
  strike_period: '',
  sub_title: 'TB vs DAL (Oct 8)',
  title: 'TB Buccaneers vs DAL Cowboys',
};

/** The real series (GET /series/KXNFLGAME), but for its update time. */
const REAL_SERIES = {
  categories: ['Sports'],
  category: 'Sports',
  contract_terms_url: 'https://assets.kalshi.com/contract_terms/FOOTBALLGAMEWIN.pdf',
  contract_url: 'https://assets.kalshi.com/regulatory/product-certifications/FOOTBALLGAMEWIN.pdf',
  exchange_index: 0,
  fee_multiplier: 1,
  fee_type: 'quadratic_with_maker_fees',
  frequency: 'custom',
  product_metadata: { scope: 'Game' },
  settlement_sources: [{ name: 'the Governing League', url: 'https://www.nfl.com/' }],
  tags: ['Football'],
  ticker: 'KXNFLGAME',
  title: 'NFL Game',
};

/** The listed game in an exchange at `nowMs`, its market objects as served. */
function listed(spec: KalshiGameSpec, nowMs: number) {
  const ex = new KalshiSimExchange();
  const built = buildKalshiGameListing(spec);
  expect(ex.lifecycle.listGame(built, nowMs)).toBeNull();
  return { ex, built, json: built.markets.map((m) => marketJson(ex.markets.get(m.ticker) as never)) };
}

describe('buildKalshiGameListing, NFL: the real capture', () => {
  const real = (realMarket() as { market: Record<string, unknown> }).market;
  const { ex, built, json } = listed(TB_AT_DAL, Date.parse('2026-10-06T06:38:16Z'));
  const dal = json[0] as Record<string, unknown>;

  it('serves the DAL market with exactly the real fields, and the real values of its listing', () => {
    expect(Object.keys(dal).sort()).toEqual(Object.keys(real).sort());
    const listingFields = [
      'ticker',
      'event_ticker',
      'market_type',
      'title',
      'yes_sub_title',
      'no_sub_title',
      'rules_primary',
      'rules_secondary',
      'strike_type',
      'custom_strike',
      'open_time',
      'close_time',
      'expiration_time',
      'latest_expiration_time',
      'expected_expiration_time',
      'occurrence_datetime',
      'can_close_early',
      'early_close_condition',
      'settlement_timer_seconds',
      'settlement_bounds_type',
      'exchange_index',
      'notional_value_dollars',
      'price_level_structure',
      'price_ranges',
      'expiration_value',
      'result',
      'status',
    ];
    for (const field of listingFields)
      expect({ field, value: dal[field] }).toEqual({ field, value: real[field] });
    // The capture has microseconds; the simulator keeps milliseconds.
    expect(Date.parse(dal.created_time as string)).toBe(Math.floor(Date.parse(real.created_time as string)));
  });

  it('names the date in the rules as Kalshi does: the Eastern date, Oct 8, for a 00:15 UTC Oct 9 start', () => {
    expect(built.event.eventTicker).toBe('KXNFLGAME-26OCT08TBDAL');
    expect(dal.rules_primary).toContain('originally scheduled for Oct 8, 2026,');
    expect(json[1]).toMatchObject({
      ticker: 'KXNFLGAME-26OCT08TBDAL-TB',
      title: 'Tampa Bay wins',
      yes_sub_title: 'Tampa Bay',
      no_sub_title: 'Tampa Bay',
      custom_strike: { football_team: '1105fa0d-c798-4020-9e24-f377a334b3d9' },
      rules_primary:
        'If Tampa Bay wins the TB Buccaneers vs DAL Cowboys Pro Football game originally scheduled for Oct 8, 2026, then the market resolves to Yes.',
    });
  });

  it('serves the real event and series fields', () => {
    const markets = [...ex.markets.values()];
    const event = eventJson({ ...built.event, listing: built.event, markets }, false);
    expect(event).toMatchObject(REAL_EVENT);
    expect(Object.keys(event).sort()).toEqual([...Object.keys(REAL_EVENT), 'last_updated_ts'].sort());
    const series = seriesJson(built.series, true);
    expect(series).toMatchObject(REAL_SERIES);
    expect(series.additional_prohibitions).toHaveLength(3);
  });
});

describe('buildKalshiGameListing, other sports', () => {
  const team = (code: string, name: string, eventName = `${code} ${name}`) => ({ code, name, eventName });
  const base = { listedMs: Date.parse('2026-06-01T12:00:00Z') };

  it('MLB puts the Eastern start HHMM in the ticker and the time in the rules, on shard 3', () => {
    const { event, markets } = buildKalshiGameListing({
      ...base,
      league: 'mlb',
      startMs: Date.parse('2026-06-26T23:40:00Z'),
      away: team('KC', 'Kansas City', 'KC Royals'),
      home: team('CWS', 'Chicago WS', 'CWS White Sox'),
    });
    expect(event.eventTicker).toBe('KXMLBGAME-26JUN261940KCCWS');
    expect(markets.map((m) => m.ticker)).toEqual([
      'KXMLBGAME-26JUN261940KCCWS-CWS',
      'KXMLBGAME-26JUN261940KCCWS-KC',
    ]);
    expect(markets[0]?.rulesPrimary).toBe(
      'If Chicago WS wins the KC Royals vs CWS White Sox professional baseball game originally scheduled for Jun 26, 2026 at 7:40 PM EDT, then the market resolves to Yes.',
    );
    expect(markets[0]?.exchangeIndex).toBe(3);
    expect(markets[0]?.customStrike).toHaveProperty('baseball_team');
  });

  it('writes EST once daylight saving has ended, and dates a late game by its Eastern day', () => {
    const { event, markets } = buildKalshiGameListing({
      ...base,
      league: 'mlb',
      // Sunday Nov 1 2026, 10:05 PM EST = Nov 2 03:05 UTC.
      startMs: Date.parse('2026-11-02T03:05:00Z'),
      away: team('LAD', 'Los Angeles D'),
      home: team('NYY', 'New York Y'),
    });
    expect(event.eventTicker).toBe('KXMLBGAME-26NOV012205LADNYY');
    expect(markets[0]?.rulesPrimary).toContain('Nov 1, 2026 at 10:05 PM EST,');
  });

  it('NBA and NHL: the competition, the rules phrase and the strike key of each', () => {
    const nba = buildKalshiGameListing({
      ...base,
      league: 'nba',
      startMs: Date.parse('2026-10-07T23:30:00Z'),
      away: team('MIN', 'Minnesota'),
      home: team('IND', 'Indiana'),
    });
    expect(nba.event).toMatchObject({
      eventTicker: 'KXNBAGAME-26OCT07MININD',
      competition: 'Pro Basketball (M)',
    });
    expect(nba.markets[0]?.rulesPrimary).toContain('MIN Minnesota vs IND Indiana Pro Basketball game');
    expect(nba.markets[0]?.customStrike).toHaveProperty('basketball_team');
    const nhl = buildKalshiGameListing({
      ...base,
      league: 'nhl',
      startMs: Date.parse('2026-10-03T23:00:00Z'),
      away: team('NJD', 'New Jersey'),
      home: team('NYR', 'New York R'),
    });
    expect(nhl.event).toMatchObject({ eventTicker: 'KXNHLGAME-26OCT03NJDNYR', competition: 'Pro Hockey' });
    expect(nhl.markets[0]?.rulesSecondary).toContain('$0.50 for each team');
    expect(nhl.markets[0]?.closeMs).toBe(Date.parse('2026-10-05T23:00:00Z'));
  });

  it('soccer lists a third TIE market, rules on 90 minutes, and a two-week postponement window', () => {
    const { event, markets } = buildKalshiGameListing({
      ...base,
      league: 'soccer',
      seriesTicker: 'KXEPLGAME',
      startMs: Date.parse('2026-11-29T16:30:00Z'),
      away: team('ARS', 'Arsenal', 'Arsenal'),
      home: team('CHE', 'Chelsea', 'Chelsea'),
    });
    expect(event).toMatchObject({ eventTicker: 'KXEPLGAME-26NOV29ARSCHE', competition: 'EPL' });
    expect(markets.map((m) => [m.ticker, m.yesSubTitle])).toEqual([
      ['KXEPLGAME-26NOV29ARSCHE-CHE', 'Chelsea'],
      ['KXEPLGAME-26NOV29ARSCHE-ARS', 'Arsenal'],
      ['KXEPLGAME-26NOV29ARSCHE-TIE', 'Tie'],
    ]);
    expect(markets[2]?.customStrike).toBeNull();
    expect(markets[0]?.rulesPrimary).toBe(
      'If Chelsea wins the Arsenal vs Chelsea professional EPL soccer game originally scheduled for Nov 29, 2026 after 90 minutes plus stoppage time, then the market resolves to Yes.',
    );
    expect(markets[0]?.rulesSecondary).toContain('within two weeks from its originally scheduled start time');
    expect(markets[0]?.rulesSecondary).not.toContain('$0.50');
    expect(markets[0]?.closeMs).toBe(Date.parse('2026-12-13T16:30:00Z'));
    expect(markets[0]?.expectedExpirationMs).toBe(Date.parse('2026-11-29T19:30:00Z'));
  });

  it('refuses a bad spec naming the field', () => {
    const spec: KalshiGameSpec = {
      ...base,
      league: 'nba',
      startMs: Date.parse('2026-10-07T23:30:00Z'),
      away: team('MIN', 'Minnesota'),
      home: team('MIN', 'Minnesota'),
    };
    const fieldOf = (s: KalshiGameSpec) => {
      try {
        buildKalshiGameListing(s);
        return null;
      } catch (error) {
        return error instanceof KalshiListingError ? error.field : String(error);
      }
    };
    expect(fieldOf(spec)).toBe('home.code');
    expect(fieldOf({ ...spec, home: team('ind', 'Indiana') })).toBe('home.code');
    expect(fieldOf({ ...spec, home: team('IND', ' ') })).toBe('home.name');
    expect(fieldOf({ ...spec, home: team('IND', 'Indiana'), startMs: Number.NaN })).toBe('start_time');
    expect(fieldOf({ ...spec, home: team('IND', 'Indiana'), openMs: spec.startMs + 49 * 3_600_000 })).toBe(
      'open_time',
    );
    expect(fieldOf({ ...spec, league: 'soccer', seriesTicker: 'KXLIGAMXGAME', home: team('IND', 'I') })).toBe(
      'competition',
    );
    expect(fieldOf({ ...spec, home: team('IND', 'Indiana') })).toBeNull();
  });

  it('words postponement windows as the real texts do', () => {
    expect(describeWindow(48 * 3_600_000)).toBe('48 hours');
    expect(describeWindow(14 * 24 * 3_600_000)).toBe('two weeks');
    expect(describeWindow(3 * 24 * 3_600_000)).toBe('3 days');
  });
});
