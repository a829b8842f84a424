/**
 * `arbees doctor`'s checks, one per thing a paper or live run depends on: each endpoint
 * reachable, each credential accepted by a signed read-only call, the clock's skew against the
 * venues, Polymarket's geoblock answer, the store and Redis. A check never throws: it answers
 * ok, warn, fail or skip with what it saw and, when not ok, what to do.
 */
import { privateKeyToAccount } from 'viem/accounts';
import { WebSocket } from 'ws';
import type { Endpoints } from '../../config/endpoints.js';
import type { Config } from '../../config/schema.js';
import { formatMicros } from '../../core/money.js';
import type { EspnLeague } from '../../feeds/espn/leagues.js';
import { ESPN_LEAGUES } from '../../feeds/espn/leagues.js';
import { loadKalshiKey, polymarketSettings } from '../../services/venue-access.js';
import { KALSHI_WS_PATH, type KalshiSigningKey, kalshiAuthHeaders } from '../../venues/kalshi/auth.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { parseKalshiBalance } from '../../venues/kalshi/parse-portfolio.js';
import { readPrivateKey } from '../../venues/polymarket/config.js';
import { describeOutcome, PolymarketHttp } from '../../venues/polymarket/http.js';
import { parseBalance } from '../../venues/polymarket/parse-account.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do about a warning or a failure. */
  readonly fix?: string;
}

export interface Check {
  readonly name: string;
  run(): Promise<CheckResult>;
}

export interface DoctorContext {
  readonly config: Config;
  readonly mode: 'paper' | 'live';
  readonly endpoints: Endpoints;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Wall-clock limit of one network step, ms. */
  readonly timeoutMs: number;
}

/** Skew above this fails: venues refuse signatures too far from their clock. */
const SKEW_FAIL_MS = 5_000;
const SKEW_WARN_MS = 1_000;

export const ok = (detail: string): CheckResult => ({ status: 'ok', detail });
export const fail = (detail: string, fix: string): CheckResult => ({ status: 'fail', detail, fix });
export const skip = (detail: string): CheckResult => ({ status: 'skip', detail });

export async function timedFetch(url: string, timeoutMs: number, init: RequestInit = {}): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await fetch(url, { ...init, signal: abort.signal });
  } finally {
    clearTimeout(timer);
  }
}

export const why = (error: unknown) =>
  error instanceof Error
    ? error.name === 'AbortError'
      ? 'timed out'
      : ((error.cause as Error)?.message ?? error.message)
    : String(error);

/** Opens a WebSocket and closes it again; resolves with how it went. */
export function tryWebSocket(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<CheckResult> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: timeoutMs });
    const done = (result: CheckResult) => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(result);
    };
    socket.on('open', () => done(ok(`${url}: connected`)));
    socket.on('unexpected-response', (_req, res) =>
      done(
        fail(`${url}: handshake answered ${res.statusCode}`, 'check the URL and, for Kalshi, the API key'),
      ),
    );
    socket.on('error', (error) => done(fail(`${url}: ${why(error)}`, 'check the URL and your network')));
  });
}

export function skewResult(venue: string, serverMs: number, localMs: number): CheckResult {
  const skew = localMs - serverMs;
  const text = `local clock ${skew >= 0 ? 'ahead of' : 'behind'} ${venue} by ${Math.abs(skew)} ms`;
  const fix = 'sync the system clock (e.g. systemd-timesyncd or chrony); signed requests carry the time';
  if (Math.abs(skew) > SKEW_FAIL_MS) return fail(text, fix);
  if (Math.abs(skew) > SKEW_WARN_MS) return { status: 'warn', detail: text, fix };
  return ok(text);
}

export function espnCheck(ctx: DoctorContext): Check {
  const league: EspnLeague = ctx.config.ARBEES_LEAGUES?.[0] ?? 'nfl';
  const url = `${ctx.endpoints.espn.url}/${ESPN_LEAGUES[league].path}/scoreboard`;
  return {
    name: 'espn',
    async run() {
      try {
        const res = await timedFetch(url, ctx.timeoutMs);
        if (!res.ok) return fail(`${url}: HTTP ${res.status}`, 'check ARBEES_ESPN_URL');
        const body = (await res.json()) as { events?: unknown[] };
        if (!Array.isArray(body.events)) return fail(`${url}: not a scoreboard`, 'check ARBEES_ESPN_URL');
        return ok(`${url}: ${body.events.length} ${league} games on the scoreboard`);
      } catch (error) {
        return fail(`${url}: ${why(error)}`, 'check ARBEES_ESPN_URL and your network');
      }
    },
  };
}

