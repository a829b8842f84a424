/**
 * Compute: an ECS cluster, one Fargate service per task of the profile (ARM64 or x86), a
 * container per Arbees service with /readyz health checks and Secrets Manager secrets, a log
 * group with retention, and the game shards scaled on games per shard with Spot allowed beyond
 * one on-demand task. Shards may protect themselves from scale-in while they hold leases.
 */
import {
  aws_cloudwatch as cloudwatch,
  Duration,
  aws_ec2 as ec2,
  aws_ecs as ecs,
  type aws_elasticloadbalancingv2 as elbv2,
  aws_iam as iam,
  aws_logs as logs,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  addArbeesContainer,
  arbeesContainerOptions,
  type ContainerEndpoints,
  type ContainerSecrets,
  grantSecrets,
} from './container.js';
import { suppress } from './nag.js';
import { JOBS, type JobSpec, type Profile, runIdOf, servicePort, type TaskSpec } from './profiles.js';

/** Games each shard holds leases on, as the shards publish it (EMF, dimension Service; docs/aws.md). */
export const GAMES_PER_SHARD = { namespace: 'Arbees', metricName: 'arbees_game_leases_held' } as const;

const PLAIN_SETTINGS_ONLY =
  'Environment holds plain settings and secret ARNs only; the app reads each secret at start with its task role';

export interface ComputeStackProps extends StackProps {
  readonly profile: Profile;
  readonly vpc: ec2.IVpc;
  readonly image: ecs.ContainerImage;
  readonly taskSecurityGroup: ec2.ISecurityGroup;
  readonly endpoints: ContainerEndpoints;
  readonly secrets: ContainerSecrets;
  /** The edge's target group for the api container, when the profile has an edge. */
  readonly apiTargetGroup?: elbv2.IApplicationTargetGroup;
  readonly apiLoadBalancerSecurityGroup?: ec2.ISecurityGroup;
  /** LIVE_TRADING_ACK of a live profile: false unless the operator deploys with it. */
  readonly liveTradingAck: boolean;
}

