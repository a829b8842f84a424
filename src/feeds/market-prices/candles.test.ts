import { describe, expect, it } from 'vitest';
import {
  describeRowError,
  groupSeries,
  parseCandleCsv,
  parseCandleIndexCsv,
  settlementFromLastTrade,
} from './candles.js';

const HEAD = 'game_id,ticker,timestamp,datetime,open,high,low,close,volume';
const T = 'KXNBAGAME-25OCT21HOUOKC-OKC';

describe('candle file parser', () => {
  it('reads good rows, empty minutes included, and drops leading zeros of the game id', () => {
    const { rows, errors } = parseCandleCsv(
      [HEAD, `0022500001,${T},1761000060,x,71.0,72.0,70,71,15`, `22500001,${T},1761000120,x,,,,,0`].join(
        '\n',
      ),
      'f.csv',
    );
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      gameId: '22500001',
      endTs: 1_761_000_060_000,
      high: 72,
      low: 70,
      close: 71,
      volume: 15,
    });
    expect(rows[1]).toMatchObject({ close: null, volume: 0 });
  });

  it('names the file, line and field of a bad row, counts it, and keeps the rest', () => {
    const text = [
      HEAD,
      `22500001,${T},1761000060,x,71,72,70,71,15`,
      `22500001,${T},1761000120,x,71,72,70,140,15`, // close not a price
      `22500001,${T},1761000180,x,71,70,72,71,15`, // low above high
      `22500001,${T},1761000240,x,,,,,9`, // volume without prices
      `22500001,${T},notatime,x,71,72,70,71,15`,
      `22500001,${T},1761000300,x,71,72,70,71,2`,
    ].join('\n');
    const { rows, errors } = parseCandleCsv(text, 'prices.csv');
    expect(rows.map((r) => r.endTs / 1000)).toEqual([1761000060, 1761000300]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'close'],
      [4, 'low'],
      [5, 'volume'],
      [6, 'timestamp'],
    ]);
    expect(describeRowError(errors[0]!)).toBe(
      'prices.csv line 3: field "close" expected a whole number of cents from 1 to 99, got "140"',
    );
  });

  it('reports a header without the columns it needs, and reads nothing', () => {
    const { rows, errors } = parseCandleCsv('game_id,ticker\n1,X', 'p.csv');
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('timestamp');
  });

  it('keeps the first of two candles for one minute and reports the second', () => {
    const { rows } = parseCandleCsv(
      [
        HEAD,
        `1,${T},1761000060,x,50,50,50,50,1`,
        `1,${T},1761000060,x,60,60,60,60,1`,
        `1,${T},1761000000,x,99,99,99,99,1`,
      ].join('\n'),
      'p.csv',
    );
    const { series, errors } = groupSeries(rows, [], 'p.csv');
    expect(series[0]!.candles.map((c) => c.close)).toEqual([99, 50]);
    expect(errors).toHaveLength(1);
    expect(settlementFromLastTrade(series[0]!)).toBeNull();
  });

  it('reads the index and checks the contract team against the side it claims', () => {
    const head = 'game_id,game_date_local,away,home,ticker,contract_team,contract_is_home';
    const { rows, errors } = parseCandleIndexCsv(
      [head, `22500001,2025-10-21,HOU,OKC,${T},OKC,1`, '22500002,2025-10-21,GSW,LAL,X,GSW,1'].join('\n'),
      'i.csv',
    );
    expect(rows).toEqual([
      {
        gameId: '22500001',
        dateLocal: '2025-10-21',
        away: 'HOU',
        home: 'OKC',
        ticker: T,
        contractTeam: 'OKC',
        contractIsHome: true,
      },
    ]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([[3, 'contract_team']]);
  });
});
