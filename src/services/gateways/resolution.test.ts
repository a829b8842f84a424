/** Reading each venue's resolution of a market from its REST answers, as captured in venues.md. */
import { describe, expect, it } from 'vitest';
import { parseKalshiResolution } from './kalshi-resolution.js';
import { gammaMarketOf, polymarketResolution } from './polymarket-resolution.js';

const kalshi = (market: Record<string, unknown>) =>
  parseKalshiResolution({ market: { ticker: 'KXNFLGAME-26OCT08TBDAL-DAL', ...market } });

describe('Kalshi market resolution', () => {
  it('is open while trading (with its close time), closed until finalized, then resolved', () => {
    expect(kalshi({ status: 'active', close_time: '2026-10-10T00:15:00Z', result: '' })).toEqual({
      state: 'open',
      closeTs: Date.UTC(2026, 9, 10, 0, 15),
    });
    expect(kalshi({ status: 'initialized' })).toEqual({ state: 'open', closeTs: null });
    // Determined is not yet paid, and can still be disputed.
    for (const status of ['closed', 'determined', 'disputed', 'amended'])
      expect(kalshi({ status, result: 'yes' })).toEqual({ state: 'closed' });
    expect(kalshi({ status: 'finalized', result: 'yes' })).toEqual({ state: 'resolved', result: 'yes' });
    expect(kalshi({ status: 'finalized', result: 'no', settlement_value_dollars: '0.0000' })).toEqual({
      state: 'resolved',
      result: 'no',
    });
  });

  it('reads a tie settled at $0.50 each from settlement_value_dollars', () => {
    expect(kalshi({ status: 'finalized', result: '', settlement_value_dollars: '0.5000' })).toEqual({
      state: 'resolved',
      result: 'yes',
      yesPayout: 500_000,
    });
    expect(kalshi({ status: 'finalized', result: 'no', settlement_value_dollars: '0.3300' })).toEqual({
      state: 'resolved',
      result: 'no',
      yesPayout: 330_000,
    });
  });

  it('refuses what it cannot read, naming it, rather than guessing a result', () => {
    const why = (r: ReturnType<typeof kalshi>) => (r.state === 'unavailable' ? r.reason : r.state);
    expect(why(kalshi({ status: 'finalized', result: '' }))).toMatch(/no result and no settlement value/);
    expect(why(kalshi({ status: 'finalized', result: 'yes', settlement_value_dollars: '0.0000' }))).toMatch(
      /disagrees/,
    );
    expect(why(kalshi({ status: 'finalized', settlement_value_dollars: 'half' }))).toMatch(/"half"/);
    expect(why(kalshi({ status: 'finalized', settlement_value_dollars: '1.5000' }))).toMatch(/outside/);
    expect(why(kalshi({ status: 'sleeping' }))).toMatch(/"sleeping"/);
    expect(why(parseKalshiResolution({ markets: [] }))).toMatch(/market: /);
  });
});

const TOKENS = ['111', '222'];
const gamma = (fields: Record<string, unknown> = {}) => {
  const m = gammaMarketOf(
    [
      { conditionId: '0xother', clobTokenIds: JSON.stringify(['9', '8']) },
      { conditionId: '0xc', clobTokenIds: JSON.stringify(TOKENS), closed: false, ...fields },
    ],
    '222',
  );
  if (typeof m === 'string') throw new Error(m);
  return m;
};
const clob = (winner: number | null, closed: boolean) => ({
  condition_id: '0xc',
  closed,
  end_date_iso: '2026-09-22T04:00:00.000Z',
  tokens: TOKENS.map((token_id, i) => ({ token_id, outcome: `T${i}`, price: 0.5, winner: i === winner })),
});

describe('Polymarket market resolution', () => {
  it('finds the market by its token list, V1 (clobTokenIds) or V2 (positionIds)', () => {
    expect(gamma().conditionId).toBe('0xc');
    expect(gammaMarketOf([{ conditionId: '0xv2', positionIds: ['5', '6'] }], '6')).toMatchObject({
      conditionId: '0xv2',
    });
    expect(gammaMarketOf([], '6')).toBe('no Gamma market lists token 6');
  });

  it("takes the CLOB's winner flag: the token that won pays YES, the other NO", () => {
    const r = (winner: number, token: string) =>
      polymarketResolution({ token, gamma: gamma({ closed: true }), clob: clob(winner, true) });
    expect(r(1, '222')).toEqual({ state: 'resolved', result: 'yes' });
    expect(r(0, '222')).toEqual({ state: 'resolved', result: 'no' });
  });

  it('is open with its end date while trading, closed (not 50-50) when Gamma is closed but not resolved', () => {
    expect(polymarketResolution({ token: '222', gamma: gamma(), clob: clob(null, false) })).toEqual({
      state: 'open',
      closeTs: Date.UTC(2026, 8, 22, 4),
    });
    // A closed market quoted at a mid of 0.5 is not a 50-50.
    const closedOnly = gamma({ closed: true, outcomePrices: JSON.stringify(['0.5', '0.5']) });
    expect(polymarketResolution({ token: '222', gamma: closedOnly, clob: clob(null, true) })).toEqual({
      state: 'closed',
    });
  });

  it('reads a 50-50 from Gamma once it marks the market resolved', () => {
    const split = gamma({
      closed: true,
      umaResolutionStatus: 'resolved',
      outcomePrices: JSON.stringify(['0.5', '0.5']),
    });
    expect(polymarketResolution({ token: '222', gamma: split, clob: clob(null, true) })).toEqual({
      state: 'resolved',
      result: 'yes',
      yesPayout: 500_000,
    });
  });

  it('names an answer it cannot read', () => {
    const r = polymarketResolution({ token: '222', gamma: gamma(), clob: { condition_id: '0xc' } });
    expect(r).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/tokens/) });
    const missing = polymarketResolution({ token: '333', gamma: gamma(), clob: clob(0, true) });
    expect(missing).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/does not list token 333/),
    });
  });
});
