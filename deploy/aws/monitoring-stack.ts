/**
 * Monitoring: an SNS topic for alert email, the seeds' alarms (service CPU, running tasks, RDS CPU
 * and free storage, cache memory) and alarms on the trading metrics that matter (trading halted,
 * a venue's connection down, reconciliation drift, order rejects), and one dashboard.
 * The trading metrics are the services' own, written as EMF lines (src/services/emf-metrics.ts).
 */
import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_ecs as ecs,
  type aws_elasticache as elasticache,
  type aws_rds as rds,
  Stack,
  type StackProps,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { suppress } from './nag.js';
import { type Profile, runIdOf } from './profiles.js';

export interface MonitoringStackProps extends StackProps {
  readonly profile: Profile;
  readonly cluster: ecs.ICluster;
  readonly services: ReadonlyMap<string, ecs.FargateService>;
  readonly database: rds.DatabaseInstance;
  readonly cache: elasticache.CfnReplicationGroup;
  readonly alertEmail?: string;
}

interface TradingAlarm {
  readonly id: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly threshold: number;
  readonly description: string;
}

const TRADING_ALARMS: readonly TradingAlarm[] = [
  {
    id: 'TradingHalted',
    metricName: 'arbees_trading_state',
    statistic: cloudwatch.Stats.MAXIMUM,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 2,
    description: 'A trading scope is HALTED (arbees_trading_state = 2): runbook "Halted trading"',
  },
  {
    id: 'VenueDisconnected',
    metricName: 'arbees_gateway_connected',
    statistic: cloudwatch.Stats.MINIMUM,
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    threshold: 1,
    description: 'A venue\'s WebSocket is down (arbees_gateway_connected = 0): runbook "Venue down"',
  },
  {
    id: 'ReconciliationDrift',
    metricName: 'arbees_reconciliation_discrepancies_total',
    statistic: cloudwatch.Stats.SUM,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 0,
    description: 'Positions differ from the venue: runbook "Reconciliation drift"',
  },
  {
    id: 'OrderRejects',
    metricName: 'arbees_order_rejects_total',
    statistic: cloudwatch.Stats.SUM,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 5,
    description: 'More than 5 orders rejected by the venues in a minute',
  },
];

export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly evaluationMinutes: number;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { profile } = props;
    this.evaluationMinutes = profile.alarms.evaluationMinutes;
    this.topic = new sns.Topic(this, 'Alerts', {
      displayName: `Arbees ${profile.name} alerts`,
      enforceSSL: true,
    });
    suppress(this.topic, [
      {
        id: 'AwsSolutions-SNS2',
        reason: 'Alert texts carry no secrets; CloudWatch cannot publish to the AWS-managed SNS key',
      },
    ]);
    if (props.alertEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));

    const widgets: cloudwatch.IWidget[] = [];
    for (const [taskId, service] of props.services)
      widgets.push(...this.serviceAlarms(profile, taskId, service));
    widgets.push(...this.dataAlarms(profile, props.database, props.cache));
    widgets.push(...this.tradingAlarms(profile));
    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `arbees-${profile.name}`,
      widgets: chunk(widgets, 3),
    });
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    opts: Omit<cloudwatch.CreateAlarmOptions, 'evaluationPeriods'>,
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      evaluationPeriods: this.evaluationMinutes,
      ...opts,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  private serviceAlarms(profile: Profile, taskId: string, service: ecs.FargateService): cloudwatch.IWidget[] {
    const cpu = service.metricCpuUtilization({ period: Duration.minutes(1) });
    this.alarm(`${taskId}Cpu`, cpu, {
      threshold: profile.alarms.serviceCpuPercent,
      alarmDescription: `arbees-${taskId} CPU above ${profile.alarms.serviceCpuPercent} %`,
    });
    const task = profile.tasks.find((t) => t.id === taskId)!;
    const minimum = task.scaling?.min ?? task.desiredCount;
    // Container Insights counts running tasks; without it, the CPU metric's sample count does
    // (one sample per running task a minute), and no samples at all means no task.
    const running = profile.containerInsights
      ? new cloudwatch.Metric({
          namespace: 'ECS/ContainerInsights',
          metricName: 'RunningTaskCount',
          dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
          statistic: cloudwatch.Stats.MINIMUM,
          period: Duration.minutes(1),
        })
      : service.metricCpuUtilization({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.SAMPLE_COUNT,
        });
    this.alarm(`${taskId}RunningTasks`, running, {
      threshold: minimum,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `arbees-${taskId} runs fewer than ${minimum} task(s)`,
    });
    return [
      new cloudwatch.GraphWidget({
        title: `${taskId}: CPU and running tasks`,
        left: [cpu],
        right: [running],
      }),
    ];
  }

  private dataAlarms(profile: Profile, db: rds.DatabaseInstance, cache: elasticache.CfnReplicationGroup) {
    const minute = { period: Duration.minutes(1) };
    const dbCpu = db.metricCPUUtilization(minute);
    this.alarm('RdsCpu', dbCpu, {
      threshold: profile.alarms.rdsCpuPercent,
      alarmDescription: `RDS CPU above ${profile.alarms.rdsCpuPercent} %`,
    });
    const dbStorage = db.metricFreeStorageSpace({ ...minute, statistic: cloudwatch.Stats.MINIMUM });
    this.alarm('RdsFreeStorage', dbStorage, {
      threshold: profile.alarms.rdsFreeStorageBytes,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      alarmDescription: `RDS free storage under ${profile.alarms.rdsFreeStorageBytes / 1024 ** 3} GiB`,
    });
    // The primary node: node-level metrics are by cache cluster id (<group>-001).
    const cacheMemory = new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName: 'DatabaseMemoryUsagePercentage',
      dimensionsMap: { CacheClusterId: `${cache.ref}-001` },
      statistic: cloudwatch.Stats.MAXIMUM,
      ...minute,
    });
    this.alarm('CacheMemory', cacheMemory, {
      threshold: profile.alarms.cacheMemoryPercent,
      alarmDescription: `Cache memory above ${profile.alarms.cacheMemoryPercent} % (streams trimmed too late?)`,
    });
    return [
      new cloudwatch.GraphWidget({ title: 'RDS CPU and free storage', left: [dbCpu], right: [dbStorage] }),
      new cloudwatch.GraphWidget({ title: 'Cache memory %', left: [cacheMemory] }),
    ];
  }

  private tradingAlarms(profile: Profile): cloudwatch.IWidget[] {
    const metrics = TRADING_ALARMS.map((spec) => {
      const metric = new cloudwatch.Metric({
        namespace: 'Arbees',
        metricName: spec.metricName,
        // One series per deployment: every service's EMF lines carry the run id.
        dimensionsMap: { RunId: runIdOf(profile) },
        statistic: spec.statistic,
        period: Duration.minutes(1),
      });
      this.alarm(spec.id, metric, {
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        // Silence is not an incident here: the running-task alarms cover a dead service.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${spec.description} (${profile.name})`,
      });
      return metric;
    });
    return [new cloudwatch.GraphWidget({ title: 'Trading', left: metrics, width: 24 })];
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
