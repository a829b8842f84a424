/**
 * Pregame lines from a scoreboard competition's `odds[]` or a summary's `pickcenter[]`: entries
 * `{provider{name, priority}, details: "DAL -8.5", spread, overUnder, homeTeamOdds{moneyLine},
 * awayTeamOdds{moneyLine}}`; pickcenter entries may also carry `pointSpread.home.close.line` and
 * `moneyline.home.close.odds`. The entry with the best (lowest) provider priority is used.
 *
 * Sign of the spread (see EspnOdds): homeSpread > 0 means the home team is favoured.
 * - `details` names a team and its sportsbook line: "DAL -8.5" is DAL favoured by 8.5, so
 *   homeSpread = +8.5 if DAL is home, -8.5 if DAL is away. "EVEN"/"PK" is 0.
 * - `spread` and `pointSpread.home.close.line` are the home team's sportsbook line ("home -3.5"
 *   is -3.5), so homeSpread = -spread.
 * In baseball, hockey and soccer `details` quotes a moneyline ("NYY -150"), not a spread, so it
 * is only read for football and basketball.
 */
import { z } from 'zod';
import { asRecord, type EventScope, pathJoin, readOptional } from './problems.js';
import { numberLike } from './schema.js';
import type { EspnOdds, EspnTeam } from './types.js';

const line = numberLike.pipe(z.number().min(-100).max(100));
// Built once: zod schemas are costly to build, and a poller parses thousands of payloads.
const text = z.string();
const name = z.string().trim().min(1);
const total = numberLike.pipe(z.number().positive().max(1000));
const moneyline = numberLike.pipe(
  z.number().refine((n) => Math.abs(n) >= 100, 'expected American odds, |odds| >= 100'),
);

/** Spreads equal within this are the same line (ESPN prints "-2" and -2.0). */
const SAME_LINE = 0.01;

export interface OddsOptions {
  readonly teams: { readonly home: EspnTeam; readonly away: EspnTeam };
  /** Whether `details` holds a point spread (football, basketball). */
  readonly spreadInDetails: boolean;
}

/** Team and sportsbook line of `details`, or 'pick' for a pick'em; null when unreadable. */
export function parseOddsDetails(details: string): { team: string; line: number } | 'pick' | null {
  const t = details.trim();
  if (/^(even|pk|pick|pick'em)$/i.test(t)) return 'pick';
  const m = /^([A-Za-z0-9&.'-]+)\s+([+-]?\d+(?:\.\d+)?)$/.exec(t);
  return m ? { team: m[1]!.toUpperCase(), line: Number(m[2]) } : null;
}

/** homeSpread from `details`; undefined when it names neither team (reported) or is unreadable. */
function spreadFromDetails(
  scope: EventScope,
  details: string,
  opts: OddsOptions,
  path: string,
): number | undefined {
  const parsed = parseOddsDetails(details);
  if (parsed === 'pick') return 0;
  if (parsed === null) return undefined; // "OFF" and the like: no line on offer
  const home = opts.teams.home.abbreviation.toUpperCase();
  const away = opts.teams.away.abbreviation.toUpperCase();
  if (parsed.team === home) return -parsed.line || 0;
  if (parsed.team === away) return parsed.line || 0;
  scope.log.degraded(
    path,
    `${JSON.stringify(details)} names neither ${home} nor ${away}; ignored`,
    scope.espnId,
  );
  return undefined;
}

function bestEntry(
  entries: readonly unknown[],
): { entry: Readonly<Record<string, unknown>>; index: number } | null {
  let best: { entry: Readonly<Record<string, unknown>>; index: number; priority: number } | null = null;
  for (let i = 0; i < entries.length; i++) {
    const entry = asRecord(entries[i]);
    if (!entry) continue;
    const p = Number(asRecord(entry.provider)?.priority);
    const priority = Number.isFinite(p) ? p : Number.POSITIVE_INFINITY;
    if (!best || priority < best.priority) best = { entry, index: i, priority };
  }
  return best;
}

/** Odds from an `odds[]` or `pickcenter[]` array at `path`; null when there are none. */
export function readOdds(scope: EventScope, raw: unknown, path: string, opts: OddsOptions): EspnOdds | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) {
    scope.log.degraded(path, 'expected an array of odds; ignored', scope.espnId);
    return null;
  }
  const best = bestEntry(raw);
  if (!best) return null;
  const { entry } = best;
  const at = pathJoin(path, best.index);
  const read = <T>(
    source: Readonly<Record<string, unknown>> | undefined,
    key: string,
    schema: z.ZodType<T>,
    p: string,
  ) => readOptional(scope, source, key, schema, p);

  const details = opts.spreadInDetails ? read(entry, 'details', text, at) : undefined;
  const fromDetails =
    details === undefined ? undefined : spreadFromDetails(scope, details, opts, pathJoin(at, 'details'));
  const closePath = pathJoin(at, 'pointSpread', 'home', 'close');
  const homeLine =
    read(entry, 'spread', line, at) ??
    read(asRecord(asRecord(asRecord(entry.pointSpread)?.home)?.close), 'line', line, closePath);
  const fromSpread = homeLine === undefined ? undefined : -homeLine || 0;
  let homeSpread = fromDetails ?? fromSpread;
  if (
    fromDetails !== undefined &&
    fromSpread !== undefined &&
    Math.abs(fromDetails - fromSpread) > SAME_LINE
  ) {
    // Two readings of one line that disagree: neither is trusted.
    scope.log.degraded(
      pathJoin(at, 'spread'),
      `home line ${homeLine} disagrees with details ${JSON.stringify(details)}; spread left unknown`,
      scope.espnId,
    );
    homeSpread = undefined;
  }

  const homeMoneyline =
    read(asRecord(entry.homeTeamOdds), 'moneyLine', moneyline, pathJoin(at, 'homeTeamOdds')) ??
    read(
      asRecord(asRecord(asRecord(entry.moneyline)?.home)?.close),
      'odds',
      moneyline,
      pathJoin(at, 'moneyline', 'home', 'close'),
    );
  const awayMoneyline =
    read(asRecord(entry.awayTeamOdds), 'moneyLine', moneyline, pathJoin(at, 'awayTeamOdds')) ??
    read(
      asRecord(asRecord(asRecord(entry.moneyline)?.away)?.close),
      'odds',
      moneyline,
      pathJoin(at, 'moneyline', 'away', 'close'),
    );
  const overUnder = read(entry, 'overUnder', total, at);
  const provider = read(asRecord(entry.provider), 'name', name, pathJoin(at, 'provider'));

  const odds: EspnOdds = {
    ...(homeSpread === undefined ? {} : { homeSpread }),
    ...(overUnder === undefined ? {} : { total: overUnder }),
    ...(homeMoneyline === undefined ? {} : { homeMoneyline }),
    ...(awayMoneyline === undefined ? {} : { awayMoneyline }),
  };
  if (Object.keys(odds).length === 0) return null;
  return provider === undefined ? odds : { ...odds, provider };
}
