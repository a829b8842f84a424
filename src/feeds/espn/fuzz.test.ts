/**
 * Fuzz: every real payload, mutated at random (seeded) a few hundred times: keys deleted, types
 * changed, values nulled, arrays truncated, reordered or duplicated. The parsers must never
 * throw anything but EspnParseError, must account for every event (parsed or skipped), and every
 * game they do return must be a sane state.
 */
import { describe, expect, it } from 'vitest';
import type { GameState } from '../../core/game-state.js';
import { SeededRandom } from '../../sim/random.js';
import { parseScoreboard, parseScoreboardEvent } from './scoreboard.js';
import { parseSummary } from './summary.js';
import { type Json, REAL_FILES, readEspnJson } from './testing/fixtures.js';
import { type EspnGame, EspnParseError, type EspnParseResult } from './types.js';

type Kind = 'scoreboard' | 'event' | 'summary';
const TARGETS: { file: string; kind: Kind; parse: (json: unknown) => EspnParseResult }[] = [
  { file: REAL_FILES.nflInProgress, kind: 'scoreboard', parse: (j) => parseScoreboard(j, 'nfl') },
  { file: REAL_FILES.nflPost, kind: 'scoreboard', parse: (j) => parseScoreboard(j, 'nfl') },
  { file: REAL_FILES.nbaPost2024, kind: 'scoreboard', parse: (j) => parseScoreboard(j, 'nba') },
  { file: REAL_FILES.nbaPost, kind: 'scoreboard', parse: (j) => parseScoreboard(j, 'nba') },
  { file: REAL_FILES.nbaSummary, kind: 'summary', parse: (j) => parseSummary(j, 'nba') },
  ...[REAL_FILES.mlb1, REAL_FILES.mlb2, REAL_FILES.mlb3, REAL_FILES.mlb4].map((file) => ({
    file,
    kind: 'event' as const,
    parse: (j: unknown) => parseScoreboardEvent(j, 'mlb'),
  })),
];

const CASES = 450;
const SEED = 20_221_120;

/** Keys the parsers read: most mutations land on these, the rest anywhere. */
const READ_KEYS = new Set(
  (
    'events competitions competitors homeAway team id abbreviation displayName name score value status type state ' +
    'period clock displayClock detail shortDetail completed date season situation down distance yardLine possession ' +
    'possessionText homeTimeouts awayTimeouts lastPlay probability homeWinPercentage odds details overUnder spread ' +
    'homeTeamOdds awayTeamOdds moneyLine provider priority balls strikes outs onFirst onSecond onThird header leagues ' +
    'slug winprobability playId plays sequenceNumber homeScore awayScore pickcenter redCard tiePercentage'
  ).split(' '),
);

const REPLACEMENTS: unknown[] = [
  '',
  'x',
  '7',
  '-1',
  0,
  -1,
  3.5,
  1e9,
  true,
  false,
  [],
  {},
  [1, 2],
  { value: 'x' },
];

interface Slot {
  parent: Json;
  key: string | number;
}

/** Every slot of the tree; `read` are those reached through read keys only (not links, athletes...). */
function slotsOf(root: Json): { all: Slot[]; read: Slot[] } {
  const all: Slot[] = [];
  const read: Slot[] = [];
  const stack: { node: Json; onReadPath: boolean }[] = [{ node: root, onReadPath: true }];
  while (stack.length > 0) {
    const { node, onReadPath } = stack.pop()!;
    const keys: (string | number)[] = Array.isArray(node)
      ? node.map((_: unknown, i: number) => i)
      : Object.keys(node);
    for (const key of keys) {
      const slot = { parent: node, key };
      const readKey = onReadPath && (typeof key === 'number' || READ_KEYS.has(key));
      all.push(slot);
      if (readKey) read.push(slot);
      const child = node[key];
      if (typeof child === 'object' && child !== null) stack.push({ node: child, onReadPath: readKey });
    }
  }
  return { all, read };
}

/** Applies one random mutation; returns its description for failure messages. */
function mutate(root: Json, rng: SeededRandom): string {
  const { all, read } = slotsOf(root);
  const pool = read.length > 0 && rng.next() < 0.9 ? read : all;
  const slot = pool[rng.int(0, pool.length - 1)];
  if (!slot) return 'nothing to mutate';
  const { parent, key } = slot;
  const current = parent[key];
  const op = rng.int(0, 5);
  if (op === 0) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
    return `delete ${key}`;
  }
  if (op === 1) {
    parent[key] = null;
    return `null ${key}`;
  }
  if (Array.isArray(current) && op >= 3) {
    if (op === 3) current.length = rng.int(0, Math.max(0, current.length - 1));
    else if (op === 4) current.reverse();
    else if (current.length > 0) current.push(structuredClone(current[rng.int(0, current.length - 1)]));
    return `array op ${op} on ${key}`;
  }
  const others = REPLACEMENTS.filter(
    (r) => typeof r !== typeof current || Array.isArray(r) !== Array.isArray(current),
  );
  parent[key] = structuredClone(others[rng.int(0, others.length - 1)]);
  return `retype ${key}`;
}

const isInt = (v: unknown, lo: number, hi: number) =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const isIntOrNull = (v: unknown, lo: number, hi: number) => v === null || isInt(v, lo, hi);

