/** Turns command-line flags into configuration overrides, by variable name. */

import { ConfigError } from '../config/load.js';
import type { ConfigKey } from '../config/schema.js';
import { CONFIG_KEYS } from '../config/schema.js';

export function overridesFromSet(pairs: readonly string[] | undefined): Partial<Record<ConfigKey, string>> {
  const out: Partial<Record<ConfigKey, string>> = {};
  const problems: string[] = [];
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : pair;
    if (eq <= 0) problems.push(`--set ${pair}: expected KEY=VALUE`);
    else if (!(CONFIG_KEYS as string[]).includes(key)) problems.push(`--set ${key}: unknown variable`);
    else out[key as ConfigKey] = pair.slice(eq + 1);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
