/** The services this build can run with `arbees service <name>`, by name. */
import type { ServiceDefinition, ServiceName } from '../service.js';
import { signalProcessor } from './signal-processor.js';

export const SERVICE_DEFINITIONS: Partial<Record<ServiceName, ServiceDefinition>> = {
  'signal-processor': signalProcessor,
};
