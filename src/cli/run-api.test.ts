/**
 * The API in the one-process run: served on a free port with the dashboard's files, the first
 * start's operator token printed once (in the URL's fragment) and accepted, a second start on the
 * same store printing none, and ARBEES_API off serving nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import { asRunId } from '../core/ids.js';
import { createLogger } from '../services/logger.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { runApi } from './run-api.js';

const RUN = asRunId('run-api-test');

describe('the API in the one-process run', () => {
  let store: Store;
  let webRoot: string;
  beforeAll(async () => {
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId: RUN, mode: 'replay', startedTs: 1_000, config: {} });
    webRoot = mkdtempSync(join(tmpdir(), 'arbees-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Arbees</title>');
  });
  afterAll(async () => {
    await store.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const start = (env: Record<string, string>) => {
    const lines: string[] = [];
    const api = runApi({
      config: loadConfig({ env: { ARBEES_API_PORT: '0', ...env }, envFile: null }),
      store,
      runId: RUN,
      log: createLogger({ level: 'silent' }),
      write: (text) => lines.push(text),
      webRoot,
    });
    return { api, lines };
  };

  it('prints the first operator token once, serves the API with it and the dashboard without one', async () => {
    const first = start({});
    await first.api.attach({ bus: new MemoryBus(), clock: new LiveClock() });
    const url = first.api.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const printed = first.lines.join('');
    const token = /#token=(arb_[A-Za-z0-9_-]+)/.exec(printed)?.[1];
    expect(token, printed).toBeDefined();

    const whoami = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ role: 'operator', name: 'first-operator', runId: RUN });
    expect((await fetch(`${url}/api/status`)).status).toBe(401);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Arbees</title>');

    const second = start({});
    await second.api.attach({ bus: new MemoryBus(), clock: new LiveClock() });
    expect(second.lines.join('')).not.toContain('#token=');
    expect(second.lines.join('')).toContain('arbees token create');
    await second.api.finish({ serve: false });
    await first.api.finish({ serve: false });
    await expect(fetch(`${url}/api/whoami`)).rejects.toThrow();
  });

  it('serves nothing with ARBEES_API off', async () => {
    const off = start({ ARBEES_API: 'off' });
    await off.api.attach({ bus: new MemoryBus(), clock: new LiveClock() });
    expect(off.api.url()).toBeNull();
    expect(off.lines).toEqual([]);
    await off.api.finish({ serve: false });
  });
});
