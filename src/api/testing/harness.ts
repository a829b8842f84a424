/** Test plumbing for the API: stored-event builders, the API on a runner's HTTP server, a live client. */
import { Counter, Registry } from 'prom-client';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { MemoryBus } from '../../bus/memory-bus.js';
import { LiveClock } from '../../core/clock.js';
import type { BankrollSnapshot, RiskDecision, SignalRaised, TradingStateChanged } from '../../core/events.js';
import { asEventId, asRunId, asSignalId } from '../../core/ids.js';
import type { Micros, Ppm } from '../../core/money.js';
import { silentLogger } from '../../services/logger.js';
import { tradingMetricsFor } from '../../services/metrics.js';
import { type RunnerHttp, startRunnerHttp } from '../../services/runner-http.js';
import type { Store } from '../../store/port.js';
import { GAME, INSTRUMENT, T0 } from '../../store/testing/fixtures.js';
import type { LiveServerMessage } from '../contract.js';
import { type ApiServer, buildApi } from '../server.js';
import type { ApiOptions } from '../types.js';

export const RUN = asRunId('api-test-run');
export const OTHER_RUN = asRunId('api-test-other');

export function signal(n: number): SignalRaised {
  return {
    type: 'SignalRaised',
    id: asEventId(`sig-evt:${n}`),
    ts: T0 + n,
    signalId: asSignalId(`sig:${n}`),
    kind: 'edge',
    gameId: GAME,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    modelProb: 620_000 as Ppm,
    price: 560_000 as Micros,
    feePerContract: 17_000 as Micros,
    edge: 43_000 as Ppm,
    availableQty: 5_000 as never,
    levels: [],
    fees: { venue: 'kalshi' } as never,
    spread: 10_000 as Micros,
    bookAgeMs: 40,
    syncDeltaMs: 900,
  };
}

export function decision(n: number, approved: boolean): RiskDecision {
  return {
    type: 'RiskDecision',
    id: asEventId(`dec-evt:${n}`),
    ts: T0 + n + 1,
    signalId: asSignalId(`sig:${n}`),
    approved,
    reasons: approved ? [] : ['EDGE_BELOW_MINIMUM'],
    qty: (approved ? 1_000 : 0) as never,
    limitPrice: 570_000 as Micros,
    kellyPpm: 80_000 as Ppm,
    legs: [],
    inputs: { cash: 1_000_000_000, minEdgePpm: 50_000 },
  };
}

export function bankroll(n: number, equity: number): BankrollSnapshot {
  return {
    type: 'BankrollSnapshot',
    id: asEventId(`bank:${n}`),
    ts: T0 + n * 1000,
    cash: equity as Micros,
    venueCash: { kalshi: equity as Micros },
    equity: equity as Micros,
    peakEquity: equity as Micros,
    drawdown: 0 as Micros,
    realizedPnl: 0 as Micros,
    unrealizedPnl: 0 as Micros,
    openPositions: 0,
  };
}

export const reconciled = (n: number, state: 'ACTIVE' | 'HALTED'): TradingStateChanged => ({
  type: 'TradingStateChanged',
  id: asEventId(`reconcile:${n}`),
  ts: T0 + n,
  scope: 'reconciliation',
  state,
  reason: state === 'ACTIVE' ? `reconciliation pass ${n}: ledger and venues agree` : 'drift 2%',
  origin: 'reconciler',
});

export interface Harness {
  readonly api: ApiServer;
  readonly http: RunnerHttp;
  readonly base: string;
  readonly registry: Registry;
}

/** The API's options for tests: PGlite store, the given bus, a fresh metrics registry. */
export function harnessOptions(
  store: Store,
  bus: MemoryBus | null,
  opts: { controlPerMinute?: number; mcpControl?: boolean } = {},
  registry = new Registry(),
): ApiOptions {
  return {
    store,
    bus,
    clock: new LiveClock(),
    runId: RUN,
    instanceId: 'api-t1',
    log: silentLogger,
    ...(opts.controlPerMinute ? { controlPerMinute: opts.controlPerMinute } : {}),
    ...(opts.mcpControl ? { mcpControl: true } : {}),
    metrics: {
      badRequestsTotal: tradingMetricsFor(registry).badRequestsTotal,
      authRefusedTotal: new Counter({
        name: 'arbees_api_auth_refused_total',
        help: 'refused',
        labelNames: ['route', 'status'],
        registers: [registry],
      }),
      controlActionsTotal: new Counter({
        name: 'arbees_api_control_actions_total',
        help: 'actions',
        labelNames: ['action'],
        registers: [registry],
      }),
    },
  };
}

export async function startHarness(
  store: Store,
  bus: MemoryBus,
  opts: { controlPerMinute?: number; mcpControl?: boolean } = {},
): Promise<Harness> {
  const registry = new Registry();
  const api = await buildApi(harnessOptions(store, bus, opts, registry));
  const http = await startRunnerHttp({
    port: 0,
    host: '127.0.0.1',
    registry,
    log: silentLogger,
    notReadyReason: () => null,
    checks: [],
    routes: () => api.handle.bind(api),
    upgrades: () => api.upgrade.bind(api),
  });
  return { api, http, registry, base: `http://127.0.0.1:${http.port}` };
}

/** A live-update client, authenticated by its first message, reading messages in order. */
export async function liveClient(
  base: string,
  token: string,
): Promise<WebSocket & { next(): Promise<LiveServerMessage> }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`);
  const queue: LiveServerMessage[] = [];
  const waiting: ((m: LiveServerMessage) => void)[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as LiveServerMessage;
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const next = () =>
    new Promise<LiveServerMessage>((resolve) => {
      const m = queue.shift();
      if (m) resolve(m);
      else waiting.push(resolve);
    });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'auth', token }));
  const ready = await next();
  expect(ready).toMatchObject({ type: 'ready' });
  return Object.assign(ws, { next });
}
