/**
 * `arbees doctor`: checks, for the configured mode's endpoints, everything a paper or live run
 * depends on, one line per check with what to do about each failure; exits 1 if any check
 * fails. It only reads: signed read-only calls, no order, nothing stored.
 */
import { Redis } from 'ioredis';
import { EndpointError, type Endpoints, resolveEndpoints } from '../config/endpoints.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { missingLiveCredentials } from '../services/venue-access.js';
import { openStore } from '../store/open.js';
import {
  type Check,
  type CheckResult,
  type DoctorContext,
  espnCheck,
  kalshiChecks,
  polymarketChecks,
} from './doctor/checks.js';
import { polymarketUsChecks } from './doctor/polymarket-us-checks.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';

export interface DoctorFlags {
  mode?: string;
  db?: string;
  timeout?: string;
  set?: string[];
}

const LABEL: Record<CheckResult['status'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

function storeCheck(config: Config, db: string | undefined): Check {
  return {
    name: 'store',
    async run() {
      const where = config.DATABASE_URL
        ? 'PostgreSQL (DATABASE_URL)'
        : `PGlite in ${db ?? config.ARBEES_PGLITE_DIR}`;
      try {
        const store = await openStore({
          databaseUrl: config.DATABASE_URL,
          pglite: db ?? config.ARBEES_PGLITE_DIR,
        });
        try {
          const runs = await store.listRuns({ limit: 1 });
          return {
            status: 'ok',
            detail: `${where}: migrated, ${runs.length === 0 ? 'no runs yet' : `latest run ${runs[0]!.runId}`}`,
          };
        } finally {
          await store.close();
        }
      } catch (error) {
        return {
          status: 'fail',
          detail: `${where}: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'check DATABASE_URL (or the PGlite directory: --db / ARBEES_PGLITE_DIR)',
        };
      }
    },
  };
}

function redisCheck(url: string, timeoutMs: number): Check {
  return {
    name: 'redis',
    async run() {
      const redis = new Redis(url, {
        protocol: 2,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        connectTimeout: timeoutMs,
        retryStrategy: () => null,
      });
      redis.on('error', () => {});
      try {
        await redis.connect();
        const pong = await redis.ping();
        return { status: 'ok', detail: `${url.replace(/\/\/[^@]*@/, '//***@')}: ${pong}` };
      } catch (error) {
        return {
          status: 'fail',
          detail: `${url}: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'check REDIS_URL and that Redis runs',
        };
      } finally {
        redis.disconnect();
      }
    },
  };
}

function liveSettingsCheck(config: Config, ctx: DoctorContext): Check {
  return {
    name: 'live.settings',
    async run() {
      const missing = [
        ...(config.PAPER_TRADING ? ['PAPER_TRADING=0'] : []),
        ...(config.LIVE_TRADING_ACK ? [] : ['LIVE_TRADING_ACK=true']),
        ...missingLiveCredentials(config, ctx.endpoints, ctx.env),
      ];
      if (missing.length === 0)
        return { status: 'ok', detail: 'live trading acknowledged, credentials of every enabled venue set' };
      return {
        status: 'fail',
        detail: `live trading would be refused: missing ${missing.join(', ')}`,
        fix: 'set them, or run --mode paper',
      };
    },
  };
}

export async function doctorCommand(flags: DoctorFlags): Promise<number> {
  const config = loadConfig({ overrides: { ...overridesFromSet(flags.set), ARBEES_MODE: flags.mode } });
  const mode = config.ARBEES_MODE;
  if (mode !== 'paper' && mode !== 'live')
    throw new UserError(
      `doctor checks what paper and live runs reach; run it with --mode paper or --mode live (the configured mode is ${mode})`,
    );
  const timeoutMs = flags.timeout === undefined ? 5_000 : Number(flags.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new UserError(`--timeout: expected seconds above 0, got "${flags.timeout}"`);
  let endpoints: Endpoints;
  try {
    endpoints = resolveEndpoints(config);
  } catch (error) {
    if (error instanceof EndpointError) throw new UserError(error.message);
    throw error;
  }
  const ctx: DoctorContext = { config, mode, endpoints, env: process.env, timeoutMs };
  const checks: Check[] = [
    ...(mode === 'live' ? [liveSettingsCheck(config, ctx)] : []),
    espnCheck(ctx),
    ...kalshiChecks(ctx),
    ...polymarketChecks(ctx),
    ...polymarketUsChecks(ctx),
    storeCheck(config, flags.db),
    ...(config.REDIS_URL ? [redisCheck(config.REDIS_URL, timeoutMs)] : []),
  ];
  process.stdout.write(`arbees doctor: ${mode} mode, venues ${config.ARBEES_VENUES.join(', ')}\n`);
  const width = Math.max(...checks.map((c) => c.name.length));
  let failed = 0;
  for (const check of checks) {
    let result: CheckResult;
    try {
      result = await check.run();
    } catch (error) {
      result = {
        status: 'fail',
        detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (result.status === 'fail') failed += 1;
    process.stdout.write(`${LABEL[result.status]}  ${check.name.padEnd(width)}  ${result.detail}\n`);
    if (result.fix && result.status !== 'ok')
      process.stdout.write(`${' '.repeat(width + 8)}-> ${result.fix}\n`);
  }
  process.stdout.write(
    failed === 0 ? 'all checks passed\n' : `${failed} check${failed === 1 ? '' : 's'} failed\n`,
  );
  return failed === 0 ? 0 : 1;
}
