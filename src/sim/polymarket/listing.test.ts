/**
 * The listing builder, in process: slugs, titles, outcomes and rules text checked against live
 * Polymarket listings quoted in third-party fixtures (Warriors vs. Suns 2026-02-05, Titans vs.
 * Giants 2026-09-27, Everton FC vs. Crystal Palace FC 2026-08-22, France's 2026-07-14 rules),
 * ids, and what each result pays.
 */
import { describe, expect, it } from 'vitest';
import { buildGameListing, type GameListingSpec, payoutsFor } from './listing.js';
import { easternDate, easternTime } from './rules-text.js';
import { gammaTime } from './wire-markets.js';

const NBA: GameListingSpec = {
  sport: 'nba',
  // 10:00PM ET on February 5 (EST): 03:00 UTC on the 6th.
  startTimeMs: Date.UTC(2026, 1, 6, 3, 0),
  home: { abbreviation: 'PHX', name: 'Phoenix Suns', outcome: 'Suns' },
  away: { abbreviation: 'GSW', name: 'Golden State Warriors', outcome: 'Warriors' },
};
const NFL: GameListingSpec = {
  sport: 'nfl',
  startTimeMs: Date.UTC(2026, 8, 27, 17, 0),
  home: { abbreviation: 'nyg', name: 'New York Giants', outcome: 'Giants' },
  away: { abbreviation: 'ten', name: 'Tennessee Titans', outcome: 'Titans' },
};
const EPL: GameListingSpec = {
  sport: 'epl',
  startTimeMs: Date.UTC(2026, 7, 22, 14, 0),
  home: { abbreviation: 'eve', name: 'Everton FC', outcome: 'Everton' },
  away: { abbreviation: 'cry', name: 'Crystal Palace FC', outcome: 'Crystal Palace' },
};

describe('US Eastern dates', () => {
  it('puts an evening game on its Eastern day, on either side of the clock changes', () => {
    expect(easternDate(Date.UTC(2026, 1, 6, 3, 0))).toBe('2026-02-05'); // EST, UTC-5
    expect(easternDate(Date.UTC(2026, 1, 6, 5, 0))).toBe('2026-02-06');
    expect(easternDate(Date.UTC(2026, 9, 12, 0, 20))).toBe('2026-10-11'); // EDT, UTC-4
    expect(easternDate(Date.UTC(2026, 9, 12, 4, 0))).toBe('2026-10-12');
    // 2026-03-08 02:00 EST becomes 03:00 EDT: 02:30 UTC on the 9th is 10:30PM EDT on the 8th.
    expect(easternTime(Date.UTC(2026, 2, 9, 2, 30))).toMatchObject({ day: 8, clock: '10:30PM' });
    expect(easternTime(Date.UTC(2026, 10, 1, 17, 0)).clock).toBe('12:00PM'); // EST again
  });
});

