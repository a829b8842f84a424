/**
 * Seeded fuzzing of the parsers with mutations of real and reference messages: deleted keys,
 * wrong types, malformed decimals, huge numbers. Nothing may throw; every failure is a typed
 * error that points at the mutated field, its parent, or a sibling it stands in for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import type { KalshiParseError, KalshiResult } from './errors.js';
import { realMarket, realOrderbook, realTrades, referenceWsMessages } from './fixtures/load.js';
import {
  type KalshiParseContext,
  parseKalshiMarketResponse,
  parseKalshiOrderbook,
  parseKalshiTradesPage,
  parseKalshiWsMessage,
} from './parse.js';

type Path = readonly (string | number)[];
const ids = new EventIdSequence('fuzz');
const ctx: KalshiParseContext = {
  clock: new SimulatedClock(1),
  nextId: () => ids.next(),
  useYesPrice: false,
};

/** Each base payload with the parser for it; page parsers report item errors beside the items. */
interface Base {
  readonly name: string;
  readonly input: unknown;
  readonly parse: (input: unknown) => readonly KalshiParseError[] | 'threw';
}
const errorsOf = (r: KalshiResult<unknown>): KalshiParseError[] => {
  if (!r.ok) return [r.error];
  const page = r.value as { errors?: KalshiParseError[] };
  return Array.isArray(page.errors) ? page.errors : [];
};
const safely = (f: () => KalshiResult<unknown>) => () => {
  try {
    return errorsOf(f());
  } catch {
    return 'threw' as const;
  }
};
const BASES: readonly Base[] = [
  { name: 'market', input: realMarket(), parse: (x) => safely(() => parseKalshiMarketResponse(x))() },
  {
    name: 'orderbook',
    input: realOrderbook(),
    parse: (x) => safely(() => parseKalshiOrderbook({ payload: x, ticker: 'T' }, ctx))(),
  },
  { name: 'trades', input: realTrades(), parse: (x) => safely(() => parseKalshiTradesPage(x, ctx))() },
  ...referenceWsMessages().map((m) => ({
    name: `ws:${m.name}`,
    input: m.raw,
    parse: (x: unknown) => safely(() => parseKalshiWsMessage(x, ctx))(),
  })),
];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => {
    const path = [...prefix, k];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[k], path)];
  });
}

const REPLACEMENTS: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  0.5,
  1e308,
  2 ** 60,
  Number.NaN,
  '0.5.6',
  '',
  ' ',
  '9'.repeat(40),
  '1e5',
  '-0.01',
  '0.0000001',
  'abc',
  '１',
  [],
  {},
  [['0.5', '1.00']],
];

type Mutation =
  | { readonly path: Path; readonly op: 'delete' }
  | { readonly path: Path; readonly op: 'set'; readonly to: unknown };

function applyMutation(root: unknown, m: Mutation): unknown {
  if (m.path.length === 0) return m.op === 'delete' ? undefined : m.to;
  let node = root as Record<string | number, unknown>;
  for (const key of m.path.slice(0, -1)) {
    // An earlier mutation may have removed or replaced this parent: nothing left to mutate.
    if (node === null || typeof node !== 'object') return root;
    node = node[key] as Record<string | number, unknown>;
  }
  if (node === null || typeof node !== 'object') return root;
  const last = m.path[m.path.length - 1]!;
  if (m.op === 'set') node[last] = m.to;
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
  return root;
}

/** Dotted form used by KalshiParseError.field: a.b[0][1].c */
function fieldOf(path: Path): string {
  return path.reduce<string>(
    (out, k) => (typeof k === 'number' ? `${out}[${k}]` : out === '' ? k : `${out}.${k}`),
    '',
  );
}
const parentOf = (field: string) => field.replace(/(\.[^.[\]]+|\[\d+\])$/, '');

const mutationArb = (base: Base) => {
  const paths = pathsOf(base.input);
  return fc
    .record({
      pathIndex: fc.nat({ max: paths.length - 1 }),
      op: fc.constantFrom('delete', 'set', 'set', 'set'),
      to: fc.constantFrom(...REPLACEMENTS),
    })
    .map(({ pathIndex, op, to }): Mutation => {
      const path = paths[pathIndex]!;
      return op === 'delete' ? { path, op } : { path, op: 'set', to };
    });
};

const caseArb = fc
  .nat({ max: BASES.length - 1 })
  .chain((i) => fc.tuple(fc.constant(i), fc.array(mutationArb(BASES[i]!), { minLength: 1, maxLength: 3 })));

describe('fuzzing the parsers with mutated real messages (seeded)', () => {
  it('never throws, and every error is typed, bounded and points near a mutation', () => {
    let failures = 0;
    let runs = 0;
    fc.assert(
      fc.property(caseArb, ([baseIndex, mutations]) => {
        const base = BASES[baseIndex]!;
        const input = mutations.reduce((acc, m) => applyMutation(acc, m), structuredClone(base.input));
        const errors = base.parse(input);
        runs += 1;
        if (errors === 'threw') return false;
        if (errors.length > 0) failures += 1;
        const mutated = mutations.map((m) => fieldOf(m.path));
        return errors.every(
          (e) =>
            e.kind === 'kalshi_parse_error' &&
            typeof e.reason === 'string' &&
            e.value.length <= 61 &&
            // the mutated field, a parent of it, or a sibling it stands in for (fill_id / trade_id)
            mutated.some(
              (f) =>
                f === e.field ||
                f.startsWith(`${e.field}.`) ||
                f.startsWith(`${e.field}[`) ||
                e.field === '' ||
                parentOf(e.field) === parentOf(f),
            ),
        );
      }),
      { seed: 20_261_008, numRuns: 600 },
    );
    expect(runs).toBeGreaterThanOrEqual(600);
    // Most mutations must actually break something, or this test proves little.
    expect(failures / runs).toBeGreaterThan(0.5);
  });

  it('names exactly the field of every decimal string replaced by "0.5.6"', () => {
    // Fields the parsers deliberately do not read (informational only).
    const unread = new Set([
      'market.previous_price_dollars',
      'market.previous_yes_ask_dollars',
      'market.previous_yes_bid_dollars',
      'market.notional_value_dollars',
      'market.volume_24h_fp',
      'market.custom_strike.football_team',
    ]);
    let checked = 0;
    for (const base of BASES) {
      for (const path of pathsOf(base.input)) {
        const original = path.reduce<unknown>(
          (n, k) => (n as Record<string | number, unknown>)[k],
          base.input,
        );
        const field = fieldOf(path);
        if (typeof original !== 'string' || !/^\d+\.\d+$/.test(original) || unread.has(field)) continue;
        if (/^price_ranges|\.price_ranges/.test(field)) continue; // checked below: ranges, not prices
        const input = applyMutation(structuredClone(base.input), { path, op: 'set', to: '0.5.6' });
        const errors = base.parse(input);
        expect(errors, `${base.name} ${field}`).not.toBe('threw');
        expect(
          (errors as KalshiParseError[]).map((e) => e.field),
          `${base.name} ${field}`,
        ).toEqual([field]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('huge and non-finite numbers where integers belong are errors, not Infinity', () => {
    for (const bad of [1e308, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY, 1.5]) {
      const delta = structuredClone(referenceWsMessages().find((m) => m.name === 'orderbook_delta')!.raw);
      const r = parseKalshiWsMessage({ ...delta, seq: bad }, ctx);
      expect(r.ok ? null : r.error.field).toBe('seq');
    }
  });
});
