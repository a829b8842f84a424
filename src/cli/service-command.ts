/**
 * `arbees service <name>`: one service of the distributed shape in this process, until SIGTERM or
 * SIGINT. Exit 0 after a clean drain; 1 when the service failed to start or the drain timed out;
 * 2 for a usage or configuration error.
 */
import { loadConfig } from '../config/load.js';
import { applySettingsFileWhenPresent, SettingsFileError } from '../config/settings-file.js';
import { SERVICE_DEFINITIONS } from '../services/definitions/index.js';
import { createPinoLogger } from '../services/pino-logger.js';
import {
  defaultInstanceId,
  drainWithin,
  missingServiceSettings,
  runService,
  ServiceStartError,
} from '../services/runner.js';
import { SERVICE_NAMES, type ServiceName } from '../services/service.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';

export interface ServiceFlags {
  instance?: string;
  port?: string;
  set?: string[];
  settingsFile?: string;
}

export async function serviceCommand(name: string, flags: ServiceFlags): Promise<number> {
  if (!(SERVICE_NAMES as readonly string[]).includes(name))
    throw new UserError(`unknown service "${name}"; the services are ${SERVICE_NAMES.join(', ')}`);
  const definition = SERVICE_DEFINITIONS[name as ServiceName];
  if (!definition) throw new UserError(`service "${name}" is not part of this build yet`);
  // Read before the configuration: its settings are environment the configuration reads.
  const settingsFile = (flags.settingsFile ?? process.env.ARBEES_SETTINGS_FILE ?? '').trim();
  if (settingsFile) {
    try {
      await applySettingsFileWhenPresent(settingsFile, process.env, process.env.ARBEES_SETTINGS_WAIT);
    } catch (error) {
      if (error instanceof SettingsFileError) throw new UserError(error.message);
      throw error;
    }
  }
  const config = loadConfig({
    overrides: {
      ...overridesFromSet(flags.set),
      ARBEES_INSTANCE_ID: flags.instance,
      ARBEES_SERVICE_PORT: flags.port,
    },
  });
  const missing = missingServiceSettings(config);
  if (missing.length > 0)
    throw new UserError(
      `service ${name} needs ${missing.join(' and ')}: the distributed shape runs on Redis and PostgreSQL`,
    );
  const instanceId = config.ARBEES_INSTANCE_ID ?? defaultInstanceId(name);
  const log = createPinoLogger({
    level: config.ARBEES_LOG_LEVEL,
    bindings: { service: name, instance: instanceId },
  });
  // Listened for before starting: a SIGTERM during start-up drains once the service is up.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  let service: Awaited<ReturnType<typeof runService>>;
  try {
    service = await runService({ definition, config, log, instanceId });
  } catch (error) {
    if (!(error instanceof ServiceStartError)) throw error;
    log.error(error.message);
    process.stderr.write(`arbees: ${error.message}\n`);
    return 1;
  }
  const signal = await stopSignal;
  const drained = await drainWithin({
    service,
    reason: signal,
    timeoutMs: config.ARBEES_DRAIN_TIMEOUT * 1000,
    log,
    force: () => process.exit(1),
  });
  if (!drained) return 1;
  return 0;
}