describe('a US league moneyline', () => {
  it('lists Warriors at Suns as Polymarket did: slug, title, outcomes in slug order, rules text', () => {
    const { event, markets } = buildGameListing(NBA);
    expect(event.slug).toBe('nba-gsw-phx-2026-02-05');
    expect(event.title).toBe('Warriors vs. Suns');
    expect(event.teams.map((t) => [t.abbreviation, t.ordering, t.name])).toEqual([
      ['gsw', 'away', 'Golden State Warriors'],
      ['phx', 'home', 'Phoenix Suns'],
    ]);
    expect(markets).toHaveLength(1);
    const [ml] = markets;
    expect(ml?.role).toEqual({ kind: 'moneyline', first: 'away' });
    expect(ml?.spec).toMatchObject({
      slug: 'nba-gsw-phx-2026-02-05',
      question: 'Warriors vs. Suns',
      outcomes: ['Warriors', 'Suns'],
      sportsMarketType: 'moneyline',
      negRisk: false,
      version: 'v1',
      tickSize: '0.01',
      minOrderSize: 5_000_000,
      fee: { ratePpm: 30_000, exponent: 1 },
      feeType: 'sports_fees_v2',
      clearBookOnStart: true,
      takerDelaySeconds: 3,
      takerDelayWhenLive: true,
      resolutionSource: 'https://www.nba.com/',
    });
    expect(gammaTime(ml?.spec.gameStartTimeMs ?? 0)).toBe('2026-02-06 03:00:00+00');
    expect(ml?.spec.description).toBe(
      [
        'In the upcoming NBA game, scheduled for February 5 at 10:00PM ET:',
        'If the Warriors win, the market will resolve to "Warriors".',
        'If the Suns win, the market will resolve to "Suns".',
        'If the game is postponed, this market will remain open until the game has been completed.',
        'If the game is canceled entirely, with no make-up game, this market will resolve 50-50.',
        'The result will be determined based on the final score including any overtime periods.',
      ].join('\n'),
    );
    expect(event.seriesSlug).toBe('nba-2026');
    expect(event.tags?.map((t) => t.id)).toEqual(['1', '745', '100639']);
    expect(event.listedAtMs).toBe(NBA.startTimeMs - 6 * 86_400_000);
  });

  it('words NFL rules as the live NFL markets do: a tie resolves 50-50', () => {
    const { event, markets } = buildGameListing(NFL);
    expect(event.slug).toBe('nfl-ten-nyg-2026-09-27');
    expect(event.title).toBe('Titans vs. Giants');
    expect(event.seriesSlug).toBe('nfl-2026');
    expect(markets[0]?.spec.description).toBe(
      [
        'In the upcoming NFL game, scheduled for September 27 at 1:00PM ET:',
        'If Titans wins, the market will resolve to "Titans".',
        'If Giants wins, the market will resolve to "Giants".',
        'If the game is postponed, this market will remain open until the game has been completed.',
        'If the game is canceled entirely or ends in a tie, with no make-up game, this market will resolve 50-50.',
      ].join('\n'),
    );
    // A January playoff game is still in the season that started in 2026.
    expect(buildGameListing({ ...NFL, startTimeMs: Date.UTC(2027, 0, 17, 18) }).event.seriesSlug).toBe(
      'nfl-2026',
    );
  });
});

describe('a soccer game', () => {
  it('lists home, draw and away Yes/No markets in one neg-risk event, home team first', () => {
    const { event, markets } = buildGameListing(EPL);
    expect(event.slug).toBe('epl-eve-cry-2026-08-22');
    expect(event.title).toBe('Everton FC vs. Crystal Palace FC');
    expect(event.negRisk).toBe(true);
    expect(event.tags?.map((t) => t.id)).toEqual(['1', '82', '306', '100639', '100350']);
    expect(event.sportInfo).toEqual({
      id: 2,
      name: 'Premier League',
      tags: '1,82,306,100639,100350',
      primaryTagId: 306,
      series: '10188',
    });
    expect(markets.map((m) => [m.spec.slug, m.spec.question, m.spec.groupItemTitle, m.role])).toEqual([
      [
        'epl-eve-cry-2026-08-22-eve',
        'Will Everton FC win on 2026-08-22?',
        'Everton FC',
        { kind: 'result', result: 'home' },
      ],
      [
        'epl-eve-cry-2026-08-22-draw',
        'Will Everton FC vs. Crystal Palace FC end in a draw?',
        'Draw (Everton FC vs. Crystal Palace FC)',
        { kind: 'result', result: 'draw' },
      ],
      [
        'epl-eve-cry-2026-08-22-cry',
        'Will Crystal Palace FC win on 2026-08-22?',
        'Crystal Palace FC',
        { kind: 'result', result: 'away' },
      ],
    ]);
    for (const { spec } of markets) {
      expect(spec.outcomes).toEqual(['Yes', 'No']);
      expect(spec.negRisk).toBe(true);
      expect(spec.negRiskMarketId).toBe(markets[0]?.spec.negRiskMarketId);
    }
    expect(markets[0]?.spec.description).toBe(
      [
        'In the upcoming game, scheduled for August 22, 2026',
        'If Everton FC wins, this market will resolve to "Yes".',
        'Otherwise, this market will resolve to "No".',
        'If the game is postponed, this market will remain open until the game has been completed.',
        'If the game is canceled entirely, with no make-up game, this market will resolve "No".',
        'This market refers only to the outcome within the first 90 minutes of regular play plus stoppage time.',
        '',
        "The primary resolution source for this market is the official statistics of the event as recognized by the governing body or event organizers. However, if the governing body or event organizers have not published final match statistics within 2 hours after the event's conclusion, a consensus of credible reporting may be used instead.",
      ].join('\n'),
    );
    expect(markets[1]?.spec.description).toContain(
      'If the game ends in a draw, this market will resolve to "Yes".',
    );
  });
});