export class ComputeStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly services: ReadonlyMap<string, ecs.FargateService> = new Map();
  readonly logGroup: logs.LogGroup;
  /** One task definition per scheduled job (jobs stack), by job id. */
  readonly jobTaskDefinitions: ReadonlyMap<string, ecs.FargateTaskDefinition>;

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    this.props = props;
    const { profile } = props;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      // Named: the deploy workflows wait on and check its services by name.
      clusterName: `arbees-${profile.name}`,
      vpc: props.vpc,
      enableFargateCapacityProviders: true,
      containerInsightsV2: profile.containerInsights
        ? ecs.ContainerInsights.ENABLED
        : ecs.ContainerInsights.DISABLED,
    });
    if (!profile.containerInsights) {
      suppress(this.cluster, [
        {
          id: 'AwsSolutions-ECS4',
          reason: `Container Insights off in ${profile.name}: billed metrics; CPU alarms use AWS/ECS`,
        },
      ]);
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/arbees/${profile.name}`,
      retention: profile.logRetentionDays,
    });
    const services = new Map<string, ecs.FargateService>();
    for (const task of profile.tasks) services.set(task.id, this.createService(props, task));
    this.services = services;
    this.jobTaskDefinitions = new Map(JOBS.map((job) => [job.id, this.createJobTaskDefinition(props, job)]));
  }

  private readonly props: ComputeStackProps;

  /** The plain settings every Arbees container of this deployment gets. */
  plainSettings(): Record<string, string> {
    return this.settings(this.props);
  }

  private settings(props: ComputeStackProps): Record<string, string> {
    const { profile } = props;
    const live = profile.arbeesMode === 'live';
    return {
      ARBEES_MODE: profile.arbeesMode,
      ARBEES_RUN_ID: runIdOf(profile),
      ARBEES_LOG_LEVEL: 'info',
      // The alarm and scaling metrics as EMF lines in the logs (src/services/emf-metrics.ts).
      ARBEES_EMF_METRICS: '1',
      ARBEES_DRAIN_TIMEOUT: '20',
      ARBEES_VENUES: 'kalshi,polymarket',
      ARBEES_LEAGUES: 'nfl,nba',
      KALSHI_ENV: 'prod',
      PAPER_TRADING: live ? '0' : '1',
      LIVE_TRADING_ACK: live && props.liveTradingAck ? 'true' : 'false',
    };
  }

  private taskDefinition(props: ComputeStackProps, id: string, cpu: number, memoryMiB: number) {
    return new ecs.FargateTaskDefinition(this, id, {
      cpu,
      memoryLimitMiB: memoryMiB,
      runtimePlatform: {
        cpuArchitecture:
          props.profile.architecture === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
  }

  private createService(props: ComputeStackProps, task: TaskSpec): ecs.FargateService {
    const taskDefinition = this.taskDefinition(props, `${task.id}Task`, task.cpu, task.memoryMiB);
    grantSecrets(taskDefinition, props.secrets);
    for (const service of task.services) {
      addArbeesContainer(taskDefinition, {
        service,
        port: servicePort(task, service),
        image: props.image,
        logGroup: this.logGroup,
        endpoints: props.endpoints,
        secrets: props.secrets,
        settings: this.settings(props),
      });
    }
    const service = new ecs.FargateService(this, `${task.id}Service`, {
      cluster: this.cluster,
      serviceName: `arbees-${task.id}`,
      taskDefinition,
      desiredCount: task.desiredCount,
      securityGroups: [props.taskSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      circuitBreaker: { enable: true, rollback: true },
      // ECS Exec: SSM port forwarding to the cockpit where there is no ALB (docs/aws.md).
      enableExecuteCommand: true,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      capacityProviderStrategies: task.spot
        ? [
            { capacityProvider: 'FARGATE', base: 1, weight: 1 },
            { capacityProvider: 'FARGATE_SPOT', weight: 2 },
          ]
        : [{ capacityProvider: 'FARGATE', weight: 1 }],
    });
    if (task.scaling) this.scaleShards(service, taskDefinition, task);
    if (task.services.includes('api') && props.apiTargetGroup && props.apiLoadBalancerSecurityGroup) {
      const port = servicePort(task, 'api');
      props.taskSecurityGroup.connections.allowFrom(
        props.apiLoadBalancerSecurityGroup,
        ec2.Port.tcp(port),
        'the ALB to the api',
      );
      const cfnService = service.node.defaultChild as ecs.CfnService;
      // The ALB's checks wait while the services start (migrations, bus groups).
      cfnService.healthCheckGracePeriodSeconds = 120;
      cfnService.loadBalancers = [
        { targetGroupArn: props.apiTargetGroup.targetGroupArn, containerName: 'api', containerPort: port },
      ];
    }
    suppress(taskDefinition, [
      { id: 'AwsSolutions-ECS2', reason: PLAIN_SETTINGS_ONLY },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'ECS Exec (ssmmessages) and the ECR auth token take Resource * only',
      },
    ]);
    return service;
  }

  /** The region as cdk-nag prints it in a finding's id. */
  private nagRegion(): string {
    return Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
  }

  private clusterLogicalId(): string {
    return this.resolve(this.getLogicalId(this.cluster.node.defaultChild as ecs.CfnCluster)) as string;
  }

  private scaleShards(service: ecs.FargateService, taskDefinition: ecs.TaskDefinition, task: TaskSpec): void {
    const scaling = task.scaling!;
    const capacity = service.autoScaleTaskCount({ minCapacity: scaling.min, maxCapacity: scaling.max });
    capacity.scaleToTrackCustomMetric('GamesPerShard', {
      metric: new cloudwatch.Metric({
        ...GAMES_PER_SHARD,
        dimensionsMap: { Service: 'game-shard' },
        statistic: cloudwatch.Stats.AVERAGE,
        period: Duration.minutes(1),
      }),
      targetValue: scaling.gamesPerShardTarget,
    });
    // A shard holding game leases sets its own scale-in protection through the ECS agent endpoint.
    taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ['ecs:UpdateTaskProtection', 'ecs:GetTaskProtection'],
        resources: [
          `arn:${this.partition}:ecs:${this.region}:${this.account}:task/${this.cluster.clusterName}/*`,
        ],
      }),
    );
    suppress(taskDefinition, [
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:${this.nagRegion()}:<AWS::AccountId>:task/<${this.clusterLogicalId()}>/*]`,
        reason: 'A shard protects its own task, whose id is known only at run time: any task of this cluster',
      },
    ]);
  }

  private createJobTaskDefinition(props: ComputeStackProps, job: JobSpec): ecs.FargateTaskDefinition {
    const taskDefinition = this.taskDefinition(props, `${job.id}Job`, 256, 512);
    grantSecrets(taskDefinition, props.secrets);
    taskDefinition.addContainer('job', {
      ...arbeesContainerOptions({
        command: job.command({ runId: runIdOf(props.profile), mode: props.profile.arbeesMode }),
        image: props.image,
        logGroup: this.logGroup,
        streamPrefix: `job-${job.id}`,
        endpoints: props.endpoints,
        secrets: props.secrets,
        environment: this.settings(props),
      }),
    });
    suppress(taskDefinition, [
      { id: 'AwsSolutions-ECS2', reason: PLAIN_SETTINGS_ONLY },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'The ECR auth token (ecr:GetAuthorizationToken) takes Resource * only',
      },
      // The EventBridge role that runs the job is made in the task definition's scope.
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:${this.nagRegion()}:*:task/<${this.clusterLogicalId()}>/*]`,
        reason:
          'EventBridge may tag and watch the job tasks it starts in this cluster, ids unknown until run',
      },
    ]);
    return taskDefinition;
  }
}