/** Kalshi: the exchange (and the clock's skew, from its Date header), the key, the WebSocket. */
export function kalshiChecks(ctx: DoctorContext): Check[] {
  const k = ctx.endpoints.kalshi;
  if (!k) return [];
  let key: KalshiSigningKey | null | undefined;
  let keyError: string | null = null;
  const getKey = async () => {
    if (key !== undefined) return key;
    try {
      key = await loadKalshiKey(ctx.config);
    } catch (error) {
      keyError = why(error);
      key = null;
    }
    return key;
  };
  const noKeyFix =
    "Kalshi's order-book WebSocket needs an API key even on paper: set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH (a key of the KALSHI_ENV exchange), or leave Kalshi out with ARBEES_VENUES=polymarket";
  return [
    {
      name: 'kalshi.exchange',
      async run() {
        const url = `${k.rest}/exchange/status`;
        try {
          const res = await timedFetch(url, ctx.timeoutMs);
          const local = Date.now();
          if (!res.ok) return fail(`${url}: HTTP ${res.status}`, 'check ARBEES_KALSHI_URL and KALSHI_ENV');
          const body = (await res.json()) as { exchange_active?: unknown; trading_active?: unknown };
          const date = Date.parse(res.headers.get('date') ?? '');
          const skew = Number.isFinite(date)
            ? ` (${skewResult('Kalshi', date, local).detail}, to the second)`
            : '';
          const active = body.trading_active === true ? 'trading active' : 'trading NOT active now';
          return ok(`${url}: ${active}${skew}`);
        } catch (error) {
          return fail(`${url}: ${why(error)}`, 'check ARBEES_KALSHI_URL and your network');
        }
      },
    },
    {
      name: 'kalshi.credentials',
      async run() {
        const signing = await getKey();
        if (keyError) return fail(keyError, 'fix KALSHI_API_KEY_ID / KALSHI_PRIVATE_KEY_PATH');
        if (!signing) return fail('no Kalshi API key set', noKeyFix);
        const http = new KalshiHttp({
          baseUrl: k.rest,
          key: signing,
          timeoutMs: ctx.timeoutMs,
          getAttempts: 1,
        });
        const outcome = await http.request({ method: 'GET', path: '/portfolio/balance' });
        if (outcome.kind === 'ok') {
          const balance = parseKalshiBalance(outcome.body);
          const shown = balance.ok ? ` (balance ${formatMicros(balance.value.balance)})` : '';
          return ok(`signed GET /portfolio/balance accepted${shown}`);
        }
        const detail =
          outcome.kind === 'http_error'
            ? `HTTP ${outcome.status} ${JSON.stringify(outcome.body)}`
            : outcome.kind;
        return fail(
          `signed GET /portfolio/balance refused: ${detail}`,
          `check that KALSHI_API_KEY_ID matches the key file and is a key of Kalshi's ${k.environment} exchange (keys are per exchange; KALSHI_ENV=${k.environment})`,
        );
      },
    },
    {
      name: 'kalshi.websocket',
      async run() {
        const signing = await getKey();
        if (!signing) return skip(`${k.ws}: not tried without an API key (its handshake is signed)`);
        const headers = {
          ...kalshiAuthHeaders(signing, { timestampMs: Date.now(), method: 'GET', path: KALSHI_WS_PATH }),
        };
        return tryWebSocket(k.ws, headers as unknown as Record<string, string>, ctx.timeoutMs);
      },
    },
  ];
}

