/**
 * GitHub Actions' way into the account, with no long-lived keys: the OIDC provider for
 * token.actions.githubusercontent.com and one role per deploy workflow (AWS_PAPER_ROLE_ARN,
 * AWS_LIVE_ROLE_ARN). Each role trusts only this repository's jobs in one GitHub environment
 * (`paper` or `live`: the workflows' jobs name one, and GitHub then puts it in the token's `sub`),
 * so a fork, another branch's job without the environment, or another repository cannot assume
 * it. A role may assume the CDK bootstrap roles (which deploy), push and read images in its
 * profile's repository, and read what the live workflow's paper check reads.
 *
 * Deployed once per account, apart from the profiles:
 * `npx cdk deploy Arbees-github-oidc -c githubRepository=owner/name [-c githubOidcProviderArn=…]`.
 */
import { Duration, aws_iam as iam, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { suppress } from './nag.js';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_STACK = 'Arbees-github-oidc';
/** The CDK bootstrap's default qualifier (cdk bootstrap without --qualifier). */
const CDK_QUALIFIER = 'hnb659fds';

export interface GithubOidcStackProps extends StackProps {
  /** `owner/name` of the repository whose workflows deploy. */
  readonly repository: string;
  /** The account's provider for token.actions.githubusercontent.com, when one exists already (one per URL). */
  readonly existingProviderArn?: string;
}

/** The deploy roles, by the GitHub environment their jobs run in. */
export const DEPLOY_ROLES = [
  { environment: 'paper', profile: 'paper', variable: 'AWS_PAPER_ROLE_ARN' },
  { environment: 'live', profile: 'live', variable: 'AWS_LIVE_ROLE_ARN' },
] as const;

export function checkRepository(repository: string): string {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    throw new Error(
      `githubRepository "${repository}": expected owner/name, e.g. -c githubRepository=acme/arbees`,
    );
  return repository;
}

export class GithubOidcStack extends Stack {
  readonly roles: ReadonlyMap<string, iam.Role>;

  constructor(scope: Construct, id: string, props: GithubOidcStackProps) {
    super(scope, id, props);
    const repository = checkRepository(props.repository);
    const providerArn =
      props.existingProviderArn ??
      new iam.OidcProviderNative(this, 'GithubProvider', {
        url: GITHUB_OIDC_URL,
        clientIds: ['sts.amazonaws.com'],
      }).oidcProviderArn;
    const roles = new Map<string, iam.Role>();
    for (const { environment, profile } of DEPLOY_ROLES) {
      const role = new iam.Role(this, `${environment}DeployRole`, {
        roleName: `arbees-github-${environment}`,
        description: `GitHub Actions of ${repository}, jobs in its "${environment}" environment: deploy the ${profile} profile`,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.WebIdentityPrincipal(providerArn, {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_OIDC_HOST}:sub`]: `repo:${repository}:environment:${environment}`,
          },
        }),
      });
      this.grantDeploy(role, profile);
      roles.set(environment, role);
    }
    this.roles = roles;
  }

  private grantDeploy(role: iam.Role, profile: string): void {
    const arn = (service: string, resource: string, region = this.region) =>
      `arn:${this.partition}:${service}:${region}:${this.account}:${resource}`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CdkBootstrapRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [`arn:${this.partition}:iam::${this.account}:role/cdk-${CDK_QUALIFIER}-*`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EcrPushPull',
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:DescribeImages',
          'ecr:GetDownloadUrlForLayer',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        resources: [arn('ecr', `repository/arbees-${profile}`)],
      }),
    );
    // `aws ecs wait services-stable` (both workflows) and the live workflow's paper check.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EcsRead',
        actions: ['ecs:DescribeServices'],
        resources: [arn('ecs', `service/arbees-${profile}/*`)],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EcsTaskDefinitions',
        actions: ['ecs:DescribeTaskDefinition'],
        resources: ['*'],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Alarms',
        actions: ['cloudwatch:DescribeAlarms'],
        resources: [arn('cloudwatch', `alarm:Arbees-${profile}*`)],
      }),
    );
    suppress(role, [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'ecr:GetAuthorizationToken and ecs:DescribeTaskDefinition take Resource * only',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-${CDK_QUALIFIER}-*]`,
        reason:
          'The CDK bootstrap roles (deploy, file and image publishing, lookup) of this account, any region',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:${this.nagRegion()}:<AWS::AccountId>:service/arbees-${profile}/*]`,
        reason: "The profile cluster's services, which the workflows wait on and check",
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch:${this.nagRegion()}:<AWS::AccountId>:alarm:Arbees-${profile}*]`,
        reason: "The profile's alarms, which the live workflow checks are quiet on paper",
      },
    ]);
  }

  private nagRegion(): string {
    return this.region.startsWith('${Token') ? '<AWS::Region>' : this.region;
  }
}
