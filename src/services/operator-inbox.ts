/**
 * How an operator's `arbees halt` / `resume` reaches a paper or live run already going in one
 * process. With PostgreSQL the command writes the state to the store and the run reads new ones
 * every few seconds. A PGlite directory is held by the running process alone, so the command
 * drops a file into the run's control directory instead; the run picks it up, and the archiver
 * keeps it in the store as it keeps every state. Either way it goes on the bus like any trading
 * state: risk holds trading, and a HALTED scope also cancels resting orders (execution).
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCOPE_PATTERN } from '../api/contract.js';
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { TradingStateChanged } from '../core/events.js';
import { asEventId, type RunId } from '../core/ids.js';
import type { Store } from '../store/port.js';
import type { Logger } from './logger.js';

/** The scopes an operator may set (one pattern for the CLI, the API and the inbox). */
export const OPERATOR_SCOPE = SCOPE_PATTERN;
const STATES = new Set(['HALTED', 'ACTIVE', 'REDUCING']);
const LOCK_FILE = 'run.json';

/** What an operator asks of a run's trading state. */
export interface OperatorRequest {
  readonly runId: string;
  readonly scope: string;
  readonly state: 'HALTED' | 'ACTIVE' | 'REDUCING';
  readonly reason: string;
  readonly ts: number;
}

/** The control directory beside a PGlite data directory. */
export function controlDirOf(pgliteDir: string): string {
  return `${pgliteDir.replace(/\/+$/, '')}.control`;
}

/** The run holding the directory now (its process alive), or null. */
export async function runningProcess(controlDir: string): Promise<{ runId: string; pid: number } | null> {
  try {
    const lock = JSON.parse(await readFile(join(controlDir, LOCK_FILE), 'utf8')) as {
      runId: string;
      pid: number;
    };
    process.kill(lock.pid, 0);
    return lock;
  } catch {
    return null;
  }
}

/** Hands a request to the running process (its control directory). */
export async function sendToRunningProcess(controlDir: string, request: OperatorRequest): Promise<void> {
  const name = `${request.ts}-${process.pid}.json`;
  // Written under another name first, so the run never reads half a file.
  await writeFile(join(controlDir, `${name}.tmp`), JSON.stringify(request));
  await rename(join(controlDir, `${name}.tmp`), join(controlDir, name));
}

/** A request file's content checked; a sentence naming the problem otherwise. */
export function parseOperatorRequest(text: string, runId: string): OperatorRequest | string {
  let v: Partial<OperatorRequest>;
  try {
    v = JSON.parse(text) as Partial<OperatorRequest>;
  } catch {
    return 'not JSON';
  }
  if (v.runId !== runId) return `for run "${String(v.runId)}", not this run (${runId})`;
  if (typeof v.scope !== 'string' || !OPERATOR_SCOPE.test(v.scope))
    return `scope "${String(v.scope)}" is not a scope`;
  if (typeof v.state !== 'string' || !STATES.has(v.state))
    return `state "${String(v.state)}" is not HALTED, ACTIVE or REDUCING`;
  if (typeof v.reason !== 'string' || !v.reason.trim()) return 'no reason';
  if (typeof v.ts !== 'number' || !Number.isFinite(v.ts)) return 'no time';
  return { runId, scope: v.scope, state: v.state, reason: v.reason.trim(), ts: v.ts };
}

export function operatorEvent(request: OperatorRequest, now: number): TradingStateChanged {
  return {
    type: 'TradingStateChanged',
    id: asEventId(`operator:${request.scope}:${request.ts}`),
    ts: now,
    scope: request.scope,
    state: request.state,
    reason: request.reason,
    origin: 'operator',
  };
}

export interface OperatorInbox {
  /** Looks once (the timer does it every `everyMs`). */
  check(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOperatorInbox(opts: {
  readonly store: Store;
  readonly runId: RunId;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  /** PGlite: the control directory this run holds; null with PostgreSQL. */
  readonly controlDir: string | null;
  readonly everyMs?: number;
}): Promise<OperatorInbox> {
  const { store, runId, bus, log, controlDir } = opts;
  const seen = new Set((await store.latestTradingStates(runId)).map((s) => s.id as string));
  if (controlDir) {
    await mkdir(controlDir, { recursive: true });
    await writeFile(join(controlDir, LOCK_FILE), JSON.stringify({ runId, pid: process.pid }));
  }
  let rejected = 0;
  const publish = async (event: TradingStateChanged) => {
    seen.add(event.id);
    log.warn(`operator: ${event.scope} ${event.state}`, { reason: event.reason });
    await bus.publish(event);
  };
  const fromFiles = async (dir: string) => {
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json') && n !== LOCK_FILE).sort()) {
      const path = join(dir, name);
      const parsed = parseOperatorRequest(await readFile(path, 'utf8'), runId);
      if (typeof parsed === 'string') {
        rejected += 1;
        log.error('operator request refused', { file: name, problem: parsed, refused: rejected });
        await rename(path, `${path}.refused`);
        continue;
      }
      const event = operatorEvent(parsed, opts.clock.now());
      if (!seen.has(event.id)) await publish(event);
      await rm(path, { force: true });
    }
  };
  const fromStore = async () => {
    for (const s of await store.latestTradingStates(runId))
      if (s.origin === 'operator' && !seen.has(s.id)) await publish(s);
  };
  let busy: Promise<void> | null = null;
  const check = () => {
    busy ??= (controlDir ? fromFiles(controlDir) : fromStore())
      .catch((error: unknown) => log.error('operator requests not read', { error: String(error) }))
      .finally(() => {
        busy = null;
      });
    return busy;
  };
  const timer = setInterval(() => void check(), opts.everyMs ?? 2_000);
  timer.unref();
  return {
    check,
    async stop() {
      clearInterval(timer);
      await busy;
      if (controlDir) await rm(join(controlDir, LOCK_FILE), { force: true });
    },
  };
}
