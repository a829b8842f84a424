/**
 * Secret settings from AWS Secrets Manager, read once at start, before the configuration is
 * loaded. Two ways to point at them (docs/aws.md, Secrets):
 * - `<SETTING>_SECRET_ID=<ARN or name>[#<JSON key>]`: one setting from one secret, or from one key
 *   of a JSON secret. DATABASE_URL and REDIS_URL may take only their credentials from it (a
 *   password or AUTH token string, or JSON with `password` and optional `username`, as RDS keeps
 *   them): the environment then gives the URL without them.
 * - `ARBEES_SECRETS_ID=<ARN or name>[,…]`: JSON secrets whose keys are setting names; an empty
 *   value is skipped and a value already in the environment wins.
 * The values go into the environment map given (the process's), never to a log; every problem is
 * reported at once as a ConfigError naming its variable, never with a secret's value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './load.js';
import {
  isSecretSetting,
  SECRET_SETTINGS,
  type SecretSetting,
  secretReferenceName,
  URL_SECRET_SETTINGS,
} from './secret-settings.js';

export const SECRETS_BUNDLE_VARIABLE = 'ARBEES_SECRETS_ID';
export const SECRETS_ENDPOINT_VARIABLE = 'ARBEES_SECRETS_MANAGER_URL';

/** Reads one secret's string; throws with the service's error name and message. */
export interface SecretReader {
  /** `region` undefined: the SDK's own (AWS_REGION, the profile's region in ~/.aws/config). */
  read(secretId: string, region: string | undefined): Promise<string>;
  close(): void;
}

type Env = Record<string, string | undefined>;

/** Where a value comes from: one setting's own reference, or a bundle of settings. */
type SecretReference =
  | {
      readonly kind: 'setting';
      readonly variable: string;
      readonly setting: SecretSetting;
      readonly secretId: string;
      readonly jsonKey: string | null;
    }
  | { readonly kind: 'bundle'; readonly variable: string; readonly secretId: string };

export interface ResolveSecretsOptions {
  /** The environment to read references from and write values into (the process's). */
  readonly env: Env;
  /** How secrets are read; default the AWS SDK v3 client at ARBEES_SECRETS_MANAGER_URL or AWS's endpoint. */
  readonly reader?: (endpoint: string | undefined) => Promise<SecretReader>;
  /** Directory for the Kalshi key file; default a fresh private one under the OS temp directory. */
  readonly keyDirectory?: () => string;
}

export interface SecretsResolved {
  /** The settings filled from Secrets Manager (names only). */
  readonly settings: readonly SecretSetting[];
  /** The private directory holding the Kalshi key written from KALSHI_PRIVATE_KEY, if any. */
  readonly keyDirectory: string | null;
}

const nonEmpty = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

function references(env: Env): SecretReference[] {
  const found: SecretReference[] = [];
  for (const setting of SECRET_SETTINGS) {
    const variable = secretReferenceName(setting);
    const value = env[variable];
    if (!nonEmpty(value)) continue;
    const [secretId = '', jsonKey] = value.trim().split('#', 2);
    found.push({ kind: 'setting', variable, setting, secretId, jsonKey: nonEmpty(jsonKey) ? jsonKey : null });
  }
  for (const secretId of (env[SECRETS_BUNDLE_VARIABLE] ?? '').split(',').map((s) => s.trim()))
    if (secretId !== '') found.push({ kind: 'bundle', variable: SECRETS_BUNDLE_VARIABLE, secretId });
  return found;
}

/** The region of an ARN (arn:aws:secretsmanager:<region>:…), else AWS_REGION, else the SDK's choice. */
function regionOf(secretId: string, env: Env): string | undefined {
  const arn = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId);
  return arn?.[1] ?? (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const looksLikeUrl = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());

/**
 * Puts credentials (a password or token string, or JSON with `password` and optional `username`)
 * into the URL the environment gives; returns the URL or a problem.
 */
function withCredentials(
  setting: SecretSetting,
  baseUrl: string | undefined,
  value: string,
): string | { problem: string } {
  const json = parseObject(value);
  const password = json ? json.password : value;
  const username = json?.username;
  if (
    typeof password !== 'string' ||
    password === '' ||
    (username !== undefined && typeof username !== 'string')
  )
    return { problem: 'holds neither a URL, nor a password string, nor JSON with a "password" string' };
  if (!nonEmpty(baseUrl))
    return {
      problem: `holds credentials only: set ${setting} to the URL without them (e.g. ${setting === 'REDIS_URL' ? 'rediss://host:6379' : 'postgres://host:5432/db'})`,
    };
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return { problem: `${setting} in the environment is not a URL` };
  }
  if (url.password !== '') return { problem: `${setting} in the environment already has a password` };
  if (username !== undefined) url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The setting's value from a secret's text, or a problem (never quoting the text). */
function settingValue(
  ref: Extract<SecretReference, { kind: 'setting' }>,
  text: string,
): string | { problem: string } {
  if (ref.jsonKey === null) return text;
  const json = parseObject(text);
  if (json === null)
    return { problem: `secret "${ref.secretId}" is not a JSON object, so it has no key "${ref.jsonKey}"` };
  const value = json[ref.jsonKey];
  if (value === undefined) return { problem: `secret "${ref.secretId}" has no key "${ref.jsonKey}"` };
  if (typeof value !== 'string')
    return { problem: `key "${ref.jsonKey}" of secret "${ref.secretId}" is not a string` };
  return value;
}

