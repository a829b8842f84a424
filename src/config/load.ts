/**
 * Reads the configuration once: defaults < `.env` < environment < CLI flags. Every problem is
 * collected and reported together, each naming its variable; nothing is half-applied.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { CONFIG_KEYS, type Config, type ConfigKey, configSchema } from './schema.js';
import { isSecretSetting, maskSecretUrl, SECRET_REFERENCE_NAMES } from './secret-settings.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface LoadConfigOptions {
  /** The process environment (or a test's stand-in). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Path of a dotenv file; read when it exists. */
  readonly envFile?: string | null;
  /** Values from command-line flags, by variable name; they win over everything else. */
  readonly overrides?: Partial<Record<ConfigKey, string | undefined>>;
}

const KNOWN = new Set<string>(CONFIG_KEYS);

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const problems: string[] = [];

  let fileValues: Record<string, string> = {};
  const envFile = options.envFile === undefined ? '.env' : options.envFile;
  if (envFile && existsSync(envFile)) {
    try {
      fileValues = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>;
    } catch (err) {
      problems.push(`${envFile}: cannot be read as a dotenv file (${(err as Error).message})`);
    }
  }

  for (const [source, values] of [
    [envFile ?? '.env', fileValues],
    ['environment', env],
  ] as const) {
    for (const name of Object.keys(values)) {
      if (name.startsWith('ARBEES_') && !KNOWN.has(name) && !SECRET_REFERENCE_NAMES.has(name)) {
        problems.push(
          `${name} (from ${source}): unknown ARBEES_ variable; known ones are ${[...KNOWN].filter((k) => k.startsWith('ARBEES_')).join(', ')}`,
        );
      }
    }
  }

  const raw: Record<string, string | undefined> = {};
  for (const key of CONFIG_KEYS) {
    const value = options.overrides?.[key] ?? env[key] ?? fileValues[key];
    if (value !== undefined) raw[key] = value;
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || '(config)';
      const given = raw[name];
      // A secret's value is never echoed, even a malformed one.
      const message =
        issue.message.includes('got') || given === undefined || isSecretSetting(name)
          ? issue.message
          : `${issue.message}, got "${given}"`;
      problems.push(`${name}: ${message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data as Config;
}

/** The configuration with secrets masked, for storing beside a run and printing. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(config)) {
    if (!isSecretSetting(key) || typeof value !== 'string') continue;
    out[key] = key.endsWith('_URL') ? maskSecretUrl(key, value) : '***';
  }
  return out;
}