/** What every returned game must be, however broken the input was: the rules it breaks. */
function violations(game: EspnGame): string[] {
  const out: string[] = [];
  const rule = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  rule(typeof game.espnId === 'string' && game.espnId.length > 0, 'espnId');
  rule(Number.isFinite(game.startTs), 'startTs');
  rule(game.homeTeam.id !== game.awayTeam.id, 'distinct teams');
  const s: GameState = game.state;
  rule(['pre', 'in', 'post'].includes(s.status), 'status');
  rule(isInt(s.homeScore, 0, 1000) && isInt(s.awayScore, 0, 1000), 'scores');
  switch (s.sport) {
    case 'nfl':
    case 'ncaaf':
      rule(isInt(s.quarter, 1, 20) && isInt(s.clockSeconds, 0, 900), 'quarter and clock');
      rule(isIntOrNull(s.down, 1, 4) && isIntOrNull(s.distance, 0, 99), 'down and distance');
      rule(isIntOrNull(s.yardline100, 1, 99), 'yardline100');
      rule(s.yardline100 === null || s.possession !== null, 'yardline100 without possession');
      rule(isInt(s.homeTimeouts, 0, 3) && isInt(s.awayTimeouts, 0, 3), 'timeouts');
      rule(
        Number.isInteger(s.gameSecondsRemaining) && s.gameSecondsRemaining <= 3600,
        'gameSecondsRemaining',
      );
      break;
    case 'nba':
    case 'ncaamb':
    case 'nhl':
      rule(isInt(s.period, 1, 50) && s.clockSeconds >= 0 && s.clockSeconds <= 1200, 'period and clock');
      rule(Number.isFinite(s.gameSecondsRemaining), 'gameSecondsRemaining');
      break;
    case 'mlb':
      rule(isInt(s.inning, 1, 50), 'inning');
      rule(isIntOrNull(s.balls, 0, 4) && isIntOrNull(s.strikes, 0, 3) && isIntOrNull(s.outs, 0, 3), 'count');
      rule(
        [s.onFirst, s.onSecond, s.onThird].every((b) => b === true || b === false || b === null),
        'bases',
      );
      break;
    case 'soccer':
      rule(s.minute >= 0 && s.clockSeconds >= 0, 'minute');
      break;
  }
  for (const [k, v] of Object.entries(game.odds ?? {})) {
    rule(typeof v === 'string' || Number.isFinite(v), `odds.${k}`);
  }
  const wp = game.espnHomeWinProbability;
  rule(wp === undefined || (wp >= 0 && wp <= 1), 'espnHomeWinProbability');
  return out.map((what) => `${game.espnId}: ${what} in ${JSON.stringify(game.state)}`);
}

function eventsIn(json: Json, kind: Kind): number | null {
  if (kind === 'scoreboard') return Array.isArray(json?.events) ? json.events.length : null;
  return 1;
}

describe('fuzz: real ESPN payloads, mutated', () => {
  it(`${CASES} seeded cases: only EspnParseError is thrown, every event is accounted for, every game is sane`, () => {
    const originals = TARGETS.map((t) => readEspnJson(t.file));
    const rng = new SeededRandom(SEED);
    const totals = { cases: 0, refused: 0, games: 0, skipped: 0, degraded: 0 };
    for (let n = 0; n < CASES; n++) {
      const t = n % TARGETS.length;
      const target = TARGETS[t]!;
      const json = structuredClone(originals[t]);
      const steps = Array.from({ length: rng.int(1, 4) }, () => mutate(json, rng));
      const where = `case ${n} (${target.file}: ${steps.join(', ')})`;
      totals.cases++;
      let result: EspnParseResult;
      try {
        result = target.parse(json);
      } catch (err) {
        expect(err, where).toBeInstanceOf(EspnParseError);
        totals.refused++;
        continue;
      }
      const skipped = result.problems.filter((p) => p.effect === 'skipped').length;
      const events = eventsIn(json, target.kind);
      expect(events, where).not.toBeNull();
      expect(result.games.length + skipped, where).toBe(events);
      for (const p of result.problems) {
        expect(typeof p.path === 'string' && typeof p.reason === 'string' && p.reason.length > 0, where).toBe(
          true,
        );
      }
      expect(result.games.flatMap(violations), where).toEqual([]);
      // Plain data all the way down: no functions, cycles or non-finite numbers.
      expect(() => JSON.stringify(result), where).not.toThrow();
      totals.games += result.games.length;
      totals.skipped += skipped;
      totals.degraded += result.problems.length - skipped;
    }
    console.info(`ESPN parser fuzz: ${JSON.stringify(totals)}`);
    // The mutations must reach the paths the parsers read: all three outcomes occur.
    expect(totals.refused).toBeGreaterThan(0);
    expect(totals.skipped).toBeGreaterThan(20);
    expect(totals.degraded).toBeGreaterThan(20);
    expect(totals.games).toBeGreaterThan(1000);
  });

  it('refuses random non-payloads with EspnParseError only', () => {
    const inputs: unknown[] = [
      undefined,
      null,
      0,
      'x',
      [],
      [[]],
      {},
      { events: null },
      { header: {} },
      { id: 1 },
    ];
    for (const input of inputs) {
      for (const parse of [
        (j: unknown) => parseScoreboard(j, 'nfl'),
        (j: unknown) => parseSummary(j, 'nba'),
        (j: unknown) => parseScoreboardEvent(j, 'mlb'),
      ]) {
        expect(() => parse(input)).toThrow(EspnParseError);
      }
    }
  });
});
