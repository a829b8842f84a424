/**
 * The monthly bill of a synthesized deployment: each billable resource class of the CloudFormation
 * templates priced from the dated table (prices.ts) and the usage assumptions (usage.ts). Pure:
 * templates in, lines in integer micro-dollars out.
 */
import { HOURS_PER_MONTH, PRICES, REGION_MULTIPLIER_PERCENT } from './prices.js';
import type { UsageAssumptions } from './usage.js';

export interface CfnTemplate {
  readonly Resources?: Record<
    string,
    { readonly Type: string; readonly Properties?: Record<string, unknown> }
  >;
}

export type CostClass =
  | 'fargate'
  | 'jobs'
  | 'nat'
  | 'public-ipv4'
  | 'alb'
  | 'rds'
  | 'cache'
  | 'secrets'
  | 'cloudwatch'
  | 'ecr'
  | 'transfer';

export interface CostLine {
  readonly class: CostClass;
  readonly item: string;
  readonly monthlyMicros: number;
  /** How the figure is made, for the reader. */
  readonly basis: string;
}

export interface CostReport {
  readonly region: string;
  readonly lines: readonly CostLine[];
  readonly totalMicros: number;
  readonly levers: readonly Lever[];
}

export interface Lever {
  readonly name: string;
  readonly monthlyMicros: number;
  readonly explanation: string;
}

interface Resource {
  readonly logicalId: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
}

const month = (hourlyMicros: number) => hourlyMicros * HOURS_PER_MONTH;
export const dollars = (micros: number): string => `$${(micros / 1_000_000).toFixed(2)}`;
/** A unit price with the digits it has ($0.0045, $0.045, $0.40). */
export const rate = (micros: number): string => `$${(micros / 1_000_000).toFixed(6).replace(/0{1,4}$/, '')}`;

function resources(templates: readonly CfnTemplate[]): Resource[] {
  return templates.flatMap((t) =>
    Object.entries(t.Resources ?? {}).map(([logicalId, r]) => ({
      logicalId,
      type: r.Type,
      props: r.Properties ?? {},
    })),
  );
}

const ofType = (all: readonly Resource[], type: string) => all.filter((r) => r.type === type);

function priceOf(table: Record<string, number>, key: string, what: string): number {
  const price = table[key];
  if (price === undefined)
    throw new Error(`no price for ${what} ${key}: add it to deploy/aws/cost/prices.ts`);
  return price;
}

interface FargateTask {
  readonly name: string;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  readonly arch: 'arm64' | 'x86_64';
  readonly count: number;
  readonly spot: boolean;
}

/** Hourly micro-dollars of one task: vCPU = units / 1024, GB = MiB / 1024. */
export function fargateTaskHour(task: Pick<FargateTask, 'cpuUnits' | 'memoryMiB' | 'arch'>): number {
  const rates = PRICES.fargate[task.arch];
  return Math.round((task.cpuUnits * rates.vcpuHour + task.memoryMiB * rates.gbHour) / 1024);
}

function fargateTasks(all: readonly Resource[]): { services: FargateTask[]; jobs: FargateTask[] } {
  const taskDefs = new Map(ofType(all, 'AWS::ECS::TaskDefinition').map((r) => [r.logicalId, r]));
  const describe = (def: Resource, name: string, count: number, spot: boolean): FargateTask => {
    const platform = def.props.RuntimePlatform as { CpuArchitecture?: string } | undefined;
    return {
      name,
      cpuUnits: Number(def.props.Cpu),
      memoryMiB: Number(def.props.Memory),
      arch: platform?.CpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64',
      count,
      spot,
    };
  };
  const used = new Set<string>();
  const services = ofType(all, 'AWS::ECS::Service').map((service) => {
    const ref = (service.props.TaskDefinition as { Ref?: string } | undefined)?.Ref ?? '';
    const def = taskDefs.get(ref);
    if (!def) throw new Error(`ECS service ${service.logicalId} has no task definition in these templates`);
    used.add(ref);
    const strategy = JSON.stringify(service.props.CapacityProviderStrategy ?? []);
    const name = String(service.props.ServiceName ?? service.logicalId);
    return describe(def, name, Number(service.props.DesiredCount ?? 1), strategy.includes('FARGATE_SPOT'));
  });
  const jobs = [...taskDefs.entries()]
    .filter(([id]) => !used.has(id))
    .map(([id, def]) => describe(def, id.replace(/Job[0-9A-F]*$/, ''), 1, false));
  return { services, jobs };
}

