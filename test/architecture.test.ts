/** The layer rules of DESIGN.md hold: pure modules import no I/O, and there is no import cycle. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('architecture', () => {
  it('passes the dependency rules in .dependency-cruiser.cjs', () => {
    let output = '';
    let status = 0;
    try {
      output = execFileSync(
        process.execPath,
        [
          'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
          'src',
          'bench',
          'scripts',
          '--config',
          '.dependency-cruiser.cjs',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      const e = error as { status: number; stdout: string };
      status = e.status;
      output = e.stdout;
    }
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });
});
