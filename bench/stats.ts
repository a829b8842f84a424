/** Small helpers for benchmarks: percentiles and the JSON-lines output of DESIGN.md. */

export interface BenchLine {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly limit_name: string | null;
  readonly limit: number | null;
  readonly ratio: number | null;
}

export function line(opts: {
  name: string;
  value: number;
  unit: string;
  limitName?: string;
  limit?: number;
}): BenchLine {
  const limit = opts.limit ?? null;
  const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Number(x.toFixed(3)));
  return {
    name: opts.name,
    value: round(opts.value),
    unit: opts.unit,
    limit_name: opts.limitName ?? null,
    limit: limit === null ? null : round(limit),
    ratio: limit === null || limit === 0 ? null : Number((opts.value / limit).toFixed(3)),
  };
}

export function emit(l: BenchLine): void {
  process.stdout.write(`${JSON.stringify(l)}\n`);
}

/** The q-quantile (0..1) of nanosecond samples, in microseconds. */
export function percentileUs(samplesNs: readonly number[], q: number): number {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return (sorted[i] ?? 0) / 1000;
}

/** The median of repeated measurements (the upper middle one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Measures two rate functions in alternation after one warm-up each, so machine load hits both
 * alike, and returns the median of each.
 */
export function alternateMedians(opts: { ours: () => number; limit: () => number; repeats: number }): {
  ours: number;
  limit: number;
} {
  opts.ours(); // warm the JIT
  opts.limit();
  const ours: number[] = [];
  const limit: number[] = [];
  for (let i = 0; i < opts.repeats; i++) {
    ours.push(opts.ours());
    limit.push(opts.limit());
  }
  return { ours: median(ours), limit: median(limit) };
}