/** Polymarket: the CLOB (and the clock's skew from /time), Gamma, the market WebSocket, geoblock, the wallet. */
export function polymarketChecks(ctx: DoctorContext): Check[] {
  const p = ctx.endpoints.polymarket;
  if (!p) return [];
  return [
    {
      name: 'polymarket.clob',
      async run() {
        const url = `${p.clob}/time`;
        try {
          const sent = Date.now();
          const res = await timedFetch(url, ctx.timeoutMs);
          const local = (sent + Date.now()) / 2;
          if (!res.ok) return fail(`${url}: HTTP ${res.status}`, 'check ARBEES_POLYMARKET_URL');
          const seconds = Number(await res.text());
          if (!Number.isFinite(seconds)) return fail(`${url}: not a time`, 'check ARBEES_POLYMARKET_URL');
          const skew = skewResult('Polymarket', seconds * 1000, local);
          return { ...skew, detail: `${url}: ${skew.detail} (to the second)` };
        } catch (error) {
          return fail(`${url}: ${why(error)}`, 'check ARBEES_POLYMARKET_URL and your network');
        }
      },
    },
    {
      name: 'polymarket.gamma',
      async run() {
        const url = `${p.gamma}/events?limit=1&active=true&closed=false`;
        try {
          const res = await timedFetch(url, ctx.timeoutMs);
          if (!res.ok) return fail(`${url}: HTTP ${res.status}`, 'check ARBEES_GAMMA_URL');
          const body = await res.json();
          return Array.isArray(body)
            ? ok(`${p.gamma}: events answered`)
            : fail(`${url}: not a list of events`, 'check ARBEES_GAMMA_URL');
        } catch (error) {
          return fail(`${url}: ${why(error)}`, 'check ARBEES_GAMMA_URL and your network');
        }
      },
    },
    { name: 'polymarket.websocket', run: () => tryWebSocket(p.wsMarket, {}, ctx.timeoutMs) },
    {
      name: 'polymarket.geoblock',
      async run() {
        try {
          const res = await timedFetch(p.geoblock, ctx.timeoutMs);
          if (!res.ok) return fail(`${p.geoblock}: HTTP ${res.status}`, 'check ARBEES_GEOBLOCK_URL');
          const b = (await res.json()) as { blocked?: unknown; country?: unknown; region?: unknown };
          if (typeof b.blocked !== 'boolean')
            return fail(`${p.geoblock}: no "blocked" answer`, 'check ARBEES_GEOBLOCK_URL');
          const where =
            [b.country, b.region].filter((x) => typeof x === 'string' && x).join('/') || 'your region';
          if (!b.blocked) return ok(`not blocked (${where})`);
          return fail(
            `Polymarket blocks ${where}: Arbees will not trade Polymarket from here, in paper or live`,
            "trade Kalshi only (ARBEES_VENUES=kalshi); Arbees never works around a venue's geographic restrictions",
          );
        } catch (error) {
          return fail(`${p.geoblock}: ${why(error)}`, 'check ARBEES_GEOBLOCK_URL and your network');
        }
      },
    },
    {
      name: 'polymarket.credentials',
      async run() {
        const settings = polymarketSettings(p, ctx.env);
        if (!ctx.env[settings.privateKeyEnv]) {
          if (ctx.mode === 'paper') return skip('no wallet key: not needed on paper (market data is public)');
          return fail(
            `${settings.privateKeyEnv} is not set`,
            'set the wallet key of your Polymarket account',
          );
        }
        try {
          const privateKey = readPrivateKey(settings, ctx.env);
          const http = new PolymarketHttp({
            baseUrl: p.clob,
            address: privateKeyToAccount(privateKey).address,
            timeoutMs: ctx.timeoutMs,
            getAttempts: 1,
          });
          await http.deriveApiKey({ privateKey, chainId: settings.chainId });
          const outcome = await http.request({
            method: 'GET',
            path: '/balance-allowance',
            query: { asset_type: 'COLLATERAL' },
            auth: 'l2',
          });
          if (outcome.kind !== 'ok')
            return fail(
              `GET /balance-allowance: ${describeOutcome(outcome)}`,
              'check the wallet and its API key',
            );
          const balance = parseBalance(outcome.body);
          const shown = balance.ok ? ` (${formatMicros(balance.value)} pUSD)` : '';
          return ok(`API key derived; L2 GET /balance-allowance accepted${shown}`);
        } catch (error) {
          return fail(why(error), `check ${settings.privateKeyEnv} and the signature type`);
        }
      },
    },
  ];
}
