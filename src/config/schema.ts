/**
 * The one configuration schema (DESIGN.md: read once at start, every error reported at once with
 * the variable's name). Values come from defaults, then `.env`, then the environment, then CLI
 * flags. Dollar amounts are parsed straight to integer micro-dollars.
 */
import { z } from 'zod';
import { type Micros, parseDollars } from '../core/money.js';
import { ESPN_LEAGUE_IDS, type EspnLeague, isEspnLeague } from '../feeds/espn/leagues.js';
import { parseRamp } from '../risk/ramp.js';
import { type ClockSetting, parseClockSetting } from './clock-setting.js';

/** The prediction-market venues a run can trade. */
export const TRADED_VENUES = ['kalshi', 'polymarket', 'polymarket-us'] as const;
export type TradedVenue = (typeof TRADED_VENUES)[number];

const dollars = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx): Micros => {
      try {
        const m = parseDollars(s);
        if (m < 0) throw new Error('negative');
        return m;
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `must be a non-negative dollar amount like "100" or "25.50", got "${s}"`,
        });
        return z.NEVER;
      }
    });

const number = (opts: { fallback: number; min: number; max?: number; integer?: boolean; unit: string }) =>
  z
    .string()
    .default(String(opts.fallback))
    .transform((s, ctx) => {
      const n = Number(s);
      const bad =
        s.trim() === '' ||
        !Number.isFinite(n) ||
        n < opts.min ||
        (opts.max !== undefined && n > opts.max) ||
        (opts.integer && !Number.isInteger(n));
      if (bad) {
        const range = opts.max !== undefined ? `${opts.min}..${opts.max}` : `>= ${opts.min}`;
        ctx.addIssue({
          code: 'custom',
          message: `must be ${opts.integer ? 'an integer' : 'a number'} ${range} (${opts.unit}), got "${s}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const flag = (fallback: '0' | '1' | 'true' | 'false') =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const v = s.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `must be 1/0 or true/false, got "${s}"` });
      return z.NEVER;
    });

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));

/** An optional number: unset or empty means "off". */
const optionalNumber = (opts: { min: number; max?: number; unit: string }) =>
  optionalString.transform((s, ctx) => {
    if (s === undefined) return null;
    const n = Number(s);
    if (!Number.isFinite(n) || n < opts.min || (opts.max !== undefined && n > opts.max)) {
      const range = opts.max !== undefined ? `${opts.min}..${opts.max}` : `>= ${opts.min}`;
      ctx.addIssue({
        code: 'custom',
        message: `must be a number ${range} (${opts.unit}) or empty for off, got "${s}"`,
      });
      return z.NEVER;
    }
    return n;
  });

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const dateString = optionalString.refine((s) => s === undefined || /^\d{4}-\d{2}-\d{2}$/.test(s), {
  message: 'must be a date YYYY-MM-DD',
});

export const RUN_MODES = ['backtest', 'replay', 'paper', 'live'] as const;

/**
 * How replayed games reach the bus: through the simulated ESPN API over HTTP and the ESPN
 * poller (the live code path), or straight from the replay (fast). Unset: direct for a
 * backtest, espn-http otherwise.
 */
export const GAME_FEEDS = ['espn-http', 'direct'] as const;
export type GameFeedKind = (typeof GAME_FEEDS)[number];

/** Every setting, by the variable name a user sets. */
export const configSchema = z.object({
  PAPER_TRADING: flag('1'),
  LIVE_TRADING_ACK: flag('false'),
  /** The MCP server offers its control tools (halt, reduce, resume) only when this is on. */
  ARBEES_MCP_CONTROL: flag('false'),
  /** `arbees run` serves the API and the dashboard on 127.0.0.1 while it runs. */
  ARBEES_API: flag('true'),
  ARBEES_API_PORT: number({
    fallback: 8090,
    min: 0,
    max: 65_535,
    integer: true,
    unit: 'arbees run: port of the API and the dashboard on 127.0.0.1; 0 = any free port',
  }),
  /** The daily report (docs/reports.md): minutes without a stored state or quote of a live game before the run counts as not watching it. */
  ARBEES_REPORT_WATCH_MINUTES: number({
    fallback: 5,
    min: 1,
    max: 180,
    integer: true,
    unit: 'minutes without news of a live game that still count as watching it',
  }),
  /** The AWS decision matrix: days of the validation table weighed, mean daily P&L and uptime needed. */
  ARBEES_AWS_DECISION_DAYS: number({ fallback: 14, min: 1, max: 365, integer: true, unit: 'days' }),
  ARBEES_AWS_MIN_DAILY_PROFIT: dollars('5'),
  ARBEES_AWS_MIN_UPTIME_PCT: number({ fallback: 95, min: 0, max: 100, unit: 'percent of live-game time' }),
  MAX_POSITION_SIZE: dollars('100'),
  MAX_DAILY_LOSS: dollars('500'),
  MIN_EDGE_PCT: number({ fallback: 3, min: 0, max: 100, unit: 'percent of $1 payout' }),
  KELLY_FRACTION: number({ fallback: 0.25, min: 0, max: 1, unit: 'fraction of full Kelly' }),
  MAX_SIMULTANEOUS_POSITIONS: number({ fallback: 10, min: 1, integer: true, unit: 'positions' }),
  PRICE_STALENESS_TTL: number({ fallback: 15, min: 0, unit: 'seconds' }),
  POLL_INTERVAL: number({ fallback: 10, min: 1, unit: 'seconds' }),
  CRUNCH_TIME_INTERVAL: number({ fallback: 3, min: 1, unit: 'seconds' }),
  MARKET_DATA_TTL: number({ fallback: 60, min: 1, unit: 'seconds' }),
  SYNC_DELTA_TOLERANCE: number({ fallback: 30, min: 0, unit: 'seconds' }),
  MAX_DAILY_LOSS_PCT: number({
    fallback: 5,
    min: 0,
    max: 100,
    unit: "percent of the day's opening equity; 0 = off",
  }),
  MAX_DRAWDOWN_PCT: number({
    fallback: 10,
    min: 0,
    max: 100,
    unit: 'percent below the equity peak; 0 = off',
  }),
  MAX_TOTAL_LOSS_PCT: number({
    fallback: 10,
    min: 0,
    max: 100,
    unit: 'percent below the starting bankroll; 0 = off',
  }),
  MAX_CONSECUTIVE_ERRORS: number({
    fallback: 5,
    min: 0,
    integer: true,
    unit: 'order errors in a row at a venue; 0 = off',
  }),
  TRADEABLE_FRACTION: number({
    fallback: 0.9,
    min: 0,
    max: 1,
    unit: "share of each wallet's cash that may be spent",
  }),
  COST_GATE_BUFFER_PCT: number({
    fallback: 25,
    min: 0,
    unit: 'percent margin of edge over fees + slippage + half spread',
  }),
  ARBITRAGE: flag('1'),
  MIN_ARB_EDGE_PCT: number({ fallback: 1, min: 0, max: 100, unit: 'percent of $1 per pair after both fees' }),
  /**
   * 1: arbitrage also pairs instruments whose settlement terms differ only in what a postponed or
   * cancelled game pays (Kalshi's 48 h window and fair price against Polymarket's open-until-played
   * and 50-50), taking that risk; never across overtime, draw or tie-payout differences. The
   * signal records the differences it accepted. 0 (default): only instruments settled alike.
   */
  ARB_ACCEPT_POSTPONEMENT_RISK: flag('0'),
  ARB_REDUCING_SECONDS: number({
    fallback: 300,
    min: 0,
    unit: 'seconds arbitrage stays REDUCING after an unhedged pair was made whole',
  }),
  EXIT_EDGE_PCT: number({ fallback: 0, min: 0, max: 100, unit: 'percent of $1 a sale must beat holding by' }),
  TAKE_PROFIT_PCT: optionalNumber({ min: 0, unit: 'percent above average cost' }),
  STOP_LOSS_PCT: optionalNumber({ min: 0, max: 100, unit: 'percent below average cost' }),
  MAX_HOLD_SECONDS: optionalNumber({ min: 1, unit: 'seconds' }),
  MAX_EXIT_SLIPPAGE: dollars('0.03'),
  LINE_MOVE_ALERT_PCT: number({
    fallback: 3,
    min: 0.1,
    max: 100,
    unit: 'points of implied probability a pre-game line must move to be told',
  }),
  PAPER_LATENCY_KALSHI_MS: number({
    fallback: 60,
    min: 0,
    max: 60_000,
    unit: 'ms from a paper order to the Kalshi book it meets (docs/paper.md)',
  }),
  PAPER_LATENCY_POLYMARKET_MS: number({
    fallback: 150,
    min: 0,
    max: 60_000,
    unit: 'ms from a paper order to the Polymarket book it meets (docs/paper.md)',
  }),
  PAPER_LATENCY_POLYMARKET_US_MS: number({
    fallback: 150,
    min: 0,
    max: 60_000,
    unit: "ms from a paper order to the Polymarket US book it meets (an assumption: Polymarket's)",
  }),
  RECONCILE_INTERVAL: number({ fallback: 300, min: 1, unit: 'seconds between reconciliation passes' }),
  LIVE_RAMP: z
    .string()
    .default('0:20,7:50,30:100')
    .transform((s, ctx) => {
      try {
        return parseRamp(s);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  LIVE_START_DATE: dateString,
  DATABASE_URL: optionalString.refine((s) => s === undefined || /^postgres(ql)?:\/\//.test(s), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  REDIS_URL: optionalString.refine((s) => s === undefined || /^rediss?:\/\//.test(s), {
    message: 'must be a redis:// or rediss:// URL',
  }),
  ARBEES_MODE: z.enum(RUN_MODES).default('replay'),
  ARBEES_SPEED: z
    .string()
    .default('max')
    .transform((s, ctx) => {
      if (s === 'max') return null;
      const n = Number(s);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be "max" or a positive multiple of game time, got "${s}"`,
        });
        return z.NEVER;
      }
      return n;
    }),
  ARBEES_FEED: optionalString.transform((s, ctx) => {
    if (s === undefined) return undefined;
    if ((GAME_FEEDS as readonly string[]).includes(s)) return s as GameFeedKind;
    ctx.addIssue({ code: 'custom', message: `must be ${GAME_FEEDS.join(' or ')}, got "${s}"` });
    return z.NEVER;
  }),
  /**
   * What a replay runs: `world`, the live pipeline (ESPN poller, market discovery, the gateways,
   * the venues' adapters) aimed at the simulated world in-process; `direct`, the recorded games
   * fed straight onto the bus with simulated markets (the lock-step distributed replay's twin).
   */
  ARBEES_REPLAY_VIA: z.enum(['world', 'direct']).default('world'),
  /** Where a replay run trades Kalshi: its simulator over loopback HTTP + WebSocket, or the paper venue. */
  ARBEES_KALSHI_VENUE: z.enum(['simulator', 'paper']).default('simulator'),
  /** Where a replay run trades Polymarket: its simulator over loopback HTTP + WebSocket, or the paper venue. */
  ARBEES_POLYMARKET_VENUE: z.enum(['simulator', 'paper']).default('simulator'),
  ARBEES_FEED_DELAY: number({
    fallback: 10,
    min: 0,
    unit: 'seconds the replayed game feed runs behind the plays',
  }),
  ARBEES_GAMES: optionalString.transform((s) =>
    s === undefined
      ? undefined
      : s
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
  ),
  ARBEES_FROM: dateString,
  ARBEES_TO: dateString,
  ARBEES_BANKROLL: dollars('10000'),
  ARBEES_SEED: number({ fallback: 42, min: 0, integer: true, unit: 'simulator random seed' }),
  ARBEES_PGLITE_DIR: z.string().default('./var/pglite'),
  ARBEES_DATA_DIR: z.string().default('./data'),
  /**
   * A backtest on real prices: a file of 1-minute candles (docs/real-prices.md) whose markets
   * replace the simulated makers. Research data, never the default; `--mode backtest` only.
   */
  ARBEES_REAL_PRICES: optionalString,
  ARBEES_REAL_PRICES_HALF_SPREAD: number({
    fallback: 1,
    min: 1,
    max: 49,
    integer: true,
    unit: 'cents either side of the traded price a real-price book quotes',
  }),
  ARBEES_REAL_PRICES_VOLUME_SHARE: number({
    fallback: 1,
    min: 0.01,
    max: 1,
    unit: "share of a minute's traded volume a real-price book can fill",
  }),
  ARBEES_RUN_ID: optionalString,
  ARBEES_LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  // Game shards (distributed shape): a lease lasts ARBEES_LEASE_TTL and is renewed every
  // ARBEES_LEASE_RENEW; a shard silent for the TTL is dead and its games move.
  ARBEES_LEASE_TTL: number({ fallback: 6, min: 1, unit: 'seconds a game lease lasts unrenewed' }),
  ARBEES_LEASE_RENEW: number({ fallback: 2, min: 0.1, unit: 'seconds between lease renewals' }),
  /**
   * ESPN's site API base (`…/apis/site/v2/sports`): `arbees sim world`'s or the real one, which is
   * the default in paper and live modes (config/endpoints.ts).
   */
  ARBEES_ESPN_URL: optionalString.refine((s) => s === undefined || /^https?:\/\//.test(s), {
    message: 'must be an http:// or https:// URL',
  }),
  /** The leagues a paper or live run watches (ESPN ids); default: every league a model covers. */
  ARBEES_LEAGUES: optionalString.transform((s, ctx) => {
    if (s === undefined) return undefined;
    const leagues = s
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    const unknown = leagues.filter((l) => !isEspnLeague(l));
    if (unknown.length > 0 || leagues.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of ${ESPN_LEAGUE_IDS.join(', ')}; unknown: ${unknown.join(', ') || '(none given)'}`,
      });
      return z.NEVER;
    }
    return [...new Set(leagues)] as EspnLeague[];
  }),
  /** The venues a run trades; a US trader leaves Polymarket (international) out. */
  ARBEES_VENUES: z
    .string()
    .default('kalshi,polymarket')
    .transform((s, ctx) => {
      const venues = s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const unknown = venues.filter((v) => !(TRADED_VENUES as readonly string[]).includes(v));
      if (unknown.length > 0 || venues.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of ${TRADED_VENUES.join(', ')}; unknown: ${unknown.join(', ') || '(none given)'}`,
        });
        return z.NEVER;
      }
      return [...new Set(venues)] as TradedVenue[];
    }),
  ARBEES_IDLE_HORIZON: number({
    fallback: 6,
    min: 0,
    max: 24 * 14,
    unit: 'hours: --until-idle stops only when no game starts within this long',
  }),
  /** Kalshi's exchange in paper and live modes: production, or the demo exchange (mock funds). */
  KALSHI_ENV: z.enum(['prod', 'demo']).default('prod'),
  // The distributed shape (`arbees service <name>`).
  ARBEES_SERVICE_PORT: number({
    fallback: 8080,
    min: 0,
    max: 65_535,
    integer: true,
    unit: 'HTTP port of /healthz, /readyz and /metrics; 0 = any free port',
  }),
  /**
   * A service's business time: `wall`, or `event` (the time of the event in hand) for a
   * lock-step replay driven by `arbees service replay-driver`.
   */
  ARBEES_CLOCK: z
    .string()
    .default('wall')
    .transform((s, ctx): ClockSetting => {
      const parsed = parseClockSetting(s);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  ARBEES_DRAIN_TIMEOUT: number({
    fallback: 20,
    min: 1,
    unit: 'seconds a stopping service may take to drain before it is forced to exit',
  }),
  /** `arbees service` writes its alarm and scaling metrics each minute as CloudWatch EMF lines (deploy/aws). */
  ARBEES_EMF_METRICS: flag('false'),
  /** KEY=VALUE settings written by another process (`arbees sim world --settings-file`), read by `arbees service`. */
  ARBEES_SETTINGS_FILE: optionalString,
  ARBEES_SETTINGS_WAIT: number({
    fallback: 0,
    min: 0,
    unit: 'seconds `arbees service` waits for ARBEES_SETTINGS_FILE to appear (Compose: the world writes it)',
  }),
  ARBEES_INSTANCE_ID: optionalString.refine((s) => s === undefined || /^[A-Za-z0-9._-]{1,64}$/.test(s), {
    message: 'must be 1-64 letters, digits, ".", "_" or "-"',
  }),
  ARBEES_BUS_PREFIX: z
    .string()
    .default('')
    .refine((s) => /^[A-Za-z0-9:._-]*$/.test(s), {
      message: 'must be letters, digits, ":", ".", "_" or "-"',
    }),
  /** Kalshi's WebSocket (`…/trade-api/ws/v2`); default: KALSHI_ENV's, or beside a loopback ARBEES_KALSHI_URL. */
  ARBEES_KALSHI_WS_URL: optionalString.refine(
    (s) => s === undefined || /^wss?:\/\/[^/]+\/trade-api\/ws\/v2\/?$/.test(s),
    { message: 'must be a Kalshi WebSocket URL ending in /trade-api/ws/v2' },
  ),
  ARBEES_KALSHI_URL: optionalString.refine(
    (s) => s === undefined || /^https?:\/\/[^/]+\/trade-api\/v2\/?$/.test(s),
    {
      message: 'must be a Kalshi REST base URL ending in /trade-api/v2 (the simulator or the exchange)',
    },
  ),
  KALSHI_API_KEY_ID: optionalString,
  KALSHI_PRIVATE_KEY_PATH: optionalString,
  // The wallet key is not a setting: the adapter reads it from POLYMARKET_PRIVATE_KEY in the
  // process environment (venues/polymarket/config.ts), so it is never logged with the settings.
  ARBEES_POLYMARKET_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message:
      'must be an http:// or https:// URL, the Polymarket CLOB REST base (the simulator or the exchange)',
  }),
  /** Polymarket's Gamma API (discovery); default the real one in paper and live modes. */
  ARBEES_GAMMA_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL, the Gamma API base',
  }),
  /** Polymarket's WebSocket base: the market and user channels are `<base>/market` and `<base>/user`. */
  ARBEES_POLYMARKET_WS_URL: optionalString.refine(
    (s) => s === undefined || /^wss?:\/\/[^/]+(\/.*)?$/.test(s),
    {
      message: 'must be a ws:// or wss:// URL, the base of the /market and /user channels',
    },
  ),
  /** Polymarket's geoblock check (asked before live trading there; a blocked region is refused). */
  ARBEES_GEOBLOCK_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL',
  }),
  /** Polymarket US authenticated API (orders, portfolio); the real one in paper and live modes. */
  ARBEES_POLYMARKET_US_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message:
      'must be an http:// or https:// URL, the Polymarket US API base (the simulator or api.polymarket.us)',
  }),
  /** Polymarket US public gateway (markets, books). */
  ARBEES_POLYMARKET_US_GATEWAY_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL, the Polymarket US gateway base',
  }),
  /** Polymarket US WebSocket origin: the channels are `<origin>/v1/ws/markets` and `/v1/ws/private`. */
  ARBEES_POLYMARKET_US_WS_URL: optionalString.refine(
    (s) => s === undefined || /^wss?:\/\/[^/]+\/?$/.test(s),
    {
      message: 'must be a ws:// or wss:// origin without a path (the channels are under /v1/ws/)',
    },
  ),
  /** The Key ID (a UUID) of a Polymarket US API key; its secret is POLYMARKET_US_SECRET_KEY in the environment. */
  POLYMARKET_US_KEY_ID: optionalString,
  // The notifier's channels (docs/notifier.md); a channel without its URL is off.
  ARBEES_NOTIFY_WEBHOOK_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL',
  }),
  ARBEES_NOTIFY_SLACK_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL (a Slack incoming webhook)',
  }),
  /** The SNS topic the notifier publishes to (its email subscribers get the notices). */
  ARBEES_SNS_TOPIC_ARN: optionalString.refine(
    (s) => s === undefined || /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(s),
    { message: 'must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)' },
  ),
  /** SNS's endpoint; default https://sns.<the topic's region>.amazonaws.com/ (a local fake in tests). */
  ARBEES_SNS_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL',
  }),
  ARBEES_TELEGRAM_API_URL: z
    .string()
    .default('https://api.telegram.org')
    .refine((s) => isHttpUrl(s), { message: 'must be an http:// or https:// URL' }),
  ARBEES_TELEGRAM_CHAT_ID: optionalString.refine((s) => s === undefined || /^-?\d{1,20}$/.test(s), {
    message: 'must be a Telegram chat id (digits, negative for a group)',
  }),
  /** Telegram user ids whose commands are answered (read commands); empty: none, never everyone. */
  ARBEES_TELEGRAM_USERS: z
    .string()
    .default('')
    .refine((s) => s.split(',').every((id) => id.trim() === '' || /^\d{1,20}$/.test(id.trim())), {
      message: 'must be comma-separated Telegram user ids (digits)',
    })
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  /** Of those, the users whose /halt, /reduce and /resume are taken (after a confirmation). */
  ARBEES_TELEGRAM_OPERATORS: z
    .string()
    .default('')
    .refine((s) => s.split(',').every((id) => id.trim() === '' || /^\d{1,20}$/.test(id.trim())), {
      message: 'must be comma-separated Telegram user ids (digits)',
    })
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ARBEES_NOTIFY_KINDS: z
    .string()
    .default('trading-state,reconciliation,order-unresolved,alert,daily-report')
    .transform((s, ctx) => {
      const kinds = s
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
      const known = ['trading-state', 'fill', 'reconciliation', 'order-unresolved', 'alert', 'daily-report'];
      const bad = kinds.filter((k) => !known.includes(k));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown kind(s) ${bad.join(', ')}; known: ${known.join(', ')}`,
        });
        return z.NEVER;
      }
      return kinds;
    }),
  ARBEES_NOTIFY_PER_MINUTE: z
    .string()
    .default('20')
    .transform((s, ctx) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1 || n > 600) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number from 1 to 600' });
        return z.NEVER;
      }
      return n;
    }),
  /**
   * Secrets Manager (config/secrets.ts, read once at start): JSON secrets whose keys are secret
   * settings, by ARN or name, comma-separated; and the service's endpoint (a local fake in tests).
   */
  ARBEES_SECRETS_ID: optionalString,
  ARBEES_SECRETS_MANAGER_URL: optionalString.refine((s) => s === undefined || isHttpUrl(s), {
    message: 'must be an http:// or https:// URL',
  }),
  ARBEES_DB_SCHEMA: optionalString.refine((s) => s === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(s), {
    message: 'must be a lower-case PostgreSQL identifier',
  }),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigKey = keyof typeof configSchema.shape;
export const CONFIG_KEYS = Object.keys(configSchema.shape) as ConfigKey[];
