/**
 * The settings that hold secrets: credentials, keys, tokens, and URLs that carry a password or a
 * webhook's token. Each can come from the environment or from AWS Secrets Manager (config/secrets.ts),
 * and none is ever printed: `arbees config` and the settings stored beside a run mask them, and a
 * configuration error about one names it without echoing its value.
 */

/** Every secret setting, by the variable name the app reads. */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'KALSHI_API_KEY_ID',
  /** The PEM itself; the loader writes it to a private file and sets KALSHI_PRIVATE_KEY_PATH. */
  'KALSHI_PRIVATE_KEY',
  'POLYMARKET_PRIVATE_KEY',
  'POLYMARKET_API_KEY',
  'POLYMARKET_API_SECRET',
  'POLYMARKET_API_PASSPHRASE',
  'POLYMARKET_US_KEY_ID',
  'POLYMARKET_US_SECRET_KEY',
  'TELEGRAM_BOT_TOKEN',
  'ARBEES_NOTIFY_WEBHOOK_URL',
  'ARBEES_NOTIFY_SLACK_URL',
  'MCP_API_TOKEN',
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

const SECRET_SET = new Set<string>(SECRET_SETTINGS);
export const isSecretSetting = (name: string): name is SecretSetting => SECRET_SET.has(name);

/** `<SETTING>_SECRET_ID`: where one setting's value lives in Secrets Manager. */
export const secretReferenceName = (setting: SecretSetting): string => `${setting}_SECRET_ID`;

/** The per-setting reference variables, so the config loader knows them (they are not settings). */
export const SECRET_REFERENCE_NAMES: ReadonlySet<string> = new Set(SECRET_SETTINGS.map(secretReferenceName));

/** The settings whose value is a URL with credentials in it (a Secrets Manager value may fill just those). */
export const URL_SECRET_SETTINGS = ['DATABASE_URL', 'REDIS_URL'] as const;

/** A URL with its password (and a webhook's path and query, which carry its token) masked. */
export function maskSecretUrl(setting: SecretSetting, url: string): string {
  if ((URL_SECRET_SETTINGS as readonly string[]).includes(setting))
    // The user may be empty: ElastiCache's AUTH token alone is rediss://:<token>@host.
    return url.replace(/\/\/([^:@/]*):([^@/]+)@/, '//$1:***@');
  try {
    return `${new URL(url).origin}/***`;
  } catch {
    return '***';
  }
}
