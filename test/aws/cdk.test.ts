/**
 * The CDK app (deploy/aws), synthesized in-process for every profile with no AWS credentials and
 * no lookups: cdk-nag's AwsSolutions checks pass with every acknowledgment reasoned, and the
 * templates hold what the issue requires (isolated and encrypted data, ARM64, /readyz health
 * checks, secrets from Secrets Manager only, log retention, shard scaling with scale-in
 * protection, alarms with SNS actions, the edge where the profile has one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, aws_ec2 as ec2, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArbees } from '../../deploy/aws/arbees-app.js';
import { RDS_CA_BUNDLE_PATH } from '../../deploy/aws/container.js';
import { JOBS, PROFILE_NAMES, PROFILES, type ProfileName } from '../../deploy/aws/profiles.js';
import { containersOf, resourcesOf } from './resources.js';
import { type Synthesized, synthProfile } from './synth.js';

const SECRET_LIKE = /KEY|SECRET|PASSWORD|TOKEN|PRIVATE/i;
/** The variables that name a secret for the app's loader (src/config/secrets.ts). */
const SECRET_REFERENCE = /^(?:[A-Z_]+_SECRET_ID|ARBEES_SECRETS_ID)$/;

function acknowledgments(root: IConstruct): { id: string; reason: string }[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })),
        ),
    );
}

