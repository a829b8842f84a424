/**
 * The Kalshi adapter's settings, checked once with every problem reported at once. Base URLs
 * come from venues.md §2.1; an override (the simulator on loopback) must keep the `/trade-api`
 * path the signature covers, and plain http/ws is allowed on loopback only so keys never sign
 * requests in clear text. Validating settings contacts nothing.
 */
import { z } from 'zod';
import { KalshiConfigError, type KalshiConfigIssue } from './errors.js';

export type KalshiEnvironment = 'demo' | 'prod';

/** Recommended and also-supported hosts per environment (venues.md §2.1). */
export const KALSHI_BASE_URLS = {
  prod: {
    recommended: {
      rest: 'https://external-api.kalshi.com/trade-api/v2',
      ws: 'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
    },
    alternate: {
      rest: 'https://api.elections.kalshi.com/trade-api/v2',
      ws: 'wss://api.elections.kalshi.com/trade-api/ws/v2',
    },
  },
  demo: {
    recommended: {
      rest: 'https://external-api.demo.kalshi.co/trade-api/v2',
      ws: 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2',
    },
    alternate: {
      rest: 'https://demo-api.kalshi.co/trade-api/v2',
      ws: 'wss://demo-api.kalshi.co/trade-api/ws/v2',
    },
  },
} as const;

export const KALSHI_LEAGUES = [
  'nfl',
  'nba',
  'nhl',
  'mlb',
  'ncaaf',
  'ncaamb',
  'mls',
  'soccer',
  'tennis',
] as const;
export type KalshiLeague = (typeof KALSHI_LEAGUES)[number];

/**
 * The shard new events of each league are created on (venues.md §2.9, since 2026-08-24): baseball
 * and tennis on 3, the rest on 0. A market's own `exchange_index` is authoritative; this is the
 * fallback before it is known.
 */
export const DEFAULT_KALSHI_EXCHANGE_INDEX: Readonly<Record<KalshiLeague, number>> = {
  nfl: 0,
  nba: 0,
  nhl: 0,
  mlb: 3,
  ncaaf: 0,
  ncaamb: 0,
  mls: 0,
  soccer: 0,
  tennis: 3,
};

export interface KalshiConfig {
  readonly environment: KalshiEnvironment;
  readonly keyId: string;
  readonly privateKeyPath: string;
  readonly restBaseUrl: string;
  readonly wsUrl: string;
  /** Subscribe to books with `use_yes_price: true` (one price scale for both sides). */
  readonly useYesPrice: boolean;
  readonly exchangeIndexByLeague: Readonly<Record<KalshiLeague, number>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const REAL_HOSTS: Readonly<Record<string, KalshiEnvironment>> = Object.fromEntries(
  (['prod', 'demo'] as const).flatMap((env) =>
    Object.values(KALSHI_BASE_URLS[env]).flatMap((u) => [
      [new URL(u.rest).hostname, env],
      [new URL(u.ws).hostname, env],
    ]),
  ),
);

const required = (what: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `is required: ${what}` : `must be text: ${what}`),
  });

function baseUrl(kind: 'rest' | 'ws') {
  const secure = kind === 'rest' ? 'https:' : 'wss:';
  const plain = kind === 'rest' ? 'http:' : 'ws:';
  const pathEnd = kind === 'rest' ? '/trade-api/v2' : '/trade-api/ws/v2';
  return z.string().superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute URL, got "${text}"` });
      return;
    }
    if (url.protocol !== secure && !(url.protocol === plain && LOOPBACK.has(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: `must use ${secure}// (${plain}// only on loopback, for a simulator), got "${text}"`,
      });
    }
    if (url.pathname.replace(/\/+$/, '') !== pathEnd) {
      ctx.addIssue({
        code: 'custom',
        message: `must end in ${pathEnd}, the path Kalshi signs, got "${url.pathname}"`,
      });
    }
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'must have no query or fragment' });
  });
}

