/**
 * `arbees halt`, `arbees resume` and `arbees status`: an operator's word on a run's trading
 * state, kept in the store. A halt stays until an operator resumes, and survives restarts: a run
 * started again with the same --run-id restores it. (A process already running picks operator
 * changes up from the bus in the distributed shape.)
 */

import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import type { TradingStateChanged } from '../core/events.js';
import { asEventId, asRunId } from '../core/ids.js';
import { openStore } from '../store/open.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';

export interface StateFlags {
  runId?: string;
  scope?: string;
  reason?: string;
  db?: string;
  set?: string[];
}

const SCOPE = /^(global|reconciliation|venue:[a-z]+|strategy:(edge|arbitrage|exit)|game:[A-Za-z0-9_]+)$/;

async function withStore<T>(
  flags: StateFlags,
  fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ overrides: overridesFromSet(flags.set) });
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    pglite: flags.db ?? config.ARBEES_PGLITE_DIR,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function setStateCommand(
  state: 'HALTED' | 'ACTIVE' | 'REDUCING',
  flags: StateFlags,
): Promise<number> {
  if (!flags.runId)
    throw new UserError('--run-id is required: the run (account) whose trading state to change');
  const scope = flags.scope ?? 'global';
  if (!SCOPE.test(scope)) {
    throw new UserError(
      `--scope must be global, venue:<name>, strategy:<edge|arbitrage|exit>, game:<id> or reconciliation, got "${scope}"`,
    );
  }
  if (!flags.reason?.trim()) throw new UserError('--reason is required: say why, it is kept with the state');
  const runId = asRunId(flags.runId);
  const now = new LiveClock().now();
  const event: TradingStateChanged = {
    type: 'TradingStateChanged',
    id: asEventId(`operator:${scope}:${now}`),
    ts: now,
    scope,
    state,
    reason: flags.reason.trim(),
    origin: 'operator',
  };
  await withStore(flags, async (store) => {
    if (!(await store.getRun(runId))) throw new UserError(`no run "${flags.runId}" in the store`);
    await store.recordTradingStates(runId, [event]);
  });
  process.stdout.write(`${flags.runId}: ${scope} ${state} (${event.reason})\n`);
  return 0;
}

export async function statusCommand(flags: StateFlags): Promise<number> {
  if (!flags.runId) throw new UserError('--run-id is required');
  const runId = asRunId(flags.runId);
  await withStore(flags, async (store) => {
    const run = await store.getRun(runId);
    if (!run) throw new UserError(`no run "${flags.runId}" in the store`);
    process.stdout.write(`${flags.runId}: ${run.mode}, ${run.status}\n`);
    const states = await store.latestTradingStates(runId);
    const held = states.filter((s) => s.state !== 'ACTIVE');
    if (held.length === 0) process.stdout.write('  every scope ACTIVE\n');
    for (const s of held) process.stdout.write(`  ${s.scope} ${s.state} by ${s.origin}: ${s.reason}\n`);
  });
  return 0;
}
