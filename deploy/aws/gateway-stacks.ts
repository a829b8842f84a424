/**
 * The optional venue gateway in another region (`-c gatewayRegion=eu-central-1 -c gatewayVenue=polymarket`):
 * one venue's market-data gateway (`arbees service <venue>-gateway`) in a small VPC near the venue,
 * with its own NAT and Elastic IP for the venue's allow-list, peered with the main VPC so it reaches
 * the bus and the store. For latency only, where the trader may lawfully trade: it never changes
 * where orders come from (execution stays in the main region) and the geoblock check stays on.
 *
 * Three stacks: the gateway's network (its region), the peering and the main side's routes (the
 * main region), the gateway's service (its region). The values that cross regions (VPC id,
 * peering id, the cache's and database's endpoints, the secrets' ARNs) go through CDK's
 * cross-region references (SSM parameters written by a custom resource).
 */
import {
  Duration,
  aws_ec2 as ec2,
  aws_ecs as ecs,
  aws_logs as logs,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ServiceName } from '../../src/services/service.js';
import {
  arbeesContainerOptions,
  type ContainerEndpoints,
  type ContainerSecrets,
  grantSecrets,
} from './container.js';
import { suppress } from './nag.js';
import { NetworkStack } from './network-stack.js';
import { type Profile, runIdOf } from './profiles.js';

export const GATEWAY_VENUES = ['polymarket', 'kalshi'] as const;
export type GatewayVenue = (typeof GATEWAY_VENUES)[number];

export interface VenueGatewayOptions {
  readonly region: string;
  readonly venue: GatewayVenue;
}

/** The gateway VPC's range: apart from the main VPC's (10.40.0.0/16), as peering requires. */
export const GATEWAY_CIDR = '10.41.0.0/16';

export const gatewayServiceOf = (venue: GatewayVenue): ServiceName => `${venue}-gateway`;

/** The profile with the venue's gateway taken out of the main region's tasks (the remote one replaces it). */
export function withoutGateway(profile: Profile, venue: GatewayVenue): Profile {
  const service = gatewayServiceOf(venue);
  return {
    ...profile,
    tasks: profile.tasks
      .map((t) => ({ ...t, services: t.services.filter((s) => s !== service) }))
      // A task that ran only that gateway goes with it.
      .filter((t) => t.services.length > 0),
  };
}

export interface GatewayLinkStackProps extends StackProps {
  readonly mainVpc: ec2.IVpc;
  readonly gatewayVpc: ec2.IVpc;
  readonly gatewayRegion: string;
}

/** Main region: the peering to the gateway's VPC and the main subnets' routes to it. */
export class GatewayLinkStack extends Stack {
  readonly peering: ec2.CfnVPCPeeringConnection;

  constructor(scope: Construct, id: string, props: GatewayLinkStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    this.peering = new ec2.CfnVPCPeeringConnection(this, 'Peering', {
      vpcId: props.mainVpc.vpcId,
      peerVpcId: props.gatewayVpc.vpcId,
      peerRegion: props.gatewayRegion,
    });
    const subnets = [...props.mainVpc.privateSubnets, ...props.mainVpc.isolatedSubnets];
    subnets.forEach((subnet, index) => {
      new ec2.CfnRoute(this, `ToGateway${index}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: GATEWAY_CIDR,
        vpcPeeringConnectionId: this.peering.ref,
      });
    });
  }
}

export interface VenueGatewayStackProps extends StackProps {
  readonly profile: Profile;
  readonly venue: GatewayVenue;
  readonly vpc: ec2.IVpc;
  readonly image: ecs.ContainerImage;
  readonly peering: ec2.CfnVPCPeeringConnection;
  readonly mainCidr: string;
  readonly endpoints: ContainerEndpoints;
  readonly secrets: ContainerSecrets;
  readonly settings: Readonly<Record<string, string>>;
}

/** Gateway region: the routes back to the main VPC, a cluster and the gateway's one task. */
export class VenueGatewayStack extends Stack {
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: VenueGatewayStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    const { profile } = props;
    props.vpc.privateSubnets.forEach((subnet, index) => {
      new ec2.CfnRoute(this, `ToMain${index}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: props.mainCidr,
        vpcPeeringConnectionId: props.peering.ref,
      });
    });
    const cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `arbees-${profile.name}-gateway`,
      vpc: props.vpc,
      enableFargateCapacityProviders: true,
      containerInsightsV2: ecs.ContainerInsights.DISABLED,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/arbees/${profile.name}/gateway`,
      retention: profile.logRetentionDays,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'GatewayTask', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture:
          profile.architecture === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    grantSecrets(taskDefinition, props.secrets);
    const service = gatewayServiceOf(props.venue);
    taskDefinition.addContainer(service, {
      ...arbeesContainerOptions({
        command: ['service', service],
        image: props.image,
        logGroup,
        streamPrefix: service,
        endpoints: props.endpoints,
        secrets: props.secrets,
        environment: { ...props.settings, ARBEES_RUN_ID: runIdOf(profile), ARBEES_SERVICE_PORT: '8080' },
      }),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          "fetch('http://127.0.0.1:8080/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
        ],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
    });
    const securityGroup = new ec2.SecurityGroup(this, 'GatewayTasks', {
      vpc: props.vpc,
      description: `Arbees ${profile.name} venue gateway (egress only)`,
    });
    this.service = new ecs.FargateService(this, 'GatewayService', {
      cluster,
      serviceName: `arbees-${service}`,
      taskDefinition,
      desiredCount: 1,
      securityGroups: [securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
    });
    suppress(cluster, [
      { id: 'AwsSolutions-ECS4', reason: 'Container Insights off: billed metrics for one small task' },
    ]);
    suppress(taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason: 'Environment holds plain settings and secret ARNs only; the app reads each secret at start',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'The ECR auth token (ecr:GetAuthorizationToken) takes Resource * only',
      },
    ]);
  }
}

/** The gateway's network: the main network stack's shape in its own region and range. */
export function gatewayNetwork(scope: Construct, id: string, profile: Profile, region: string): NetworkStack {
  return new NetworkStack(scope, id, {
    profile,
    cidr: GATEWAY_CIDR,
    env: { region },
    description: `Arbees (${profile.name}): venue gateway network in ${region}`,
  });
}