const SHARD_RANGE = 'must be a shard number from 0 to 63';
const shard = z.number({ error: SHARD_RANGE }).int(SHARD_RANGE).min(0, SHARD_RANGE).max(63, SHARD_RANGE);

const inputSchema = z
  .strictObject(
    {
      environment: z.enum(['demo', 'prod'], { error: 'must be "demo" or "prod"' }).default('demo'),
      keyId: required('the API key id (a UUID)').regex(UUID, 'must be the API key id, a UUID'),
      privateKeyPath: required('the path of the PEM private key file').min(1, 'must not be empty'),
      host: z
        .enum(['recommended', 'alternate'], { error: 'must be "recommended" or "alternate"' })
        .default('recommended'),
      restBaseUrl: baseUrl('rest').optional(),
      wsUrl: baseUrl('ws').optional(),
      useYesPrice: z.boolean({ error: 'must be true or false' }).default(true),
      exchangeIndexByLeague: z
        .partialRecord(z.enum(KALSHI_LEAGUES), shard, {
          // zod reports extra keys of an enum-keyed record as unrecognized_keys, which its types omit.
          error: (issue) => {
            const { code, keys } = issue as { code: string; keys?: string[] };
            return code === 'unrecognized_keys'
              ? `unknown league(s) ${keys?.join(', ')}; leagues are ${KALSHI_LEAGUES.join(', ')}`
              : undefined;
          },
        })
        .default({}),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `unknown setting(s): ${issue.keys.join(', ')}` : undefined,
    },
  )
  .superRefine((c, ctx) => {
    // A real host of the other environment is a mistake that would trade with the wrong keys.
    for (const key of ['restBaseUrl', 'wsUrl'] as const) {
      const host = hostnameOf(c[key]);
      const env = host === null ? undefined : REAL_HOSTS[host];
      if (env && env !== c.environment) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is a Kalshi ${env} host but environment is "${c.environment}"`,
        });
      }
    }
  });

function hostnameOf(text: string | undefined): string | null {
  if (!text) return null;
  try {
    return new URL(text).hostname;
  } catch {
    return null; // reported by the field's own check
  }
}

export type KalshiConfigInput = z.input<typeof inputSchema>;

/** Checks settings; every problem at once, each naming its setting. */
export function parseKalshiConfig(
  input: unknown,
):
  | { readonly ok: true; readonly value: KalshiConfig }
  | { readonly ok: false; readonly issues: KalshiConfigIssue[] } {
  const r = inputSchema.safeParse(input);
  if (!r.success) {
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
    };
  }
  const c = r.data;
  const urls = KALSHI_BASE_URLS[c.environment][c.host];
  return {
    ok: true,
    value: {
      environment: c.environment,
      keyId: c.keyId,
      privateKeyPath: c.privateKeyPath,
      restBaseUrl: (c.restBaseUrl ?? urls.rest).replace(/\/+$/, ''),
      wsUrl: (c.wsUrl ?? urls.ws).replace(/\/+$/, ''),
      useYesPrice: c.useYesPrice,
      exchangeIndexByLeague: { ...DEFAULT_KALSHI_EXCHANGE_INDEX, ...c.exchangeIndexByLeague },
    },
  };
}

/** parseKalshiConfig for callers that stop on bad settings: throws KalshiConfigError listing them all. */
export function loadKalshiConfig(input: unknown): KalshiConfig {
  const r = parseKalshiConfig(input);
  if (!r.ok) throw new KalshiConfigError(r.issues);
  return r.value;
}

/** The shard to send an order for a market to: its own exchange_index, else its league's default. */
export function kalshiExchangeIndex(opts: {
  readonly marketExchangeIndex: number | null;
  readonly league: KalshiLeague;
  readonly config: Pick<KalshiConfig, 'exchangeIndexByLeague'>;
}): number {
  return opts.marketExchangeIndex ?? opts.config.exchangeIndexByLeague[opts.league];
}
