/**
 * Network: a VPC over two AZs with public subnets (NAT, ALB), private subnets with egress for
 * the tasks and isolated subnets for the data tier; one NAT with an Elastic IP so the venues see
 * one stable egress address; the free S3 gateway endpoint (ECR layers); flow logs of rejects.
 */
import { aws_ec2 as ec2, aws_logs as logs, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { suppress } from './nag.js';
import type { Profile } from './profiles.js';

export const VPC_CIDR = '10.40.0.0/16';

export interface NetworkStackProps extends StackProps {
  readonly profile: Profile;
  /** The VPC's range; default VPC_CIDR (a venue gateway's VPC takes another, to be peered). */
  readonly cidr?: string;
}

export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { profile } = props;
    const cidr = props.cidr ?? VPC_CIDR;
    const natInstance =
      profile.nat.kind === 'instance'
        ? ec2.NatProvider.instanceV2({
            instanceType: new ec2.InstanceType(profile.nat.instanceType),
            // An SSM parameter resolved at deploy time: no AMI lookup at synth.
            machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
            defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
          })
        : undefined;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: 2,
      natGateways: profile.nat.kind === 'gateway' ? profile.nat.count : 1,
      ...(natInstance ? { natGatewayProvider: natInstance } : {}),
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: { s3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      // The default security group allows all traffic between its members: closed.
      restrictDefaultSecurityGroup: true,
    });
    this.vpc.addFlowLog('RejectedFlows', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogs', { retention: profile.logRetentionDays }),
      ),
    });
    if (natInstance) {
      // OUTBOUND_ONLY opens nothing inbound: the tasks' traffic reaches the NAT from the VPC.
      natInstance.connections.allowFrom(
        // The literal, not the VPC's token: cdk-nag checks the rule's CIDR at synth.
        ec2.Peer.ipv4(cidr),
        ec2.Port.allTraffic(),
        'the VPC through the NAT',
      );
      this.addStableEgressIp(natInstance);
    }
  }

  /** A NAT instance's public IP changes with the instance; an Elastic IP stays for the venues' allow-lists. */
  private addStableEgressIp(nat: ec2.NatInstanceProviderV2): void {
    nat.gatewayInstances.forEach((instance, index) => {
      const eip = new ec2.CfnEIP(this, `NatEgressIp${index}`, { domain: 'vpc' });
      new ec2.CfnEIPAssociation(this, `NatEgressIpAssociation${index}`, {
        allocationId: eip.attrAllocationId,
        instanceId: instance.instanceId,
      });
      suppress(instance, [
        {
          id: 'AwsSolutions-EC28',
          reason: 'NAT instance: basic monitoring suffices; its alarm is on the tasks that use it',
        },
        {
          id: 'AwsSolutions-EC29',
          reason: 'NAT instance holds no state; replaced by redeploying the network stack',
        },
        { id: 'AwsSolutions-EC26', reason: 'NAT instance root volume holds only the AMI, no data' },
      ]);
    });
  }
}
