/**
 * `arbees halt`, `arbees resume` and `arbees status`: an operator's word on a run's trading
 * state, kept in the store. A halt stays until an operator resumes, and survives restarts: a run
 * started again with the same --run-id restores it. A paper or live run going on in one process
 * picks it up within seconds (operator-inbox.ts): from the store with PostgreSQL, or, since a
 * PGlite directory is held by the running process alone, through its control directory. In the
 * distributed shape the services read operator changes from the bus.
 */

import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import type { TradingStateChanged } from '../core/events.js';
import { asEventId, asRunId } from '../core/ids.js';
import {
  controlDirOf,
  OPERATOR_SCOPE,
  runningProcess,
  sendToRunningProcess,
} from '../services/operator-inbox.js';
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
  if (!OPERATOR_SCOPE.test(scope)) {
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
  const config = loadConfig({ overrides: overridesFromSet(flags.set) });
  if (!config.DATABASE_URL) {
    const controlDir = controlDirOf(flags.db ?? config.ARBEES_PGLITE_DIR);
    const running = await runningProcess(controlDir);
    if (running && running.runId !== flags.runId)
      throw new UserError(
        `the store is held by run "${running.runId}" (process ${running.pid}); stop it first, or keep runs in PostgreSQL (DATABASE_URL)`,
      );
    if (running) {
      await sendToRunningProcess(controlDir, {
        runId: flags.runId,
        scope,
        state,
        reason: event.reason,
        ts: now,
      });
      process.stdout.write(
        `${flags.runId}: ${scope} ${state} (${event.reason}) handed to the running process ${running.pid}\n`,
      );
      return 0;
    }
  }
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
