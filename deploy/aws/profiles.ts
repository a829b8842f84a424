/**
 * The deployment profiles, as plain data: what the CDK app builds and what the cost estimator
 * prices come from the same model. Sizes follow shared/reference/aws.md (§7.2 the seeds' plan,
 * §7.3 the lean topology).
 */
import type { ServiceName } from '../../src/services/service.js';

export const PROFILE_NAMES = ['paper', 'live', 'seeds'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export type CpuArchitecture = 'arm64' | 'x86_64';

/** How private subnets reach the venues: both give one stable egress IP (an Elastic IP). */
export type NatChoice =
  | { readonly kind: 'instance'; readonly instanceType: string }
  | { readonly kind: 'gateway'; readonly count: number };

/** One ECS service: a task holding one container per Arbees service it runs. */
export interface TaskSpec {
  readonly id: string;
  /** Fargate task size: vCPU units (256 = 0.25 vCPU) and MiB. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly services: readonly ServiceName[];
  readonly desiredCount: number;
  /** Game shards scale on games per shard; the others run a fixed count. */
  readonly scaling?: { readonly min: number; readonly max: number; readonly gamesPerShardTarget: number };
  /** Tasks beyond the first on-demand one may run on Fargate Spot. */
  readonly spot: boolean;
}

export interface DatabaseSpec {
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly storageGiB: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
}

export interface CacheSpec {
  readonly engine: 'valkey' | 'redis';
  readonly nodeType: string;
  readonly replicas: number;
}

export interface AlarmThresholds {
  readonly serviceCpuPercent: number;
  readonly rdsCpuPercent: number;
  readonly rdsFreeStorageBytes: number;
  readonly cacheMemoryPercent: number;
  /** Minutes a breach lasts before the alarm fires. */
  readonly evaluationMinutes: number;
}

export interface Profile {
  readonly name: ProfileName;
  readonly description: string;
  /** ARBEES_MODE of every service. */
  readonly arbeesMode: 'paper' | 'live';
  readonly architecture: CpuArchitecture;
  readonly nat: NatChoice;
  readonly database: DatabaseSpec;
  readonly cache: CacheSpec;
  readonly tasks: readonly TaskSpec[];
  /** A public HTTPS load balancer for the cockpit/API; without it, SSM port forwarding (docs/aws.md). */
  readonly edge: boolean;
  readonly containerInsights: boolean;
  readonly logRetentionDays: number;
  readonly alarms: AlarmThresholds;
}

const GIB = 1024 ** 3;

/** The lean core: every service but the game shards, one container each, in one task. */
const LEAN_CORE_SERVICES: readonly ServiceName[] = [
  'api',
  'discovery-coordinator',
  'kalshi-gateway',
  'polymarket-gateway',
  'signal-processor',
  'execution',
  'position-tracker',
  'analytics',
];

const leanTasks = (shardMax: number, spot: boolean): TaskSpec[] => [
  { id: 'core', cpu: 512, memoryMiB: 1024, services: LEAN_CORE_SERVICES, desiredCount: 1, spot: false },
  {
    id: 'game-shard',
    cpu: 256,
    memoryMiB: 512,
    services: ['game-shard'],
    desiredCount: 1,
    scaling: { min: 1, max: shardMax, gamesPerShardTarget: 4 },
    spot,
  },
];

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  paper: {
    name: 'paper',
    description: 'lean paper trading: 2 ARM tasks, fck-nat-style NAT instance, single-AZ data, no ALB',
    arbeesMode: 'paper',
    architecture: 'arm64',
    nat: { kind: 'instance', instanceType: 't4g.nano' },
    database: {
      instanceClass: 't4g.micro',
      multiAz: false,
      storageGiB: 20,
      backupRetentionDays: 7,
      deletionProtection: false,
    },
    cache: { engine: 'valkey', nodeType: 'cache.t4g.micro', replicas: 0 },
    tasks: leanTasks(3, true),
    edge: false,
    containerInsights: false,
    logRetentionDays: 14,
    alarms: {
      serviceCpuPercent: 85,
      rdsCpuPercent: 85,
      rdsFreeStorageBytes: 2 * GIB,
      cacheMemoryPercent: 85,
      evaluationMinutes: 10,
    },
  },
  live: {
    name: 'live',
    description:
      'hardened live trading: Multi-AZ RDS with deletion protection, a Valkey replica, NAT Gateway, ALB',
    arbeesMode: 'live',
    architecture: 'arm64',
    nat: { kind: 'gateway', count: 1 },
    database: {
      instanceClass: 't4g.micro',
      multiAz: true,
      storageGiB: 20,
      backupRetentionDays: 14,
      deletionProtection: true,
    },
    cache: { engine: 'valkey', nodeType: 'cache.t4g.micro', replicas: 1 },
    tasks: leanTasks(4, false),
    edge: true,
    containerInsights: true,
    logRetentionDays: 90,
    alarms: {
      serviceCpuPercent: 70,
      rdsCpuPercent: 70,
      rdsFreeStorageBytes: 5 * GIB,
      cacheMemoryPercent: 70,
      evaluationMinutes: 3,
    },
  },
  seeds: {
    name: 'seeds',
    description: "the seeds' own topology: 6 x86 tasks, NAT Gateway, ALB, RDS and Redis t3.micro",
    arbeesMode: 'paper',
    architecture: 'x86_64',
    nat: { kind: 'gateway', count: 1 },
    database: {
      instanceClass: 't3.micro',
      multiAz: false,
      storageGiB: 20,
      backupRetentionDays: 7,
      deletionProtection: false,
    },
    cache: { engine: 'redis', nodeType: 'cache.t3.micro', replicas: 0 },
    tasks: [
      { id: 'api', cpu: 256, memoryMiB: 512, services: ['api'], desiredCount: 1, spot: false },
      { id: 'execution', cpu: 256, memoryMiB: 512, services: ['execution'], desiredCount: 1, spot: false },
      {
        id: 'position-tracker',
        cpu: 256,
        memoryMiB: 512,
        services: ['position-tracker', 'analytics'],
        desiredCount: 1,
        spot: false,
      },
      {
        id: 'game-shard',
        cpu: 512,
        memoryMiB: 1024,
        services: ['game-shard'],
        desiredCount: 1,
        scaling: { min: 1, max: 4, gamesPerShardTarget: 4 },
        spot: false,
      },
      {
        id: 'signal-processor',
        cpu: 512,
        memoryMiB: 1024,
        services: ['signal-processor'],
        desiredCount: 1,
        spot: false,
      },
      {
        id: 'market-data',
        cpu: 512,
        memoryMiB: 1024,
        services: ['discovery-coordinator', 'kalshi-gateway', 'polymarket-gateway'],
        desiredCount: 1,
        spot: false,
      },
    ],
    edge: true,
    // The seeds' plan as researched (reference §7.2) has no Container Insights: priced the same.
    containerInsights: false,
    logRetentionDays: 30,
    alarms: {
      serviceCpuPercent: 80,
      rdsCpuPercent: 80,
      rdsFreeStorageBytes: 2 * GIB,
      cacheMemoryPercent: 80,
      evaluationMinutes: 5,
    },
  },
};

