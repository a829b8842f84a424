/**
 * `arbees doctor` for Polymarket US: the public gateway answers markets; the API key (Key ID in
 * POLYMARKET_US_KEY_ID, secret in POLYMARKET_US_SECRET_KEY) loads and a signed read-only call
 * (`GET /v1/account/balances`) is accepted, with the clock's skew from the answer's Date header
 * (signatures must be within 30 s of the venue's time); the markets WebSocket opens with the
 * signed handshake. Its market data needs the key even on paper.
 */
import { formatMicros } from '../../core/money.js';
import { type PmusSigningKey, pmusAuthHeaders, pmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { POLYMARKET_US_SECRET_ENV } from '../../venues/polymarket-us/config.js';
import { describePmusOutcome, PmusHttp } from '../../venues/polymarket-us/http.js';
import { parseUsdBalance } from '../../venues/polymarket-us/parse.js';
import { PMUS_MARKETS_PATH } from '../../venues/polymarket-us/ws.js';
import {
  type Check,
  type CheckResult,
  type DoctorContext,
  fail,
  ok,
  skewResult,
  timedFetch,
  tryWebSocket,
  why,
} from './checks.js';

const KEY_FIX = `set POLYMARKET_US_KEY_ID and ${POLYMARKET_US_SECRET_ENV} (a key from polymarket.us/developer); its market data needs the key even on paper`;

export function polymarketUsChecks(ctx: DoctorContext): Check[] {
  const p = ctx.endpoints.polymarketUs;
  if (!p) return [];
  const loadKey = (): PmusSigningKey | string => {
    const keyId = ctx.config.POLYMARKET_US_KEY_ID;
    const secret = ctx.env[POLYMARKET_US_SECRET_ENV];
    if (!keyId || !secret)
      return `${[!keyId && 'POLYMARKET_US_KEY_ID', !secret && POLYMARKET_US_SECRET_ENV].filter(Boolean).join(' and ')} not set`;
    try {
      return pmusSigningKey(keyId, secret);
    } catch (error) {
      return why(error);
    }
  };
  return [
    {
      name: 'polymarket-us.gateway',
      async run() {
        const url = `${p.gateway}/v1/markets?limit=1&active=true`;
        try {
          const res = await timedFetch(url, ctx.timeoutMs);
          if (!res.ok) return fail(`${url}: HTTP ${res.status}`, 'check ARBEES_POLYMARKET_US_GATEWAY_URL');
          const body = (await res.json()) as { markets?: unknown };
          return Array.isArray(body.markets)
            ? ok(`${p.gateway}: markets answered`)
            : fail(`${url}: no markets list`, 'check ARBEES_POLYMARKET_US_GATEWAY_URL');
        } catch (error) {
          return fail(`${url}: ${why(error)}`, 'check ARBEES_POLYMARKET_US_GATEWAY_URL and your network');
        }
      },
    },
    {
      name: 'polymarket-us.credentials',
      async run(): Promise<CheckResult> {
        const key = loadKey();
        if (typeof key === 'string') return fail(key, KEY_FIX);
        let dateHeader: string | null = null;
        const http = new PmusHttp({
          apiBaseUrl: p.api,
          gatewayBaseUrl: p.gateway,
          key,
          timeoutMs: ctx.timeoutMs,
          getAttempts: 1,
        });
        const sent = Date.now();
        const outcome = await http.request({ method: 'GET', path: '/v1/account/balances' });
        const local = (sent + Date.now()) / 2;
        if (outcome.kind !== 'ok')
          return fail(`GET /v1/account/balances: ${describePmusOutcome(outcome)}`, KEY_FIX);
        const balance = parseUsdBalance(outcome.body);
        const shown = balance.ok ? ` (${formatMicros(balance.value)} USD)` : '';
        // The skew, to the second, from the Date header of a public answer.
        try {
          dateHeader = (await timedFetch(`${p.gateway}/v1/markets?limit=1`, ctx.timeoutMs)).headers.get(
            'date',
          );
        } catch {
          dateHeader = null;
        }
        const server = dateHeader ? Date.parse(dateHeader) : Number.NaN;
        const skew = Number.isFinite(server) ? skewResult('Polymarket US', server, local) : null;
        if (skew && skew.status === 'fail')
          return { ...skew, detail: `signed call accepted, but ${skew.detail}` };
        return ok(
          `signed GET /v1/account/balances accepted${shown}${skew ? `; ${skew.detail} (to the second)` : ''}`,
        );
      },
    },
    {
      name: 'polymarket-us.websocket',
      async run() {
        const key = loadKey();
        if (typeof key === 'string') return fail(key, KEY_FIX);
        const headers = pmusAuthHeaders(key, {
          timestampMs: Date.now(),
          method: 'GET',
          path: PMUS_MARKETS_PATH,
        });
        return tryWebSocket(`${p.ws}${PMUS_MARKETS_PATH}`, headers, ctx.timeoutMs);
      },
    },
  ];
}
