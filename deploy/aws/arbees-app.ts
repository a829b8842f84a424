/**
 * The Arbees deployment for one profile: its stacks and their wiring. The region is given, the
 * account is not (two AZs as tokens) and nothing is looked up: `cdk synth` needs no credentials
 * and no network. (ALB access logs need the region at synth.)
 */
import { fileURLToPath } from 'node:url';
import {
  type App,
  aws_ecr_assets as assets,
  aws_ecs as ecs,
  IgnoreMode,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { ComputeStack } from './compute-stack.js';
import { DataStack } from './data-stack.js';
import { EdgeStack } from './edge-stack.js';
import {
  GATEWAY_CIDR,
  GatewayLinkStack,
  gatewayNetwork,
  type VenueGatewayOptions,
  VenueGatewayStack,
  withoutGateway,
} from './gateway-stacks.js';
import { JobsStack } from './jobs-stack.js';
import { MonitoringStack } from './monitoring-stack.js';
import { NetworkStack, VPC_CIDR } from './network-stack.js';
import type { Profile } from './profiles.js';
import { RegistryStack } from './registry-stack.js';

export interface ArbeesDeploymentOptions {
  readonly profile: Profile;
  /** The region (default us-east-1). The account stays unresolved: no lookups, no credentials. */
  readonly region?: string;
  /** An image tag already pushed to the registry (CI); without it, the CDK builds deploy/Dockerfile. */
  readonly imageTag?: string;
  /** The ACM certificate of the cockpit's domain; required by a profile with an edge. */
  readonly certificateArn?: string;
  readonly alertEmail?: string;
  /** Live only: lets the live services trade (LIVE_TRADING_ACK). */
  readonly liveTradingAck?: boolean;
  /** cdk-nag's AwsSolutions checks on every stack (default on). */
  readonly nag?: boolean;
  /** One venue's market-data gateway in another region, peered with the main VPC (gateway-stacks.ts). */
  readonly gateway?: VenueGatewayOptions;
}

export interface ArbeesDeployment {
  readonly network: NetworkStack;
  readonly registry: RegistryStack;
  readonly data: DataStack;
  readonly edge?: EdgeStack;
  readonly compute: ComputeStack;
  readonly monitoring: MonitoringStack;
  readonly jobs: JobsStack;
  readonly gateway?: { network: NetworkStack; link: GatewayLinkStack; service: VenueGatewayStack };
}

export const DEFAULT_REGION = 'us-east-1';
const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function buildArbees(app: App, options: ArbeesDeploymentOptions): ArbeesDeployment {
  const profile = options.gateway ? withoutGateway(options.profile, options.gateway.venue) : options.profile;
  const region = options.region ?? DEFAULT_REGION;
  if (options.gateway?.region === region)
    throw new Error(`gatewayRegion ${region} is the main region: a venue gateway goes in another one`);
  if (profile.edge && !options.certificateArn) {
    throw new Error(
      `profile ${profile.name} has a public ALB: pass its ACM certificate with -c certificateArn=arn:aws:acm:...`,
    );
  }
  // Exports between stacks protect their producers (CDK's current default, stated explicitly).
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined)
    app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  const name = (part: string) => `Arbees-${profile.name}-${part}`;
  const common = {
    profile,
    description: `Arbees (${profile.name}): ${profile.description}`,
    env: { region },
  };
  const network = new NetworkStack(app, name('network'), common);
  const { vpc } = network;
  const registry = new RegistryStack(app, name('registry'), common);
  const data = new DataStack(app, name('data'), { ...common, vpc });
  const edge =
    profile.edge && options.certificateArn
      ? new EdgeStack(app, name('edge'), { ...common, vpc, certificateArn: options.certificateArn })
      : undefined;
  const endpoints = {
    databaseHost: data.database.dbInstanceEndpointAddress,
    databasePort: data.database.dbInstanceEndpointPort,
    cacheHost: data.cache.attrPrimaryEndPointAddress,
    cachePort: data.cache.attrPrimaryEndPointPort,
  };
  const secrets = {
    database: data.databaseSecret,
    cacheAuth: data.cacheAuthSecret,
    venues: data.venueSecret,
  };
  const compute = new ComputeStack(app, name('compute'), {
    ...common,
    vpc,
    image: containerImage(profile, registry, options.imageTag),
    taskSecurityGroup: data.clientSecurityGroup,
    endpoints,
    secrets,
    ...(edge
      ? { apiTargetGroup: edge.apiTargetGroup, apiLoadBalancerSecurityGroup: edge.securityGroup }
      : {}),
    liveTradingAck: options.liveTradingAck ?? false,
  });
  const monitoring = new MonitoringStack(app, name('monitoring'), {
    ...common,
    cluster: compute.cluster,
    services: compute.services,
    database: data.database,
    cache: data.cache,
    ...(options.alertEmail ? { alertEmail: options.alertEmail } : {}),
  });
  const jobs = new JobsStack(app, name('jobs'), {
    ...common,
    cluster: compute.cluster,
    taskDefinitions: compute.jobTaskDefinitions,
    taskSecurityGroup: data.clientSecurityGroup,
  });
  let gateway: ArbeesDeployment['gateway'];
  if (options.gateway) {
    const { region: gatewayRegion, venue } = options.gateway;
    const gatewayNet = gatewayNetwork(app, name('gateway-network'), profile, gatewayRegion);
    const link = new GatewayLinkStack(app, name('gateway-link'), {
      env: { region },
      description: `Arbees (${profile.name}): peering to the venue gateway in ${gatewayRegion}`,
      mainVpc: vpc,
      gatewayVpc: gatewayNet.vpc,
      gatewayRegion,
    });
    data.admitPeerNetwork(GATEWAY_CIDR, `the ${venue} gateway in ${gatewayRegion}`);
    const service = new VenueGatewayStack(app, name('gateway'), {
      env: { region: gatewayRegion },
      description: `Arbees (${profile.name}): the ${venue} market-data gateway in ${gatewayRegion}`,
      profile,
      venue,
      vpc: gatewayNet.vpc,
      image: containerImage(profile, registry, options.imageTag),
      peering: link.peering,
      mainCidr: VPC_CIDR,
      endpoints,
      secrets,
      settings: compute.plainSettings(),
    });
    gateway = { network: gatewayNet, link, service };
  }
  Tags.of(app).add('project', 'arbees');
  Tags.of(app).add('arbees:profile', profile.name);
  if (options.nag ?? true) Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app, { verbose: true }));
  return {
    network,
    registry,
    data,
    ...(edge ? { edge } : {}),
    compute,
    monitoring,
    jobs,
    ...(gateway ? { gateway } : {}),
  };
}

function containerImage(
  profile: Profile,
  registry: RegistryStack,
  imageTag: string | undefined,
): ecs.ContainerImage {
  if (imageTag) return ecs.ContainerImage.fromEcrRepository(registry.repository, imageTag);
  return ecs.ContainerImage.fromAsset(REPOSITORY_ROOT, {
    file: 'deploy/Dockerfile',
    // The cloud assembly may sit inside the repository (deploy/aws/cdk.out): never copy it into itself.
    exclude: ['**/cdk.out', 'node_modules', '.git'],
    ignoreMode: IgnoreMode.DOCKER,
    platform: profile.architecture === 'arm64' ? assets.Platform.LINUX_ARM64 : assets.Platform.LINUX_AMD64,
  });
}
