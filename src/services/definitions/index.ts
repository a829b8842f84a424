/** The services this build can run with `arbees service <name>`, by name. */
import type { ServiceDefinition, ServiceName } from '../service.js';
import { discoveryCoordinatorService, gameShardService } from '../shard-services.js';
import {
  kalshiGatewayService,
  polymarketGatewayService,
  polymarketUsGatewayService,
} from '../venue-gateway.js';
import { analytics } from './analytics.js';
import { api } from './api.js';
import { execution } from './execution.js';
import { notifier } from './notifier.js';
import { positionTracker } from './position-tracker.js';
import { replayDriver } from './replay-driver.js';
import { signalProcessor } from './signal-processor.js';

export const SERVICE_DEFINITIONS: Partial<Record<ServiceName, ServiceDefinition>> = {
  'discovery-coordinator': discoveryCoordinatorService,
  'game-shard': gameShardService,
  'kalshi-gateway': kalshiGatewayService,
  'polymarket-gateway': polymarketGatewayService,
  'polymarket-us-gateway': polymarketUsGatewayService,
  'signal-processor': signalProcessor,
  execution,
  'position-tracker': positionTracker,
  analytics,
  api,
  notifier,
  'replay-driver': replayDriver,
};
