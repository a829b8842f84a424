/**
 * The faults of `arbees sim world --fault <name[=value]>`, each switched on by itself, with a
 * default when no value is given. Pure: a bad spec is a sentence naming it.
 */
import type { WorldFaults } from './world-faults.js';

interface FaultKind {
  /** What the value means, for the help text. */
  readonly value: string;
  readonly fallback: string;
  readonly apply: (value: string, faults: MutableFaults) => string | null;
}

type MutableFaults = { -readonly [K in keyof WorldFaults]: WorldFaults[K] };

const rate =
  (key: 'serverErrorRate' | 'rateLimitRate' | 'unansweredOrderRate') => (v: string, f: MutableFaults) => {
    const n = Number(v);
    if (v.trim() === '' || !(n > 0 && n <= 1)) return `must be a share above 0 and at most 1, got "${v}"`;
    f[key] = n;
    return null;
  };
const seconds = (key: 'wsDropEveryMs' | 'seqGapEveryMs') => (v: string, f: MutableFaults) => {
  const n = Number(v);
  if (v.trim() === '' || !(n > 0)) return `must be seconds above 0, got "${v}"`;
  f[key] = n * 1000;
  return null;
};

/** How long the venues stay silent each time under `stale`. */
const STALE_FOR_MS = 15_000;

export const WORLD_FAULT_KINDS: Readonly<Record<string, FaultKind>> = {
  latency: {
    value: 'wall ms added to every answer',
    fallback: '200',
    apply: (v, f) => {
      const n = Number(v);
      if (v.trim() === '' || !(n > 0) || !Number.isInteger(n)) return `must be whole ms above 0, got "${v}"`;
      f.latencyMs = n;
      return null;
    },
  },
  '5xx': { value: 'share of requests answered 503', fallback: '0.02', apply: rate('serverErrorRate') },
  '429': { value: 'share of requests answered 429', fallback: '0.02', apply: rate('rateLimitRate') },
  unanswered: {
    value: 'share of orders carried out but never answered',
    fallback: '0.02',
    apply: rate('unansweredOrderRate'),
  },
  'ws-drop': { value: 'seconds between WebSocket drops', fallback: '60', apply: seconds('wsDropEveryMs') },
  'seq-gap': {
    value: 'seconds between Kalshi sequence gaps',
    fallback: '45',
    apply: seconds('seqGapEveryMs'),
  },
  stale: {
    value: `seconds between spells of ${STALE_FOR_MS / 1000} s of WebSocket silence`,
    fallback: '120',
    apply: (v, f) => {
      const n = Number(v);
      if (v.trim() === '' || !(n * 1000 > STALE_FOR_MS))
        return `must be seconds above ${STALE_FOR_MS / 1000}, got "${v}"`;
      f.staleBooks = { everyMs: n * 1000, forMs: STALE_FOR_MS };
      return null;
    },
  },
  unmatchable: {
    value: 'game id whose listings name a team no table knows',
    fallback: 'the first game',
    apply: (v, f) => {
      f.unmatchableGames = [...(f.unmatchableGames ?? []), v];
      return null;
    },
  },
};

/** The faults in the order they are written above ('429' would sort first, as an integer key). */
const FAULT_NAMES = ['latency', '5xx', '429', 'unanswered', 'ws-drop', 'seq-gap', 'stale', 'unmatchable'];

/** Every fault, its value and default, for `--help`. */
export function worldFaultHelp(): string {
  return FAULT_NAMES.map(
    (name) => `${name}[=${WORLD_FAULT_KINDS[name]?.value}, default ${WORLD_FAULT_KINDS[name]?.fallback}]`,
  ).join('; ');
}

/**
 * The faults the specs switch on, or the problems with them. `unmatchable` without a value
 * names `firstGameId`.
 */
export function parseWorldFaults(
  specs: readonly string[],
  firstGameId: string,
): { ok: true; faults: WorldFaults } | { ok: false; problems: string[] } {
  const faults: MutableFaults = {};
  const problems: string[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const kind = WORLD_FAULT_KINDS[name];
    if (!kind || !Object.hasOwn(WORLD_FAULT_KINDS, name)) {
      problems.push(`--fault ${spec}: unknown fault; known ones are ${FAULT_NAMES.join(', ')}`);
      continue;
    }
    const value = eq < 0 ? (name === 'unmatchable' ? firstGameId : kind.fallback) : spec.slice(eq + 1);
    const problem = kind.apply(value, faults);
    if (problem) problems.push(`--fault ${name}: ${problem}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, faults };
}
