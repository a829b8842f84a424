/**
 * The optional venue gateway in another region: with `gateway` set, the app adds the gateway's
 * network (its own NAT and Elastic IP) in that region, the peering and the main side's routes,
 * and one Fargate task of the venue's gateway service reading its secrets by ARN; the main region
 * drops that gateway service, admits the peered range to the database and the cache, and nothing
 * touches the geoblock check. cdk-nag passes. The estimator prices it at the region's rates.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateProfile } from '../../deploy/aws/cost/report.js';
import { GATEWAY_CIDR, withoutGateway } from '../../deploy/aws/gateway-stacks.js';
import { VPC_CIDR } from '../../deploy/aws/network-stack.js';
import { PROFILES } from '../../deploy/aws/profiles.js';
import { containersOf, resourcesOf } from './resources.js';
import { type Synthesized, synthProfile } from './synth.js';

const GATEWAY = { region: 'eu-central-1', venue: 'polymarket' } as const;

describe('deploy/aws venue gateway in another region (paper)', () => {
  let s: Synthesized;
  beforeAll(() => {
    // cdk-nag on: synth throws on any unacknowledged error.
    s = synthProfile('paper', { gateway: GATEWAY });
  });

  it('adds three stacks, each in its region', () => {
    const regions = Object.fromEntries(s.assembly.stacks.map((st) => [st.stackName, st.environment.region]));
    expect(regions).toMatchObject({
      'Arbees-paper-gateway-network': 'eu-central-1',
      'Arbees-paper-gateway': 'eu-central-1',
      'Arbees-paper-gateway-link': 'us-east-1',
      'Arbees-paper-compute': 'us-east-1',
    });
    expect(synthProfile('paper', { nag: false }).stackNames.some((n) => n.includes('gateway'))).toBe(false);
  });

  it('gives the gateway its own VPC range, NAT and Elastic IP (a stable address for the venue)', () => {
    const net = s.template('gateway-network');
    net.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: GATEWAY_CIDR });
    net.resourceCountIs('AWS::EC2::EIP', 1);
    net.resourceCountIs('AWS::EC2::Instance', 1);
  });

  it('peers the two VPCs and routes each side to the other', () => {
    const link = s.template('gateway-link');
    link.hasResourceProperties('AWS::EC2::VPCPeeringConnection', { PeerRegion: 'eu-central-1' });
    link.allResourcesProperties('AWS::EC2::Route', { DestinationCidrBlock: GATEWAY_CIDR });
    // tasks and data subnets in both AZs
    link.resourceCountIs('AWS::EC2::Route', 4);
    s.template('gateway').allResourcesProperties('AWS::EC2::Route', { DestinationCidrBlock: VPC_CIDR });
    for (const port of [5432, 6379])
      s.template('data').hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: GATEWAY_CIDR, FromPort: port })]),
      });
  });

  it("runs the venue's gateway there, and not in the main region, with its secrets by ARN only", () => {
    const [gateway, ...others] = containersOf(s.json('gateway'));
    expect(others).toEqual([]);
    expect(gateway!.Command).toEqual(['service', 'polymarket-gateway']);
    expect(gateway!.Secrets ?? []).toEqual([]);
    const names = (gateway!.Environment ?? []).map((e) => e.Name);
    expect(names).toEqual(expect.arrayContaining(['REDIS_URL', 'REDIS_URL_SECRET_ID', 'ARBEES_SECRETS_ID']));
    // Nothing turns the geoblock check off or points it elsewhere, here or in the main region.
    const all = [...containersOf(s.json('compute')), gateway!];
    expect(all.flatMap((c) => (c.Environment ?? []).map((e) => e.Name))).not.toContain('ARBEES_GEOBLOCK_URL');
    const main = containersOf(s.json('compute')).map((c) => c.Name);
    expect(main).not.toContain('polymarket-gateway');
    expect(main).toContain('kalshi-gateway');
    const reads = resourcesOf(s.json('gateway'), 'AWS::IAM::Policy').filter((p) =>
      JSON.stringify(p.Properties).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads).toHaveLength(1);
    s.template('gateway').hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  it('is priced at the region rates, with the traffic between the regions', () => {
    const base = estimateProfile('paper');
    const withGateway = estimateProfile('paper', 'us-east-1', GATEWAY);
    const gatewayLines = withGateway.lines.filter((l) => l.item.startsWith('gateway eu-central-1:'));
    expect(gatewayLines.map((l) => l.class).sort()).toEqual(['cloudwatch', 'fargate', 'nat', 'public-ipv4']);
    const transfer = withGateway.lines.find((l) => l.class === 'transfer');
    expect(transfer?.monthlyMicros).toBe(200_000);
    const lever = withGateway.levers.find((l) => l.name === 'gateway');
    expect(lever?.monthlyMicros).toBe(withGateway.totalMicros - base.totalMicros);
    // One 0.25 vCPU / 0.5 GB ARM task at 1.10 × the us-east-1 rate, as the shard costs $7.21 there.
    expect(gatewayLines.find((l) => l.class === 'fargate')?.monthlyMicros).toBe(
      Math.round((7_208_750 * 110) / 100),
    );
  });
});

describe('deploy/aws venue gateway with the live profile', () => {
  it('passes cdk-nag and takes the profile NAT choice and Kalshi as the venue', () => {
    const live = synthProfile('live', { gateway: { region: 'eu-central-1', venue: 'kalshi' } });
    live.template('gateway-network').resourceCountIs('AWS::EC2::NatGateway', 1);
    expect(containersOf(live.json('gateway')).map((c) => c.Command)).toEqual([['service', 'kalshi-gateway']]);
    const main = containersOf(live.json('compute')).map((c) => c.Name);
    expect(main).not.toContain('kalshi-gateway');
    expect(main).toContain('polymarket-gateway');
  });
});

describe('withoutGateway', () => {
  it('drops the venue gateway from the main tasks, and a task left with no service', () => {
    const profile = {
      ...PROFILES.paper,
      tasks: [
        { ...PROFILES.paper.tasks[0]!, id: 'only-gateway', services: ['polymarket-gateway' as const] },
        ...PROFILES.paper.tasks,
      ],
    };
    const without = withoutGateway(profile, 'polymarket');
    expect(without.tasks.map((t) => t.id)).toEqual(PROFILES.paper.tasks.map((t) => t.id));
    expect(without.tasks.flatMap((t) => t.services)).not.toContain('polymarket-gateway');
    expect(without.tasks.flatMap((t) => t.services)).toContain('kalshi-gateway');
  });
});