/** Applies one setting's value under the URL and conflict rules; returns a problem or null. */
function applyValue(env: Env, setting: SecretSetting, value: string, explicit: boolean): string | null {
  const isUrlSetting = (URL_SECRET_SETTINGS as readonly string[]).includes(setting);
  if (isUrlSetting && !looksLikeUrl(value)) {
    const url = withCredentials(setting, env[setting], value);
    if (typeof url !== 'string') return url.problem;
    env[setting] = url;
    return null;
  }
  if (nonEmpty(env[setting])) {
    // A bundle gives defaults the environment may override; a setting's own reference may not clash.
    return explicit ? `${setting} is also set in the environment: keep one of the two` : null;
  }
  env[setting] = value;
  return null;
}

async function sdkReader(endpoint: string | undefined): Promise<SecretReader> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const clients = new Map<string, InstanceType<typeof SecretsManagerClient>>();
  return {
    async read(secretId, region) {
      const key = region ?? '';
      let client = clients.get(key);
      if (!client) {
        client = new SecretsManagerClient({
          ...(region ? { region } : {}),
          ...(endpoint ? { endpoint } : {}),
          maxAttempts: 3,
          requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
        });
        clients.set(key, client);
      }
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (answer.SecretString === undefined) throw new Error('it holds binary data, not a string');
      return answer.SecretString;
    },
    close() {
      for (const client of clients.values()) client.destroy();
    },
  };
}

const describeError = (error: unknown) =>
  error instanceof Error
    ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
    : String(error);

async function readAll(
  refs: readonly SecretReference[],
  env: Env,
  reader: SecretReader,
  problems: string[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const ids = [...new Map(refs.map((r) => [r.secretId, r])).values()];
  await Promise.all(
    ids.map(async (ref) => {
      const region = regionOf(ref.secretId, env);
      try {
        texts.set(ref.secretId, await reader.read(ref.secretId, region));
      } catch (error) {
        const hint = region === undefined ? '; give its ARN or set AWS_REGION' : '';
        problems.push(
          `${ref.variable}: cannot read secret "${ref.secretId}" (${describeError(error)})${hint}`,
        );
      }
    }),
  );
  return texts;
}

function applyBundle(
  env: Env,
  ref: SecretReference,
  text: string,
  taken: Set<string>,
  problems: string[],
): SecretSetting[] {
  const json = parseObject(text);
  if (json === null) {
    problems.push(`${ref.variable}: secret "${ref.secretId}" is not a JSON object of settings`);
    return [];
  }
  const filled: SecretSetting[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!isSecretSetting(key)) {
      problems.push(
        `${ref.variable}: secret "${ref.secretId}" has key "${key}", which is not a secret setting (${SECRET_SETTINGS.join(', ')})`,
      );
    } else if (typeof value !== 'string') {
      problems.push(`${ref.variable}: key "${key}" of secret "${ref.secretId}" is not a string`);
    } else if (value !== '' && !taken.has(key)) {
      const problem = applyValue(env, key, value, false);
      if (problem) problems.push(`${ref.variable}: ${key}: ${problem}`);
      else filled.push(key);
      taken.add(key);
    }
  }
  return filled;
}

/** Writes KALSHI_PRIVATE_KEY (the PEM) to a private file and points KALSHI_PRIVATE_KEY_PATH at it. */
function writeKalshiKey(env: Env, keyDirectory: () => string, problems: string[]): string | null {
  const pem = env.KALSHI_PRIVATE_KEY;
  if (!nonEmpty(pem)) return null;
  if (nonEmpty(env.KALSHI_PRIVATE_KEY_PATH)) {
    problems.push('KALSHI_PRIVATE_KEY: KALSHI_PRIVATE_KEY_PATH is set too: keep one of the two');
    return null;
  }
  const dir = keyDirectory();
  const path = join(dir, 'kalshi-key.pem');
  writeFileSync(path, pem.endsWith('\n') ? pem : `${pem}\n`, { mode: 0o600 });
  env.KALSHI_PRIVATE_KEY_PATH = path;
  delete env.KALSHI_PRIVATE_KEY;
  return dir;
}

/** Resolves every secret reference in `env` into it; throws ConfigError naming each problem. */
export async function resolveSecrets(options: ResolveSecretsOptions): Promise<SecretsResolved> {
  const { env } = options;
  const refs = references(env);
  const problems: string[] = [];
  const filled: SecretSetting[] = [];
  if (refs.length > 0) {
    const endpoint = env[SECRETS_ENDPOINT_VARIABLE]?.trim() || undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint))
      throw new ConfigError([`${SECRETS_ENDPOINT_VARIABLE}: must be an http:// or https:// URL`]);
    const reader = await (options.reader ?? sdkReader)(endpoint);
    let texts: Map<string, string>;
    try {
      texts = await readAll(refs, env, reader, problems);
    } finally {
      reader.close();
    }
    const taken = new Set<string>();
    for (const ref of refs) {
      if (ref.kind !== 'setting') continue;
      const text = texts.get(ref.secretId);
      if (text === undefined) continue;
      taken.add(ref.setting);
      const value = settingValue(ref, text);
      const problem = typeof value === 'string' ? applyValue(env, ref.setting, value, true) : value.problem;
      if (problem) problems.push(`${ref.variable}: ${problem}`);
      else filled.push(ref.setting);
    }
    for (const ref of refs) {
      const text = texts.get(ref.secretId);
      if (ref.kind === 'bundle' && text !== undefined)
        filled.push(...applyBundle(env, ref, text, taken, problems));
    }
  }
  const keyDirectory = writeKalshiKey(
    env,
    options.keyDirectory ?? (() => mkdtempSync(join(tmpdir(), 'arbees-secrets-'))),
    problems,
  );
  if (problems.length > 0) {
    if (keyDirectory) rmSync(keyDirectory, { recursive: true, force: true });
    throw new ConfigError(problems);
  }
  return { settings: filled, keyDirectory };
}
