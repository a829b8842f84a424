/**
 * The rules readers on real rules texts: the captured KXNFLGAME market, and Kalshi and Gamma
 * texts quoted verbatim in public code (matching.md §2–3). Each term comes with its sentence;
 * anything unknown is reported with the sentence, never half-read.
 */
import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../kalshi/fixtures/load.js';
import { readGammaRules } from './gamma-rules.js';
import { readKalshiRules } from './kalshi-rules.js';

const real = (
  readSharedJson('markets/kalshi_markets__ticker_KXNFLGAME-26OCT08TBDAL-DAL.json') as {
    market: { rules_primary: string; rules_secondary: string };
  }
).market;

/** A real KXNBAGAME rules_secondary (2026-10-07), as quoted in public code. */
const NBA_SECONDARY =
  'If the game is postponed but begins within 48 hours of its originally scheduled start time, the market will remain open and resolve based on the official final result. If the game is cancelled or not started within 48 hours of its originally scheduled start, all markets will resolve to a fair price.';

describe('readKalshiRules', () => {
  it('reads the real NFL market: winner, overtime by its wording, a tie at $0.50, 48 h, fair price', () => {
    const r = readKalshiRules({
      league: 'nfl',
      primary: real.rules_primary,
      secondary: real.rules_secondary,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(r.reading).toMatchObject({
      outcome: 'team',
      subject: 'Dallas',
      matchup: 'TB Buccaneers vs DAL Cowboys',
      scheduledDate: '2026-10-08',
      scheduledStart: null,
      terms: {
        includesOvertime: true,
        drawPossible: true,
        drawPayout: 'half',
        postponement: 'follows_rescheduled_game',
        postponementWindowHours: 48,
        unplayedPayout: 'fair_price',
      },
    });
    expect(r.reading.evidence).toEqual([
      { term: 'winner', text: real.rules_primary, inferred: false },
      { term: 'overtime', text: expect.stringMatching(/official result/), inferred: true },
      {
        term: 'draw',
        text: 'If the game ends in a tie, the market will resolve to $0.50 for each team.',
        inferred: false,
      },
      {
        term: 'postponement',
        text: expect.stringMatching(/^If the game is postponed but begins within 48 hours/),
        inferred: false,
      },
      {
        term: 'unplayed',
        text: 'If the game is not started within 48 hours, the market will resolve to a fair price.',
        inferred: false,
      },
    ]);
  });

  it('reads NBA, NHL and MLB primaries with the NBA secondary; MLB gives the start time', () => {
    const nba = readKalshiRules({
      league: 'nba',
      primary:
        'If San Antonio wins the Atlanta vs San Antonio Pro Basketball game originally scheduled for Oct 8, 2026, then the market resolves to Yes.',
      secondary: NBA_SECONDARY,
    });
    expect(nba.ok && nba.reading.terms).toEqual({
      includesOvertime: true,
      drawPossible: false,
      postponement: 'follows_rescheduled_game',
      postponementWindowHours: 48,
      unplayedPayout: 'fair_price',
    });
    const nhl = readKalshiRules({
      league: 'nhl',
      primary:
        'If Chicago wins the Chicago vs New York I NHL game originally scheduled for Oct 8, 2026, then the market resolves to Yes.',
      secondary: NBA_SECONDARY,
    });
    expect(nhl.ok && nhl.reading.subject).toBe('Chicago');
    const mlb = readKalshiRules({
      league: 'mlb',
      primary:
        'If Cleveland wins the Cleveland vs Chicago WS professional baseball game originally scheduled for Oct 8, 2026 at 5:00 PM EDT, then the market resolves to Yes.',
      secondary: NBA_SECONDARY,
    });
    expect(mlb.ok && mlb.reading.scheduledStart).toBe(Date.UTC(2026, 9, 8, 21, 0));
  });

  it('reads soccer team and tie markets as settled after 90 minutes', () => {
    const team = readKalshiRules({
      league: 'eng.1',
      primary:
        'If Manchester United wins the Manchester United vs Tottenham Hotspur professional EPL soccer game originally scheduled for Oct 10, 2026 after 90 minutes plus stoppage time (does not include extra time or penalties), then the market resolves to Yes.',
      secondary: NBA_SECONDARY,
    });
    expect(team.ok && team.reading.terms).toMatchObject({
      includesOvertime: false,
      drawPossible: true,
      drawPayout: 'none',
    });
    const tie = readKalshiRules({
      league: 'eng.1',
      primary:
        'If Tie is the result of the Manchester United vs Tottenham Hotspur professional EPL soccer game originally scheduled for Oct 10, 2026 after 90 minutes plus stoppage time (does not include extra time or penalties), then the market resolves to Yes.',
      secondary: NBA_SECONDARY,
    });
    expect(tie.ok && tie.reading).toMatchObject({
      outcome: 'draw',
      subject: null,
      terms: { drawPayout: 'full' },
    });
  });

  it('refuses what it has not read, naming the sentence or the missing term', () => {
    expect(readKalshiRules({ league: 'nfl', primary: '', secondary: null })).toEqual({
      ok: false,
      problem: { kind: 'rules_missing' },
    });
    const extra = readKalshiRules({
      league: 'nfl',
      primary: real.rules_primary,
      secondary: `${real.rules_secondary} If the game is played at a neutral site, the market resolves to No.`,
    });
    expect(extra).toEqual({
      ok: false,
      problem: {
        kind: 'rules_not_understood',
        sentence: 'If the game is played at a neutral site, the market resolves to No.',
      },
    });
    // An NFL game can end tied: without the tie sentence nobody knows what a team's market pays.
    const noTie = readKalshiRules({
      league: 'nfl',
      primary: real.rules_primary,
      secondary: real.rules_secondary.replace(
        'If the game ends in a tie, the market will resolve to $0.50 for each team. ',
        '',
      ),
    });
    expect(noTie).toEqual({ ok: false, problem: { kind: 'rules_incomplete', missing: ['draw'] } });
    expect(
      readKalshiRules({ league: 'nba', primary: real.rules_primary, secondary: NBA_SECONDARY }),
    ).toMatchObject({
      ok: false,
      problem: { kind: 'rules_contradict_listing' },
    });
    // A first-half market is not a game-winner market, whatever series it sits in.
    expect(
      readKalshiRules({
        league: 'nfl',
        primary:
          'If Dallas wins the 1st half of the TB Buccaneers vs DAL Cowboys Pro Football game originally scheduled for Oct 8, 2026, then the market resolves to Yes.',
        secondary: real.rules_secondary,
      }),
    ).toMatchObject({ ok: false, problem: { kind: 'rules_contradict_listing' } });
  });
});

const NBA_DESCRIPTION =
  'In the upcoming NBA game, scheduled for February 5 at 10:00PM ET:\nIf the Warriors win, the market will resolve to "Warriors".\nIf the Suns win, the market will resolve to "Suns".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely, with no make-up game, this market will resolve 50-50.\nThe result will be determined based on the final score including any overtime periods.';

describe('readGammaRules', () => {
  it('reads the real NBA moneyline description: two winners, overtime stated, until completed, 50-50', () => {
    const r = readGammaRules({ league: 'nba', description: NBA_DESCRIPTION });
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(r.reading).toMatchObject({
      kind: 'moneyline',
      winners: [
        { subject: 'Warriors', label: 'Warriors' },
        { subject: 'Suns', label: 'Suns' },
      ],
      terms: {
        includesOvertime: true,
        drawPossible: false,
        postponement: 'follows_rescheduled_game',
        postponementWindowHours: null,
        unplayedPayout: 'half',
      },
    });
    expect(r.reading.evidence.find((e) => e.term === 'overtime')).toEqual({
      term: 'overtime',
      text: 'The result will be determined based on the final score including any overtime periods.',
      inferred: false,
    });
  });

  it('reads NFL (tie 50-50) and NHL (shootouts) descriptions', () => {
    const nfl = readGammaRules({
      league: 'nfl',
      description:
        'In the upcoming NFL game, scheduled for September 27 at 1:00PM ET:\nIf Titans wins, the market will resolve to "Titans".\nIf Giants wins, the market will resolve to "Giants".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely or ends in a tie, with no make-up game, this market will resolve 50-50.\n\nResolution source: https://www.nfl.com/scores',
    });
    expect(nfl.ok && nfl.reading.terms).toEqual({
      includesOvertime: true,
      drawPossible: true,
      drawPayout: 'half',
      postponement: 'follows_rescheduled_game',
      postponementWindowHours: null,
      unplayedPayout: 'half',
    });
    const nhl = readGammaRules({
      league: 'nhl',
      description:
        'In the upcoming NHL game, scheduled for March 1 at 1:00PM ET:\nIf the Golden Knights win, the market will resolve to "Golden Knights".\nIf the Penguins win, the market will resolve to "Penguins".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely, with no make-up game, this market will resolve 50-50.\nThe result will be determined based on the final score including any overtime periods and shootouts. In the event of a shootout, one goal will be added to the winning team\'s score for the purpose of resolution.',
    });
    expect(nhl.ok && nhl.reading.terms.includesOvertime).toBe(true);
  });

  it('reads soccer team and draw markets (cancellation: team No, draw Yes)', () => {
    const team = readGammaRules({
      league: 'eng.1',
      description:
        'In the upcoming game, scheduled for December 1, 2025\nIf Rayo Vallecano wins, this market will resolve to "Yes".\nOtherwise, this market will resolve to "No".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely, with no make-up game, this market will resolve "No".\nThis market refers only to the outcome within the first 90 minutes of regular play plus stoppage time.',
    });
    expect(team.ok && team.reading).toMatchObject({
      kind: 'team_yes',
      subject: 'Rayo Vallecano',
      terms: { includesOvertime: false, drawPossible: true, drawPayout: 'none', unplayedPayout: 'none' },
    });
    const draw = readGammaRules({
      league: 'eng.1',
      description:
        'In the upcoming game, scheduled for June 14, 2026\nIf the game ends in a draw, this market will resolve to "Yes".\nOtherwise, this market will resolve to "No".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely, with no make-up game, this market will resolve to "Yes".\nThis market refers only to the outcome within the first 90 minutes of regular play plus stoppage time.\n\nThe primary resolution source for this market is the official statistics of the event as recognized by the governing body or event organizers. However, if the governing body or event organizers have not published final match statistics within 2 hours after the event\'s conclusion, a consensus of credible reporting may be used instead. All markets will settle based on the official final result as recognized by the governing body or event organizers. Revisions to officially declared final scores made after market resolution will not be accounted for in determining the outcome.',
    });
    expect(draw.ok && draw.reading).toMatchObject({
      kind: 'draw_yes',
      terms: { drawPayout: 'full', unplayedPayout: 'full', includesOvertime: false },
    });
  });

  it('refuses unknown sentences, missing terms, and terms no model prices', () => {
    expect(readGammaRules({ league: 'nba', description: null })).toEqual({
      ok: false,
      problem: { kind: 'rules_missing' },
    });
    expect(
      readGammaRules({
        league: 'nba',
        description: NBA_DESCRIPTION.replace('including any overtime periods', 'at the end of regulation'),
      }),
    ).toMatchObject({ ok: false, problem: { kind: 'rules_not_understood' } });
    expect(
      readGammaRules({
        league: 'nba',
        description: NBA_DESCRIPTION.replace(
          'If the game is postponed, this market will remain open until the game has been completed.\n',
          '',
        ),
      }),
    ).toEqual({ ok: false, problem: { kind: 'rules_incomplete', missing: ['postponement'] } });
    // A two-way soccer market counting extra time (a knockout "to advance"): no model prices it.
    expect(
      readGammaRules({
        league: 'uefa.champions',
        description:
          'In the upcoming game, scheduled for March 11, 2026\nIf Arsenal wins, this market will resolve to "Yes".\nOtherwise, this market will resolve to "No".\nIf the game is postponed, this market will remain open until the game has been completed.\nIf the game is canceled entirely, with no make-up game, this market will resolve "No".\nThe result will be determined based on the final score including any overtime periods.',
      }),
    ).toMatchObject({ ok: false, problem: { kind: 'rules_unpriceable' } });
  });
});
