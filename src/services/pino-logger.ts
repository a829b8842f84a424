/**
 * The Logger port on pino: one JSON object per line on stdout, as container log collectors
 * expect, with the service and instance on every line.
 */
import { type DestinationStream, pino } from 'pino';
import type { Logger, LogLevel } from './logger.js';

export function createPinoLogger(opts: {
  level: LogLevel;
  bindings: Record<string, string>;
  /** Where lines go; stdout by default (tests pass a stream). */
  destination?: DestinationStream;
}): Logger {
  const base = pino(
    {
      level: opts.level,
      base: { pid: process.pid, ...opts.bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ fd: 1, sync: true }),
  );
  const emit =
    (level: 'error' | 'warn' | 'info' | 'debug') => (msg: string, fields?: Record<string, unknown>) => {
      if (fields && Object.keys(fields).length > 0) base[level](fields, msg);
      else base[level](msg);
    };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}
