import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { EMF_NAMESPACE, emfRecord, startEmfPublisher } from './emf-metrics.js';

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string }[];
}

/** The EMF specification's structural rules: every referenced member is on the root. */
function expectValidEmf(record: Record<string, unknown>): Directive[] {
  const aws = record._aws as { Timestamp: number; CloudWatchMetrics: Directive[] };
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  for (const directive of aws.CloudWatchMetrics) {
    expect(directive.Namespace).toBe(EMF_NAMESPACE);
    for (const set of directive.Dimensions) for (const key of set) expect(typeof record[key]).toBe('string');
    for (const metric of directive.Metrics) expect(typeof record[metric.Name]).toBe('number');
  }
  return aws.CloudWatchMetrics;
}

const base = {
  runId: 'aws-paper',
  service: 'game-shard',
  timestampMs: 1_700_000_000_000,
  previousTotals: new Map(),
};

describe('emfRecord', () => {
  it('reduces levels across label sets and sends counters as their increase', () => {
    const first = emfRecord({
      ...base,
      samples: new Map([
        ['arbees_trading_state', [0, 2, 1]],
        ['arbees_gateway_connected', [1, 0]],
        ['arbees_order_rejects_total', [3, 4]],
        ['arbees_game_leases_held', [5]],
        ['arbees_unrelated_total', [99]],
      ]),
    });
    const record = first.record!;
    expect(record).toMatchObject({
      RunId: 'aws-paper',
      Service: 'game-shard',
      arbees_trading_state: 2,
      arbees_gateway_connected: 0,
      arbees_order_rejects_total: 7,
      arbees_game_leases_held: 5,
    });
    expect(record).not.toHaveProperty('arbees_unrelated_total');
    const directives = expectValidEmf(record);
    expect(directives.map((d) => d.Dimensions)).toEqual([[['RunId']], [['Service']]]);
    expect(directives[1]!.Metrics.map((m) => m.Name)).toEqual(['arbees_game_leases_held']);

    const second = emfRecord({
      ...base,
      previousTotals: first.totals,
      samples: new Map([['arbees_order_rejects_total', [3, 6]]]),
    });
    expect(second.record!.arbees_order_rejects_total).toBe(2);
    // A counter below its last total restarted with its process: all of it is new.
    const restarted = emfRecord({
      ...base,
      previousTotals: second.totals,
      samples: new Map([['arbees_order_rejects_total', [1]]]),
    });
    expect(restarted.record!.arbees_order_rejects_total).toBe(1);
  });

  it('writes nothing for a process that has none of the metrics', () => {
    expect(emfRecord({ ...base, samples: new Map([['arbees_trading_state', []]]) }).record).toBeNull();
  });
});

describe('startEmfPublisher', () => {
  it("reads a real prom-client registry's metrics into one EMF line per publish", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'execution', instance: 'execution-1' });
    const state = new Gauge({
      name: 'arbees_trading_state',
      help: 'x',
      labelNames: ['scope'],
      registers: [registry],
    });
    const rejects = new Counter({
      name: 'arbees_order_rejects_total',
      help: 'x',
      labelNames: ['venue'],
      registers: [registry],
    });
    const lines: string[] = [];
    let now = 1_700_000_000_000;
    const publisher = startEmfPublisher({
      registry,
      runId: 'aws-live',
      service: 'execution',
      write: (line) => lines.push(line),
      now: () => now,
      intervalMs: 0,
      onError: (error) => {
        throw error;
      },
    });
    await publisher.publish();
    expect(lines).toEqual([]);
    state.set({ scope: 'global' }, 0);
    state.set({ scope: 'venue:kalshi' }, 2);
    rejects.inc({ venue: 'kalshi' }, 4);
    await publisher.publish();
    now += 60_000;
    rejects.inc({ venue: 'polymarket' }, 1);
    await publisher.publish();
    publisher.stop();
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => [r.arbees_trading_state, r.arbees_order_rejects_total])).toEqual([
      [2, 4],
      [2, 1],
    ]);
    expect((records[1]!._aws as { Timestamp: number }).Timestamp).toBe(1_700_000_060_000);
    for (const record of records) expectValidEmf(record);
  });
});