describe.each(PROFILE_NAMES)('deploy/aws profile %s', (name: ProfileName) => {
  const profile = PROFILES[name];
  let s: Synthesized;
  beforeAll(() => {
    // app.synth() throws ValidationFailed on any cdk-nag error not acknowledged.
    s = synthProfile(name);
  });

  it('synthesizes every stack with no lookup and passes cdk-nag with a reason for each acknowledgment', () => {
    const expected = [
      'network',
      'registry',
      'data',
      'compute',
      'monitoring',
      'jobs',
      ...(profile.edge ? ['edge'] : []),
    ];
    expect(s.stackNames.sort()).toEqual(expected.map((p) => `Arbees-${name}-${p}`).sort());
    expect(s.assembly.manifest.missing ?? []).toEqual([]);
    const acks = acknowledgments(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThanOrEqual(10);
  });

  it('keeps the database and the cache in the isolated subnets, encrypted, private', () => {
    const data = s.template('data');
    const isolatedOnly = Match.arrayEquals([
      { 'Fn::ImportValue': Match.stringLikeRegexp('VpcdataSubnet1') },
      { 'Fn::ImportValue': Match.stringLikeRegexp('VpcdataSubnet2') },
    ]);
    data.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: isolatedOnly });
    data.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: isolatedOnly });
    data.hasResourceProperties('AWS::RDS::DBInstance', {
      StorageEncrypted: true,
      PubliclyAccessible: false,
      MultiAZ: profile.database.multiAz,
      DeletionProtection: profile.database.deletionProtection,
      BackupRetentionPeriod: profile.database.backupRetentionDays,
      DBInstanceClass: `db.${profile.database.instanceClass}`,
      Engine: 'postgres',
    });
    data.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({
        'rds.force_ssl': '1',
        shared_preload_libraries: Match.stringLikeRegexp('pg_cron'),
      }),
    });
    data.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: profile.cache.engine,
      CacheNodeType: profile.cache.nodeType,
      NumCacheClusters: 1 + profile.cache.replicas,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
    });
    // A dynamic reference resolved by CloudFormation at deploy time: never the value itself.
    const cache = resourcesOf(s.json('data'), 'AWS::ElastiCache::ReplicationGroup')[0];
    expect(JSON.stringify(cache?.Properties?.AuthToken)).toContain('{{resolve:secretsmanager:');
    // Only the tasks' group may reach the database and the cache.
    for (const rule of resourcesOf(s.json('data'), 'AWS::EC2::SecurityGroupIngress')) {
      expect(rule.Properties?.CidrIp).toBeUndefined();
      expect(rule.Properties?.SourceSecurityGroupId).toBeDefined();
    }
    const policy = profile.database.deletionProtection ? 'Retain' : 'Snapshot';
    expect(resourcesOf(s.json('data'), 'AWS::RDS::DBInstance')[0]?.DeletionPolicy).toBe(policy);
  });

  it('runs every Arbees service on Fargate with the profile architecture, /readyz checks and logs', () => {
    const compute = s.template('compute');
    const arch = profile.architecture === 'arm64' ? 'ARM64' : 'X86_64';
    compute.allResourcesProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: arch, OperatingSystemFamily: 'LINUX' },
    });
    compute.resourceCountIs('AWS::ECS::Service', profile.tasks.length);
    const services = containersOf(s.json('compute')).filter((c) => c.Name !== 'job');
    expect(services.map((c) => c.Name).sort()).toEqual(profile.tasks.flatMap((t) => t.services).sort());
    for (const container of services) {
      expect(container.HealthCheck?.Command.join(' '), container.Name).toMatch(
        /http:\/\/127\.0\.0\.1:\d+\/readyz/,
      );
      expect(container.Command).toEqual(['service', container.Name]);
    }
    compute.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: profile.logRetentionDays });
    compute.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      EnableExecuteCommand: true,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });

  it('names every secret by ARN for the app to read, with no secret value or ECS secret in a container', () => {
    const compute = s.json('compute');
    const secretExports = new Set<string>();
    for (const container of containersOf(compute)) {
      expect(container.Secrets ?? [], container.Name).toEqual([]);
      const env = new Map((container.Environment ?? []).map((e) => [e.Name, e.Value]));
      for (const [variable, value] of env) {
        if (SECRET_REFERENCE.test(variable)) {
          // An ARN exported by the data stack, never a literal.
          const imported = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
          expect(imported, `${container.Name} ${variable}`).toMatch(/^Arbees-[a-z]+-data:ExportsOutputRef/);
          secretExports.add(imported!);
        } else {
          expect(variable, `${container.Name} environment`).not.toMatch(SECRET_LIKE);
        }
      }
      expect([...env.keys()]).toEqual(
        expect.arrayContaining(['DATABASE_URL_SECRET_ID', 'REDIS_URL_SECRET_ID', 'ARBEES_SECRETS_ID']),
      );
      // The URLs carry no credentials, and the database's TLS is verified against the RDS CA bundle.
      const database = JSON.stringify(env.get('DATABASE_URL'));
      expect(database).not.toContain('@');
      expect(database).toContain(`sslmode=verify-full&sslrootcert=${RDS_CA_BUNDLE_PATH}`);
      expect(JSON.stringify(env.get('REDIS_URL'))).toMatch(/^"?\{"Fn::Join":\["",\["rediss:\/\/",[^@]*$/);
      expect(container.LogConfiguration?.LogDriver).toBe('awslogs');
    }
    expect(secretExports.size).toBe(3);
    // Each task role may read exactly those secrets.
    const reads = resourcesOf(compute, 'AWS::IAM::Policy').flatMap((p) =>
      (
        (p.Properties?.PolicyDocument ?? { Statement: [] }) as {
          Statement: { Action: unknown; Resource: unknown }[];
        }
      ).Statement.filter((st) => JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue')),
    );
    expect(
      new Set(reads.map((st) => (st.Resource as { 'Fn::ImportValue': string })['Fn::ImportValue'])),
    ).toEqual(secretExports);
    expect(reads).toHaveLength(3 * (profile.tasks.length + JOBS.length));
  });

  it('scales the game shards on games per shard and lets a shard protect itself from scale-in', () => {
    const compute = s.template('compute');
    const shard = profile.tasks.find((t) => t.id === 'game-shard')!;
    compute.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: shard.scaling!.min,
      MaxCapacity: shard.scaling!.max,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    compute.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: shard.scaling!.gamesPerShardTarget,
        CustomizedMetricSpecification: Match.objectLike({
          Namespace: 'Arbees',
          MetricName: 'arbees_game_leases_held',
        }),
      }),
    });
    compute.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ecs:UpdateTaskProtection', 'ecs:GetTaskProtection'],
            Effect: 'Allow',
          }),
        ]),
      },
    });
    const spot = Match.arrayWith([Match.objectLike({ CapacityProvider: 'FARGATE_SPOT' })]);
    const strategies = resourcesOf(s.json('compute'), 'AWS::ECS::Service').map((r) =>
      JSON.stringify(r.Properties?.CapacityProviderStrategy),
    );
    expect(strategies.some((x) => x.includes('FARGATE_SPOT'))).toBe(shard.spot);
    if (shard.spot) compute.hasResourceProperties('AWS::ECS::Service', { CapacityProviderStrategy: spot });
  });

  it('raises alarms on services, data and trading metrics, each with an SNS action', () => {
    const monitoring = s.json('monitoring');
    const alarms = resourcesOf(monitoring, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBe(profile.tasks.length * 2 + 3 + 4);
    for (const alarm of alarms) {
      expect(JSON.stringify(alarm.Properties?.AlarmActions)).toMatch(/Alerts/);
    }
    const metricNames = new Set(alarms.map((a) => a.Properties?.MetricName));
    for (const metric of [
      'CPUUtilization',
      'FreeStorageSpace',
      'DatabaseMemoryUsagePercentage',
      'arbees_trading_state',
      'arbees_gateway_connected',
      'arbees_reconciliation_discrepancies_total',
    ]) {
      expect(metricNames, metric).toContain(metric);
    }
    expect(metricNames.has('RunningTaskCount')).toBe(profile.containerInsights);
    for (const alarm of alarms.filter((a) => a.Properties?.Namespace === 'Arbees')) {
      expect(alarm.Properties?.Dimensions).toEqual([{ Name: 'RunId', Value: `aws-${name}` }]);
    }
    s.template('monitoring').resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    s.template('monitoring').hasResourceProperties('AWS::SNS::TopicPolicy', Match.anyValue());
  });

  it('routes egress through one NAT with a stable IP and keeps the free S3 endpoint', () => {
    const network = s.template('network');
    network.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    if (profile.nat.kind === 'gateway') {
      network.resourceCountIs('AWS::EC2::NatGateway', profile.nat.count);
      network.resourceCountIs('AWS::EC2::Instance', 0);
    } else {
      network.resourceCountIs('AWS::EC2::NatGateway', 0);
      network.hasResourceProperties('AWS::EC2::Instance', { InstanceType: profile.nat.instanceType });
      network.resourceCountIs('AWS::EC2::EIPAssociation', 1);
      // The tasks' traffic must be let in to be forwarded.
      network.hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.40.0.0/16', IpProtocol: '-1' })],
      });
    }
    network.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  it('serves the cockpit through an HTTPS ALB checked on /readyz where the profile has an edge', () => {
    if (!profile.edge) {
      expect(s.has('edge')).toBe(false);
      return;
    }
    const edge = s.template('edge');
    edge.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:') }],
    });
    edge.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/readyz',
      TargetType: 'ip',
    });
    s.template('compute').hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [Match.objectLike({ ContainerName: 'api' })],
      HealthCheckGracePeriodSeconds: 120,
    });
  });

  it('schedules the nightly report and the data jobs, and keeps one image repository', () => {
    const jobs = s.template('jobs');
    jobs.resourceCountIs('AWS::Events::Rule', 2);
    jobs.allResourcesProperties('AWS::Events::Rule', {
      ScheduleExpression: Match.stringLikeRegexp('^cron\\('),
      Targets: [Match.objectLike({ EcsParameters: Match.objectLike({ LaunchType: 'FARGATE' }) })],
    });
    s.template('registry').hasResourceProperties('AWS::ECR::Repository', { ImageTagMutability: 'IMMUTABLE' });
  });
});

describe('deploy/aws settings', () => {
  it('runs live with trading unacknowledged unless the deploy says otherwise', () => {
    const env = (s: Synthesized) =>
      containersOf(s.json('compute'))
        .flatMap((c) => c.Environment ?? [])
        .filter((e) => e.Name === 'LIVE_TRADING_ACK');
    const live = synthProfile('live', { nag: false });
    expect(new Set(env(live).map((e) => e.Value))).toEqual(new Set(['false']));
    const acked = synthProfile('live', { nag: false, liveTradingAck: true });
    expect(new Set(env(acked).map((e) => e.Value))).toEqual(new Set(['true']));
  });

  it('refuses a profile with an edge and no certificate, naming the context key', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'arbees-cert-'));
    try {
      expect(() => buildArbees(new App({ outdir }), { profile: PROFILES.live })).toThrow(/certificateArn/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('fails synth on a cdk-nag error nobody acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'arbees-nag-'));
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Open', { env: { region: 'us-east-1' } });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-EC23/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
