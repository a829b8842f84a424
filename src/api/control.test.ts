/**
 * Controls taken at one instant of the run's clock (a replay's clock stands still within a step)
 * keep their order: the latest state of the scope is the last one asked, and the audit trail
 * lists them newest first.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../core/clock.js';
import { asRunId } from '../core/ids.js';
import { openStore } from '../store/open.js';
import { applyControl } from './control.js';

describe('control actions at one instant', () => {
  it('take effect in the order asked', async () => {
    const store = await openStore({ pglite: 'memory' });
    try {
      const runId = asRunId('same-instant');
      await store.startRun({ runId, mode: 'replay', startedTs: 1_000, config: {} });
      const deps = { store, bus: null, clock: new SimulatedClock(1_700_000_000_000) };
      const by = { name: 'otto', tokenId: 'tok_1' };
      for (let i = 0; i < 5; i++)
        for (const action of ['halt', 'resume'] as const)
          await applyControl(deps, { runId, action, scope: 'global', reason: `${action} ${i}`, by });
      const latest = await store.latestTradingStates(runId);
      expect(latest.find((s) => s.scope === 'global')).toMatchObject({
        state: 'ACTIVE',
        reason: 'resume 4 (by otto)',
      });
      const audit = await store.listControlActions(runId, { limit: 3 });
      expect(audit.map((a) => a.reason)).toEqual(['resume 4', 'halt 4', 'resume 3']);
    } finally {
      await store.close();
    }
  });
});
