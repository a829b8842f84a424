import { loadConfig, redactConfig } from '../config/load.js';
import { overridesFromSet } from './flags.js';

export function configCommand(options: { set?: string[] }): number {
  const config = loadConfig({ overrides: overridesFromSet(options.set) });
  process.stdout.write(`${JSON.stringify(redactConfig(config), null, 2)}\n`);
  return 0;
}
