/**
 * The metrics CloudWatch alarms and scales on, as CloudWatch Embedded Metric Format (EMF) lines:
 * a JSON log line that CloudWatch Logs turns into metrics, so an ECS task's awslogs output is
 * enough (no agent, no API calls, no credentials). Levels are reduced across their label sets;
 * counters are sent as what they gained since the last line.
 */
import type { Registry } from 'prom-client';

export const EMF_NAMESPACE = 'Arbees';

/** RunId: one series per deployment (alarms). Service: one per Arbees service (scaling). */
export type EmfDimension = 'RunId' | 'Service';

export interface EmfMetricRule {
  readonly name: string;
  /** How the label sets of one process become one value. */
  readonly reduce: 'max' | 'min' | 'sum';
  /** A level is sent as it is; a counter as its increase since the previous line. */
  readonly kind: 'level' | 'counter';
  readonly dimension: EmfDimension;
}

export const EMF_METRICS: readonly EmfMetricRule[] = [
  // 0 active, 1 reducing, 2 halted: the worst scope.
  { name: 'arbees_trading_state', reduce: 'max', kind: 'level', dimension: 'RunId' },
  // 1 while every venue connection is open: the worst venue.
  { name: 'arbees_gateway_connected', reduce: 'min', kind: 'level', dimension: 'RunId' },
  { name: 'arbees_reconciliation_discrepancies_total', reduce: 'sum', kind: 'counter', dimension: 'RunId' },
  { name: 'arbees_order_rejects_total', reduce: 'sum', kind: 'counter', dimension: 'RunId' },
  // Games this shard holds: the shards' service scales on its average.
  { name: 'arbees_game_leases_held', reduce: 'sum', kind: 'level', dimension: 'Service' },
];

export interface EmfInput {
  /** Each metric's sample values in this process, by metric name. */
  readonly samples: ReadonlyMap<string, readonly number[]>;
  /** Counter totals at the previous line. */
  readonly previousTotals: ReadonlyMap<string, number>;
  readonly runId: string;
  readonly service: string;
  readonly timestampMs: number;
}

export interface EmfOutput {
  /** The EMF document, or null when this process has none of the metrics yet. */
  readonly record: Record<string, unknown> | null;
  readonly totals: Map<string, number>;
}

function reduce(values: readonly number[], how: EmfMetricRule['reduce']): number {
  if (how === 'max') return Math.max(...values);
  if (how === 'min') return Math.min(...values);
  return values.reduce((a, b) => a + b, 0);
}

/** One EMF document from one process's samples. Pure. */
export function emfRecord(input: EmfInput): EmfOutput {
  const totals = new Map(input.previousTotals);
  const values: Record<string, number> = {};
  const byDimension = new Map<EmfDimension, string[]>();
  for (const rule of EMF_METRICS) {
    const samples = (input.samples.get(rule.name) ?? []).filter((v) => Number.isFinite(v));
    if (samples.length === 0) continue;
    let value = reduce(samples, rule.reduce);
    if (rule.kind === 'counter') {
      // A counter that went down restarted with its process: all of it is new.
      const before = input.previousTotals.get(rule.name) ?? 0;
      totals.set(rule.name, value);
      value = value >= before ? value - before : value;
    }
    values[rule.name] = value;
    byDimension.set(rule.dimension, [...(byDimension.get(rule.dimension) ?? []), rule.name]);
  }
  if (byDimension.size === 0) return { record: null, totals };
  const directives = [...byDimension.entries()].map(([dimension, names]) => ({
    Namespace: EMF_NAMESPACE,
    Dimensions: [[dimension]],
    Metrics: names.map((name) => ({ Name: name, Unit: 'Count' })),
  }));
  return {
    record: {
      _aws: { Timestamp: input.timestampMs, CloudWatchMetrics: directives },
      RunId: input.runId,
      Service: input.service,
      ...values,
    },
    totals,
  };
}

export interface EmfPublisherOptions {
  readonly registry: Registry;
  readonly runId: string;
  readonly service: string;
  /** Receives one line (no newline) per publish. */
  readonly write: (line: string) => void;
  readonly now: () => number;
  /** Milliseconds between lines; 0 publishes only when asked (tests). */
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
}

export interface EmfPublisher {
  publish(): Promise<void>;
  stop(): void;
}

/** Reads the registry and writes an EMF line every interval. */
export function startEmfPublisher(opts: EmfPublisherOptions): EmfPublisher {
  let previousTotals = new Map<string, number>();
  const wanted = new Set(EMF_METRICS.map((m) => m.name));
  const publish = async () => {
    const samples = new Map<string, number[]>();
    for (const metric of await opts.registry.getMetricsAsJSON()) {
      if (!wanted.has(metric.name)) continue;
      samples.set(
        metric.name,
        metric.values.map((v) => v.value),
      );
    }
    const { record, totals } = emfRecord({
      samples,
      previousTotals,
      runId: opts.runId,
      service: opts.service,
      timestampMs: opts.now(),
    });
    previousTotals = totals;
    if (record) opts.write(JSON.stringify(record));
  };
  const timer =
    opts.intervalMs > 0 ? setInterval(() => void publish().catch(opts.onError), opts.intervalMs) : undefined;
  timer?.unref();
  return {
    publish,
    stop: () => clearInterval(timer),
  };
}
