/** The dashboard's build is found above the code, wherever the code runs from, or not at all. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findWebRoot } from './web-root.js';

describe('findWebRoot', () => {
  const root = mkdtempSync(join(tmpdir(), 'arbees-webroot-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the nearest web/dist with an index.html above a directory, and none without one', () => {
    const compiled = join(root, 'app', 'dist', 'src', 'api');
    mkdirSync(compiled, { recursive: true });
    expect(findWebRoot(compiled)).toBeNull();
    // A web/dist without its index (a build that failed half way) does not count.
    mkdirSync(join(root, 'app', 'web', 'dist'), { recursive: true });
    expect(findWebRoot(compiled)).toBeNull();
    writeFileSync(join(root, 'app', 'web', 'dist', 'index.html'), '<!doctype html>');
    expect(findWebRoot(compiled)).toBe(join(root, 'app', 'web', 'dist'));
  });
});
