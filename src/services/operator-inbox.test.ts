import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { TradingStateChanged } from '../core/events.js';
import { asEventId, asRunId } from '../core/ids.js';
import { openStore } from '../store/open.js';
import { silentLogger } from './logger.js';
import {
  controlDirOf,
  parseOperatorRequest,
  runningProcess,
  sendToRunningProcess,
  startOperatorInbox,
} from './operator-inbox.js';

const runId = asRunId('inbox-run');

async function setup(withDir: boolean) {
  const store = await openStore({ pglite: 'memory' });
  await store.startRun({ runId, mode: 'paper', startedTs: 0, config: {} });
  const clock = new SimulatedClock(1_000);
  const bus = new MemoryBus({ now: () => clock.now() });
  const seen: TradingStateChanged[] = [];
  bus.subscribe({
    group: 't',
    consumer: 't-1',
    topics: ['risk'],
    handler: (e) => {
      if (e.type === 'TradingStateChanged') seen.push(e);
    },
  });
  const dir = withDir ? controlDirOf(join(await mkdtemp(join(tmpdir(), 'inbox-')), 'pglite')) : null;
  const inbox = await startOperatorInbox({
    store,
    runId,
    bus,
    clock,
    log: silentLogger,
    controlDir: dir,
    everyMs: 60_000,
  });
  return { store, bus, seen, dir, inbox };
}

describe('operator inbox', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it('checks a request: run, scope, state and reason', () => {
    const ok = JSON.stringify({
      runId: 'inbox-run',
      scope: 'venue:kalshi',
      state: 'HALTED',
      reason: 'x',
      ts: 5,
    });
    expect(parseOperatorRequest(ok, 'inbox-run')).toMatchObject({ scope: 'venue:kalshi', state: 'HALTED' });
    expect(parseOperatorRequest(ok, 'other')).toMatch(/not this run/);
    expect(parseOperatorRequest('{', 'inbox-run')).toBe('not JSON');
    expect(parseOperatorRequest(ok.replace('venue:kalshi', 'everything'), 'inbox-run')).toMatch(/scope/);
    expect(parseOperatorRequest(ok.replace('HALTED', 'PAUSED'), 'inbox-run')).toMatch(/state/);
    expect(parseOperatorRequest(ok.replace('"x"', '" "'), 'inbox-run')).toBe('no reason');
  });

  it('takes a halt dropped in the control directory onto the bus once, and refuses a bad file without stopping', async () => {
    const { store, seen, dir, inbox } = await setup(true);
    cleanup.push(async () => {
      await inbox.stop();
      await store.close();
      await rm(dir!, { recursive: true, force: true });
    });
    expect(await runningProcess(dir!)).toEqual({ runId: 'inbox-run', pid: process.pid });
    await sendToRunningProcess(dir!, {
      runId: 'inbox-run',
      scope: 'global',
      state: 'HALTED',
      reason: 'stop',
      ts: 7,
    });
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(join(dir!, '0-bad.json'), '{"runId":"inbox-run"}'),
    );
    await inbox.check();
    await inbox.check();
    expect(seen.map((s) => [s.scope, s.state, s.origin, s.reason])).toEqual([
      ['global', 'HALTED', 'operator', 'stop'],
    ]);
    const left = await readdir(dir!);
    expect(left.sort()).toEqual(['0-bad.json.refused', 'run.json']);
    await inbox.stop();
    expect(await runningProcess(dir!)).toBeNull();
  });

  it('reads new operator states from the store (PostgreSQL runs), not the ones it started with', async () => {
    const { store, seen, inbox } = await setup(false);
    cleanup.push(async () => {
      await inbox.stop();
      await store.close();
    });
    await store.recordTradingStates(runId, [
      {
        type: 'TradingStateChanged',
        id: asEventId('operator:global:9'),
        ts: 9,
        scope: 'global',
        state: 'HALTED',
        reason: 'r',
        origin: 'operator',
      },
      {
        type: 'TradingStateChanged',
        id: asEventId('rule:x'),
        ts: 9,
        scope: 'venue:kalshi',
        state: 'HALTED',
        reason: 'loss',
        origin: 'rule',
      },
    ]);
    await inbox.check();
    await inbox.check();
    expect(seen.map((s) => s.id)).toEqual(['operator:global:9']);
  });
});