/** The run id (the trading account) every service of a profile uses. */
export const runIdOf = (profile: Profile): string => `aws-${profile.name}`;

export function profileByName(name: string): Profile {
  const profile = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!profile) {
    throw new Error(`unknown deployment profile "${name}": expected one of ${PROFILE_NAMES.join(', ')}`);
  }
  return profile;
}

/** The port each Arbees service listens on inside its task: containers of one task share localhost. */
export function servicePort(task: TaskSpec, service: ServiceName): number {
  const index = task.services.indexOf(service);
  if (index < 0) throw new Error(`service ${service} is not in task ${task.id}`);
  return 8080 + index;
}

/** Jobs run on a schedule as one-off tasks of the image (EventBridge rules, UTC cron). */
export interface JobSpec {
  readonly id: string;
  readonly description: string;
  readonly schedule: { readonly minute: string; readonly hour: string };
  readonly command: (run: { readonly runId: string; readonly mode: 'paper' | 'live' }) => string[];
}

export const JOBS: readonly JobSpec[] = [
  {
    id: 'nightly-report',
    description: "the day's run status and every scope not ACTIVE, into the logs",
    schedule: { minute: '30', hour: '8' },
    command: ({ runId }) => ['status', '--run-id', runId],
  },
  {
    id: 'market-discovery',
    description: "what market discovery finds for the day's games, before the first kickoff",
    schedule: { minute: '0', hour: '15' },
    command: ({ mode }) => ['markets', '--mode', mode],
  },
];