export function estimate(
  templates: readonly CfnTemplate[],
  usage: UsageAssumptions,
  region: string,
): CostReport {
  const multiplier = REGION_MULTIPLIER_PERCENT[region];
  if (multiplier === undefined) {
    throw new Error(
      `no prices for region ${region}: priced are ${Object.keys(REGION_MULTIPLIER_PERCENT).join(', ')}`,
    );
  }
  const all = resources(templates);
  const lines: CostLine[] = [
    ...computeLines(all, usage),
    ...networkLines(all, usage),
    ...dataLines(all),
    ...platformLines(all, usage),
  ].map((line) => ({ ...line, monthlyMicros: Math.round((line.monthlyMicros * multiplier) / 100) }));
  const totalMicros = lines.reduce((sum, line) => sum + line.monthlyMicros, 0);
  return { region, lines, totalMicros, levers: levers(all, lines) };
}

function computeLines(all: readonly Resource[], usage: UsageAssumptions): CostLine[] {
  const { services, jobs } = fargateTasks(all);
  const lines: CostLine[] = services.map((task) => ({
    class: 'fargate',
    item: `${task.name}: ${task.count} × ${task.cpuUnits / 1024} vCPU / ${task.memoryMiB / 1024} GB ${task.arch}`,
    monthlyMicros: task.count * month(fargateTaskHour(task)),
    basis: `on-demand${task.spot ? ' (Spot allowed beyond the first task)' : ''}, ${HOURS_PER_MONTH} h`,
  }));
  if (jobs.length > 0) {
    const hours = (usage.jobMinutes * usage.jobRunsPerMonth) / 60;
    lines.push({
      class: 'jobs',
      item: `${jobs.length} scheduled jobs (${jobs.map((j) => j.name).join(', ')})`,
      monthlyMicros: Math.round(jobs.reduce((sum, job) => sum + fargateTaskHour(job) * hours, 0)),
      basis: `${usage.jobRunsPerMonth} runs × ${usage.jobMinutes} min each; EventBridge scheduled rules are free`,
    });
  }
  return lines;
}

