/**
 * Settings another process wrote for this one: `arbees sim world --settings-file` writes the
 * world's URLs, credentials and clock as KEY=VALUE lines into a volume, and each service of a
 * Compose deployment reads them at start (`arbees service --settings-file`, or
 * ARBEES_SETTINGS_FILE). A value the environment already has (not empty) wins, so one setting can
 * still be overridden in compose.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEnv } from 'node:util';

export class SettingsFileError extends Error {
  override readonly name = 'SettingsFileError';
}

/** Lines that are not blank, a comment or KEY=VALUE (parseEnv skips them silently). */
function badLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !/^(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/.test(l));
}

/** Parses KEY=VALUE text; every malformed line named at once. */
export function parseSettings(text: string, where: string): Record<string, string> {
  const bad = badLines(text);
  if (bad.length > 0)
    throw new SettingsFileError(
      `${where}: not KEY=VALUE: ${bad.map((l) => JSON.stringify(l.slice(0, 60))).join(', ')}`,
    );
  return parseEnv(text) as Record<string, string>;
}

/**
 * Adds the file's settings to `env` where `env` has none (unset or empty); returns the names
 * added. A missing or malformed file is an error naming it.
 */
export function applySettingsFile(path: string, env: Record<string, string | undefined>): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SettingsFileError(
      code === 'ENOENT'
        ? `settings file ${path} does not exist (is the process that writes it, e.g. sim-world, up?)`
        : `settings file ${path}: ${(error as Error).message}`,
    );
  }
  const added: string[] = [];
  for (const [key, value] of Object.entries(parseSettings(text, `settings file ${path}`))) {
    if (env[key] !== undefined && env[key]!.trim() !== '') continue;
    env[key] = value;
    added.push(key);
  }
  return added;
}

/**
 * Waits up to `waitSeconds` for the file to exist (Compose starts the services beside the world,
 * which writes it once its servers listen), then applies it as applySettingsFile does. A
 * malformed ARBEES_SETTINGS_WAIT is an error naming it.
 */
export async function applySettingsFileWhenPresent(
  path: string,
  env: Record<string, string | undefined>,
  waitSetting: string | undefined,
): Promise<string[]> {
  const raw = (waitSetting ?? '').trim();
  const waitSeconds = raw === '' ? 0 : Number(raw);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
    throw new SettingsFileError(
      `ARBEES_SETTINGS_WAIT: expected seconds (0 or more), got ${JSON.stringify(raw)}`,
    );
  const deadline = Date.now() + waitSeconds * 1000;
  while (!existsSync(path) && Date.now() < deadline) await sleep(Math.min(500, deadline - Date.now()));
  return applySettingsFile(path, env);
}
