/**
 * Replies in Kalshi's error shape and the zod helpers the simulator's route files share. Pure.
 */
import { z } from 'zod';
import { errorJson } from './wire.js';

/** Where the simulator serves Kalshi's REST API, as the real hosts do. */
export const KALSHI_SIM_API_ROOT = '/trade-api/v2';

export interface RouteReply {
  readonly status: number;
  readonly body: unknown;
  /** A malformed request, counted by the server. */
  readonly counted?: boolean;
}

export const ok = (body: unknown, status = 200): RouteReply => ({ status, body });
export const fail = (status: number, code: string, message: string, counted = false): RouteReply => ({
  status,
  body: errorJson(code, message),
  counted,
});
export const badRequest = (message: string) => fail(400, 'bad_request', message, true);
/** An unknown path, named in full in the answer (counted: a client asking for it has a bug). */
export const notFound = (method: string, fullPath: string) =>
  fail(404, 'not_found', `no endpoint ${method} ${fullPath}`, true);

/** A `*_dollars` or `*_fp` value, string or number, parsed to integer units. */
export const money = (parse: (s: unknown) => number) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    try {
      return parse(typeof v === 'number' ? String(v) : v);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

/** Every problem of a failed parse, each naming its field. */
export function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}
