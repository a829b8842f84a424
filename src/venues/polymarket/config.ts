/**
 * The Polymarket adapter's settings, checked once with every problem reported at once. Hosts
 * come from venues.md §3.1; an override (the simulator) may use plain http/ws only on loopback,
 * so keys and HMACs never travel in clear text. The private key is never a setting: only the
 * name of the environment variable holding it, so it cannot be logged with the settings.
 * Validating settings contacts nothing. Pure: no Node API.
 */
import { z } from 'zod';
import { PolymarketConfigError, type PolymarketConfigIssue } from './errors.js';
import { SIGNATURE_TYPES, type SignatureTypeName } from './sign-order.js';

export const POLYMARKET_HOSTS = {
  clob: 'https://clob.polymarket.com',
  gamma: 'https://gamma-api.polymarket.com',
  data: 'https://data-api.polymarket.com',
  wsMarket: 'wss://ws-subscriptions-clob.polymarket.com/ws/market',
  wsUser: 'wss://ws-subscriptions-clob.polymarket.com/ws/user',
} as const;

export const POLYMARKET_CHAINS = { polygon: 137, amoy: 80002 } as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function urlField(secureScheme: 'https:' | 'wss:', plainScheme: 'http:' | 'ws:') {
  return z.string().superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a URL' });
      return;
    }
    if (url.protocol === secureScheme) return;
    if (url.protocol === plainScheme && LOOPBACK.has(url.hostname)) return;
    ctx.addIssue({
      code: 'custom',
      message: `must use ${secureScheme.slice(0, -1)} (plain ${plainScheme.slice(0, -1)} only on loopback)`,
    });
  });
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const schema = z.object({
  clobUrl: urlField('https:', 'http:').default(POLYMARKET_HOSTS.clob),
  gammaUrl: urlField('https:', 'http:').default(POLYMARKET_HOSTS.gamma),
  wsMarketUrl: urlField('wss:', 'ws:').default(POLYMARKET_HOSTS.wsMarket),
  wsUserUrl: urlField('wss:', 'ws:').default(POLYMARKET_HOSTS.wsUser),
  chainId: z.union([z.literal(137), z.literal(80002)]).default(137),
  signatureType: z
    .enum(Object.keys(SIGNATURE_TYPES) as [SignatureTypeName, ...SignatureTypeName[]])
    .default('POLY_PROXY'),
  /** The wallet holding the funds (proxy, Safe or deposit wallet); the signer's own address for EOA. */
  funderAddress: z.string().regex(ADDRESS, 'not a 0x address of 40 hex digits').optional(),
  privateKeyEnv: z
    .string()
    .regex(ENV_NAME, 'not an environment variable name')
    .default('POLYMARKET_PRIVATE_KEY'),
  apiKeyEnv: z.string().regex(ENV_NAME, 'not an environment variable name').default('POLYMARKET_API_KEY'),
  apiSecretEnv: z
    .string()
    .regex(ENV_NAME, 'not an environment variable name')
    .default('POLYMARKET_API_SECRET'),
  apiPassphraseEnv: z
    .string()
    .regex(ENV_NAME, 'not an environment variable name')
    .default('POLYMARKET_API_PASSPHRASE'),
  /** Text PING interval on the WebSockets; the venue closes idle connections. */
  pingIntervalMs: z.number().int().min(1000).max(10_000).default(10_000),
});

export type PolymarketConfig = z.output<typeof schema>;

/** Checks settings; throws PolymarketConfigError naming every bad setting at once. */
export function parsePolymarketConfig(input: unknown): PolymarketConfig {
  const r = schema.safeParse(input ?? {});
  const issues: PolymarketConfigIssue[] = r.success
    ? []
    : r.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
  if (r.success && r.data.signatureType !== 'EOA' && !r.data.funderAddress)
    issues.push({ field: 'funderAddress', message: `required with signature type ${r.data.signatureType}` });
  if (issues.length > 0 || !r.success) throw new PolymarketConfigError(issues);
  return r.data;
}

/**
 * The private key read from the environment map given (not process.env directly, so this stays
 * pure and testable). The error names the variable, never its value.
 */
export function readPrivateKey(
  config: PolymarketConfig,
  env: Readonly<Record<string, string | undefined>>,
): `0x${string}` {
  const value = env[config.privateKeyEnv];
  if (!value) throw new PolymarketConfigError([{ field: config.privateKeyEnv, message: 'is not set' }]);
  const hex = value.startsWith('0x') ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new PolymarketConfigError([
      { field: config.privateKeyEnv, message: 'is not a 32-byte hex private key' },
    ]);
  return hex as `0x${string}`;
}
