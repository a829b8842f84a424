/** `arbees prices calibration` as a user runs it: a small candle file with a bad row in it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runArbees } from './support/cli-run.js';

const HEAD = 'game_id,ticker,timestamp,datetime,open,high,low,close,volume';

/** Two games of 200 minutes: one ends at 99 (YES), one at 1 (NO); one malformed row between. */
function candleFile(): string {
  const rows = [HEAD];
  const t0 = 1_761_000_000;
  for (const [g, ticker, end] of [
    ['1', 'KXNBAGAME-25OCT21HOUOKC-OKC', 99],
    ['2', 'KXNBAGAME-25OCT21GSWLAL-GSW', 1],
  ] as const) {
    for (let i = 0; i < 200; i++) {
      const c = end === 99 ? Math.min(99, 50 + Math.floor(i / 4)) : Math.max(1, 50 - Math.floor(i / 4));
      rows.push(`${g},${ticker},${t0 + i * 60},x,${c},${c},${c},${c},10`);
    }
  }
  rows.splice(5, 0, `1,KXNBAGAME-25OCT21HOUOKC-OKC,${t0 + 30},x,50,50,50,500,10`);
  const dir = mkdtempSync(join(tmpdir(), 'arbees-prices-'));
  const file = join(dir, 'candles.csv.gz');
  writeFileSync(file, gzipSync(`${rows.join('\n')}\n`));
  return file;
}

describe('arbees prices calibration', () => {
  it('names a bad row by file, line and field, skips it, and reports the rest as JSON', async () => {
    const file = candleFile();
    const r = await runArbees(['prices', 'calibration', '--data', file, '--json', '--draws', '20']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `bad row: ${file} line 6: field "close" expected a whole number of cents from 1 to 99, got "500"`,
    );
    const out = JSON.parse(r.stdout);
    expect(out.input).toMatchObject({ rowsRead: 401, badRows: 1, index: null });
    expect(out.report.games).toBe(2);
    expect(out.report.brierInGame.interval).toHaveLength(2);
  }, 60_000);

  it('says plainly when the file is not there', async () => {
    const r = await runArbees(['prices', 'calibration', '--data', '/nonexistent/candles.csv.gz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/candles.csv.gz: no such file');
  }, 60_000);
});