describe('ids', () => {
  it('are the same for the same game and different for another, in the venue forms', () => {
    const a = buildGameListing(EPL);
    expect(buildGameListing(EPL)).toEqual(a);
    const b = buildGameListing({ ...EPL, startTimeMs: EPL.startTimeMs + 7 * 86_400_000 });
    const all = (l: typeof a) => [
      l.event.id,
      ...l.markets.flatMap((m) => [m.spec.conditionId, ...m.spec.tokenIds]),
    ];
    expect(new Set([...all(a), ...all(b)]).size).toBe(all(a).length + all(b).length);
    expect(a.event.id).toMatch(/^\d{6}$/);
    expect(Number.isSafeInteger(a.event.gameId)).toBe(true);
    for (const { spec } of a.markets) {
      expect(spec.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
      expect(spec.gammaId).toMatch(/^\d{7}$/);
      for (const t of spec.tokenIds) expect(BigInt(t) < 2n ** 256n && /^\d{1,78}$/.test(t)).toBe(true);
    }
  });

  it('refuses a spec it cannot list, naming the field', () => {
    expect(() => buildGameListing({ ...NFL, away: { ...NFL.away, abbreviation: 'NYG' } })).toThrow(
      /away\.abbreviation/,
    );
    expect(() => buildGameListing({ ...NFL, sport: 'xfl' as 'nfl' })).toThrow(/sport/);
    expect(() => buildGameListing({ ...NFL, listedAtMs: NFL.startTimeMs + 1 })).toThrow(/listedAtMs/);
    expect(() => buildGameListing({ ...NFL, threeWay: true })).toThrow(/threeWay/);
  });
});

describe('payouts', () => {
  const indexes = (spec: GameListingSpec, result: Parameters<typeof payoutsFor>[1]) => {
    const r = payoutsFor(buildGameListing(spec), result);
    return typeof r === 'string' ? r : [...r.values()].map((p) => (p.kind === 'split' ? 'split' : p.index));
  };

  it('pays the winner in a US moneyline, 50-50 on an NFL tie or a cancellation, and no level NBA game', () => {
    expect(indexes(NFL, 'home')).toEqual([1]); // token 0 is the away team (Titans)
    expect(indexes(NFL, 'away')).toEqual([0]);
    expect(indexes(NFL, 'draw')).toEqual(['split']);
    expect(indexes(NFL, 'canceled')).toEqual(['split']);
    expect(indexes(NBA, 'canceled')).toEqual(['split']);
    expect(indexes(NBA, 'draw')).toBe('NBA games cannot end level');
  });

  it('pays Yes on the result that happened in soccer; a cancellation is No for the teams, Yes for the draw', () => {
    expect(indexes(EPL, 'home')).toEqual([0, 1, 1]);
    expect(indexes(EPL, 'draw')).toEqual([1, 0, 1]);
    expect(indexes(EPL, 'away')).toEqual([1, 1, 0]);
    expect(indexes(EPL, 'canceled')).toEqual([1, 0, 1]);
  });
});