function networkLines(all: readonly Resource[], usage: UsageAssumptions): CostLine[] {
  const lines: CostLine[] = [];
  const natGateways = ofType(all, 'AWS::EC2::NatGateway').length;
  if (natGateways > 0) {
    lines.push({
      class: 'nat',
      item: `${natGateways} NAT Gateway`,
      monthlyMicros: natGateways * month(PRICES.natGatewayHour) + usage.natProcessedGb * PRICES.natGatewayGb,
      basis: `${rate(PRICES.natGatewayHour)}/h + ${usage.natProcessedGb} GB × ${rate(PRICES.natGatewayGb)}`,
    });
  }
  for (const instance of ofType(all, 'AWS::EC2::Instance')) {
    const type = String(instance.props.InstanceType);
    lines.push({
      class: 'nat',
      item: `NAT instance ${type} + ${usage.natInstanceVolumeGb} GB gp3`,
      monthlyMicros:
        month(priceOf(PRICES.ec2Hour, type, 'EC2 instance')) +
        usage.natInstanceVolumeGb * PRICES.ebsGp3GbMonth,
      basis: 'no per-GB charge; instance hours + root volume',
    });
  }
  const eips = ofType(all, 'AWS::EC2::EIP').length;
  const albs = ofType(all, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  const publicAlbs = albs.filter((lb) => lb.props.Scheme === 'internet-facing');
  // An internet-facing ALB holds one public IPv4 per AZ (its subnets).
  const albIps = publicAlbs.reduce(
    (sum, lb) => sum + ((lb.props.Subnets as unknown[] | undefined)?.length ?? 2),
    0,
  );
  if (eips + albIps > 0) {
    lines.push({
      class: 'public-ipv4',
      item: `${eips + albIps} public IPv4 (${eips} Elastic IP for NAT egress, ${albIps} ALB)`,
      monthlyMicros: (eips + albIps) * month(PRICES.publicIpv4Hour),
      basis: `${rate(PRICES.publicIpv4Hour)}/h each since 2024-02-01`,
    });
  }
  if (albs.length > 0) {
    lines.push({
      class: 'alb',
      item: `${albs.length} Application Load Balancer`,
      monthlyMicros: albs.length * month(PRICES.albHour + Math.round(usage.albLcu * PRICES.albLcuHour)),
      basis: `${rate(PRICES.albHour)}/h + ${usage.albLcu} LCU × ${rate(PRICES.albLcuHour)}/h`,
    });
  }
  return lines;
}

function dataLines(all: readonly Resource[]): CostLine[] {
  const lines: CostLine[] = [];
  for (const db of ofType(all, 'AWS::RDS::DBInstance')) {
    const cls = String(db.props.DBInstanceClass);
    const copies = db.props.MultiAZ === true ? 2 : 1;
    const storage = Number(db.props.AllocatedStorage ?? 20);
    lines.push({
      class: 'rds',
      item: `RDS PostgreSQL ${cls}${copies === 2 ? ' Multi-AZ' : ''} + ${storage} GB gp3`,
      monthlyMicros:
        copies * (month(priceOf(PRICES.rdsHour, cls, 'RDS class')) + storage * PRICES.rdsGp3GbMonth),
      basis: `${copies === 2 ? 'standby doubles instance and storage; ' : ''}backups free up to the storage size`,
    });
  }
  for (const cache of ofType(all, 'AWS::ElastiCache::ReplicationGroup')) {
    const engine = String(cache.props.Engine);
    const node = String(cache.props.CacheNodeType);
    const nodes = Number(cache.props.NumCacheClusters ?? 1);
    const table = PRICES.cacheHour[engine];
    if (!table) throw new Error(`no ElastiCache prices for engine ${engine}`);
    lines.push({
      class: 'cache',
      item: `ElastiCache ${engine} ${nodes} × ${node}`,
      monthlyMicros: nodes * month(priceOf(table, node, `${engine} node`)),
      basis: engine === 'valkey' ? 'Valkey nodes 20 % below Redis OSS' : 'Redis OSS node',
    });
  }
  return lines;
}

function platformLines(all: readonly Resource[], usage: UsageAssumptions): CostLine[] {
  const secrets = ofType(all, 'AWS::SecretsManager::Secret').length;
  const alarms = ofType(all, 'AWS::CloudWatch::Alarm').length;
  const dashboards = ofType(all, 'AWS::CloudWatch::Dashboard').length;
  const insightClusters = ofType(all, 'AWS::ECS::Cluster').filter((c) =>
    JSON.stringify(c.props.ClusterSettings ?? []).match(/"containerInsights","Value":"enabled"/),
  ).length;
  const insightMetrics =
    insightClusters > 0
      ? insightClusters * usage.containerInsightsMetricsPerCluster +
        ofType(all, 'AWS::ECS::Service').length * usage.containerInsightsMetricsPerService
      : 0;
  const metrics = usage.customMetrics + insightMetrics;
  const paidMetrics = Math.max(0, metrics - PRICES.freeMetrics);
  const paidAlarms = Math.max(0, alarms - PRICES.freeAlarms);
  const paidDashboards = Math.max(0, dashboards - PRICES.freeDashboards);
  const logs = usage.logsGb * (PRICES.logsIngestGb + PRICES.logsStorageGbMonth);
  return [
    {
      class: 'secrets',
      item: `${secrets} Secrets Manager secrets`,
      monthlyMicros: secrets * PRICES.secretMonth,
      basis: `${rate(PRICES.secretMonth)} each; read once at task start`,
    },
    {
      class: 'cloudwatch',
      item: `CloudWatch: ${usage.logsGb} GB logs, ${alarms} alarms (${paidAlarms} paid), ${metrics} metrics (${paidMetrics} paid), ${dashboards} dashboard`,
      monthlyMicros:
        logs +
        paidAlarms * PRICES.alarmMonth +
        paidMetrics * PRICES.customMetricMonth +
        paidDashboards * PRICES.dashboardMonth,
      basis:
        `logs ${rate(PRICES.logsIngestGb)}/GB ingested + ${rate(PRICES.logsStorageGbMonth)}/GB stored; ` +
        `first 10 alarms, 10 metrics, 3 dashboards free${insightMetrics > 0 ? `; Container Insights ≈ ${insightMetrics} metrics (count UNVERIFIED)` : ''}`,
    },
    {
      class: 'ecr',
      item: `ECR: ${usage.ecrGb} GB of images`,
      monthlyMicros: ofType(all, 'AWS::ECR::Repository').length * usage.ecrGb * PRICES.ecrGbMonth,
      basis: `${rate(PRICES.ecrGbMonth)}/GB-month; lifecycle keeps the last 20`,
    },
  ];
}

/** The big levers, priced on this deployment. */
function levers(all: readonly Resource[], lines: readonly CostLine[]): Lever[] {
  const { services } = fargateTasks(all);
  const sum = (cls: CostClass) =>
    lines.filter((l) => l.class === cls).reduce((s, l) => s + l.monthlyMicros, 0);
  const armSaving = services.reduce(
    (s, t) =>
      s +
      t.count * month(fargateTaskHour({ ...t, arch: 'x86_64' }) - fargateTaskHour({ ...t, arch: 'arm64' })),
    0,
  );
  const shard = services.find((t) => t.name.includes('game-shard'));
  const shardMonth = shard ? month(fargateTaskHour(shard)) : 0;
  const natGatewayMonth = month(PRICES.natGatewayHour);
  const natInstanceMonth = month(PRICES.ec2Hour['t4g.nano']!);
  const ipv4Month = month(PRICES.publicIpv4Hour);
  const uses = (type: string) => ofType(all, type).length > 0;
  return [
    {
      name: 'NAT',
      monthlyMicros: natGatewayMonth - natInstanceMonth,
      explanation: uses('AWS::EC2::NatGateway')
        ? `a NAT Gateway costs ${dollars(natGatewayMonth)}/month + $0.045/GB; a t4g.nano NAT instance ${dollars(natInstanceMonth)} and nothing per GB (both keep one Elastic IP for the venues)`
        : `the NAT instance saves ${dollars(natGatewayMonth - natInstanceMonth)}/month against a NAT Gateway, at the price of no managed failover`,
    },
    {
      name: 'ALB',
      monthlyMicros: uses('AWS::ElasticLoadBalancingV2::LoadBalancer')
        ? sum('alb') + 2 * ipv4Month
        : month(PRICES.albHour + Math.round(0.5 * PRICES.albLcuHour)) + 2 * ipv4Month,
      explanation: uses('AWS::ElasticLoadBalancingV2::LoadBalancer')
        ? 'the public HTTPS ALB and its two IPv4; without it the cockpit is reached by SSM port forwarding'
        : 'no ALB: the cockpit is reached by SSM port forwarding (docs/aws.md), saving this',
    },
    {
      name: 'public IPv4',
      monthlyMicros: ipv4Month,
      explanation: `each public IPv4 costs ${dollars(ipv4Month)}/month: tasks stay in private subnets with none`,
    },
    {
      name: 'task count',
      monthlyMicros: shardMonth,
      explanation:
        'each game shard added by scaling costs this on demand; consolidating services into one task saves a task floor each',
    },
    {
      name: 'ARM64',
      monthlyMicros: armSaving,
      explanation:
        armSaving > 0
          ? 'what these tasks would cost more on x86 (Graviton is ~20 % cheaper)'
          : 'x86 tasks: ARM64 would save ~20 % of Fargate',
    },
    {
      name: 'Spot',
      monthlyMicros: Math.round((shardMonth * PRICES.fargate.spotMaxDiscountPercent) / 100),
      explanation: `up to ${PRICES.fargate.spotMaxDiscountPercent} % off each shard beyond the first on Fargate Spot (2-minute warning, replayable work only)`,
    },
  ];
}
