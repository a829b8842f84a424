/** Paths into a payload, and the log of problems one parse collects. */
import type { z } from 'zod';
import type { EspnProblem } from './types.js';

/** `events[3]` + `competitions` -> `events[3].competitions`; numbers become `[n]`. */
export function pathJoin(base: string, ...keys: readonly PropertyKey[]): string {
  let out = base;
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The first issue of a zod error, as a path below `base` and a reason. */
export function firstIssue(error: z.ZodError, base: string): { path: string; reason: string } {
  const issue = error.issues[0];
  if (!issue) return { path: base, reason: 'invalid' };
  return { path: pathJoin(base, ...issue.path), reason: issue.message };
}

export class ProblemLog {
  readonly problems: EspnProblem[] = [];

  skipped(path: string, reason: string, espnId?: string): void {
    this.problems.push(
      espnId === undefined
        ? { path, reason, effect: 'skipped' }
        : { path, reason, effect: 'skipped', espnId },
    );
  }

  degraded(path: string, reason: string, espnId?: string): void {
    this.problems.push(
      espnId === undefined
        ? { path, reason, effect: 'degraded' }
        : { path, reason, effect: 'degraded', espnId },
    );
  }
}

/** Reads values of one event, reporting what it cannot use against that event's id. */
export interface EventScope {
  readonly log: ProblemLog;
  readonly espnId: string;
}

/** The value at `key` if present and valid; absent or null gives undefined, invalid is reported. */
export function readOptional<T>(
  scope: EventScope,
  source: Readonly<Record<string, unknown>> | undefined,
  key: string,
  schema: z.ZodType<T>,
  path: string,
): T | undefined {
  if (source === undefined) return undefined;
  const raw = source[key];
  if (raw === undefined || raw === null) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error, pathJoin(path, key));
  scope.log.degraded(issue.path, `${issue.reason}; ignored`, scope.espnId);
  return undefined;
}

/** A plain JSON object (not an array), or undefined. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
