/** The services this build can run with `arbees service <name>`, by name. */
import type { ServiceDefinition, ServiceName } from '../service.js';
import { analytics } from './analytics.js';
import { api } from './api.js';
import { execution } from './execution.js';
import { positionTracker } from './position-tracker.js';
import { signalProcessor } from './signal-processor.js';

export const SERVICE_DEFINITIONS: Partial<Record<ServiceName, ServiceDefinition>> = {
  'signal-processor': signalProcessor,
  execution,
  'position-tracker': positionTracker,
  analytics,
  api,
};
