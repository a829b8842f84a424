/**
 * The contract every service of the distributed shape meets, so `arbees service <name>` can run
 * any of them alone with the same health, metrics, logging and shutdown handling. A service is a
 * thin composition: it wires pure components to the ports in its context and holds no rule of
 * its own. The one-process shape composes the same parts on an in-memory bus.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Registry } from 'prom-client';
import type { Bus } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { Store } from '../store/port.js';
import type { Logger } from './logger.js';

export const SERVICE_NAMES = [
  'discovery-coordinator',
  'game-shard',
  'kalshi-gateway',
  'polymarket-gateway',
  'polymarket-us-gateway',
  'signal-processor',
  'execution',
  'position-tracker',
  'analytics',
  'api',
  'notifier',
  'replay-driver',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceContext {
  readonly name: ServiceName;
  /** Unique per process, e.g. "game-shard-2" or "execution-<hostname>-<pid>"; the bus consumer name. */
  readonly instanceId: string;
  readonly config: Config;
  readonly bus: Bus;
  readonly store: Store;
  /** Business time: the wall clock, or under ARBEES_CLOCK=event the time of the event in hand. */
  readonly clock: Clock;
  /** Always the wall clock: leases, heartbeats and timers that must run in real time. */
  readonly wallClock: Clock;
  readonly log: Logger;
  /** The process's Prometheus registry; a service registers its own metrics on it. */
  readonly metrics: Registry;
  /** The run (account) the services share: every process of one deployment uses the same id. */
  readonly runId: RunId;
}

export interface RunningService {
  /** Ready for traffic: dependencies answered and start-up work (e.g. reconciliation) is done. */
  ready(): boolean;
  /**
   * SIGTERM: stop taking new work, finish what is in hand, release leases, then resolve. The
   * runner closes the bus and the store after this.
   */
  stop(): Promise<void>;
  /**
   * Extra HTTP routes on the runner's port (the api service's read endpoints). Called for every
   * request the runner does not answer itself; resolves true when it answered.
   */
  readonly http?: HttpRoutes;
  /** WebSocket upgrades on the runner's port (the api's live updates); true when taken. */
  readonly upgrade?: UpgradeHandler;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export type HttpRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly description: string;
  start(ctx: ServiceContext): Promise<RunningService>;
}
