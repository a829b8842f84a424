/**
 * Edge (optional): a public ALB that terminates HTTPS for the cockpit/API with an ACM certificate
 * the operator owns, redirects HTTP to HTTPS and logs access to S3. The target group is the api
 * container's, checked on /readyz; compute attaches the service to it.
 */
import {
  aws_certificatemanager as acm,
  Duration,
  aws_ec2 as ec2,
  aws_elasticloadbalancingv2 as elbv2,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { suppress } from './nag.js';
import { type Profile, servicePort } from './profiles.js';

export interface EdgeStackProps extends StackProps {
  readonly profile: Profile;
  readonly vpc: ec2.IVpc;
  readonly certificateArn: string;
}

export class EdgeStack extends Stack {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  readonly apiTargetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { profile, vpc } = props;
    const apiTask = profile.tasks.find((t) => t.services.includes('api'));
    if (!apiTask) throw new Error(`profile ${profile.name} runs no api: nothing for the edge to serve`);
    this.securityGroup = new ec2.SecurityGroup(this, 'AlbSg', {
      vpc,
      description: 'Arbees ALB: HTTPS from the internet',
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    suppress(this.securityGroup, [
      { id: 'AwsSolutions-EC23', reason: 'A public HTTPS endpoint for the cockpit' },
    ]);

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      securityGroup: this.securityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
      deletionProtection: profile.arbeesMode === 'live',
    });
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(profile.logRetentionDays) }],
    });
    suppress(accessLogs, [{ id: 'AwsSolutions-S1', reason: 'This bucket holds access logs itself' }]);
    this.loadBalancer.logAccessLogs(accessLogs, 'alb');

    this.apiTargetGroup = new elbv2.ApplicationTargetGroup(this, 'Api', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: servicePort(apiTask, 'api'),
      healthCheck: { path: '/readyz', healthyHttpCodes: '200', interval: Duration.seconds(15) },
      deregistrationDelay: Duration.seconds(30),
    });
    this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.apiTargetGroup],
    });
    this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
  }
}
