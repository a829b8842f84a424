/**
 * The GitHub OIDC stack: the provider for token.actions.githubusercontent.com (or the account's
 * existing one), and one deploy role per workflow environment whose trust takes only this
 * repository's jobs in that environment, audience STS; each role's rights are the CDK bootstrap
 * roles, its profile's ECR repository, and the reads the workflows make. cdk-nag passes, and the
 * workflows name the environments and role variables the roles are made for.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEPLOY_ROLES, GITHUB_OIDC_STACK, GithubOidcStack } from '../../deploy/aws/github-oidc-stack.js';

const outdirs: string[] = [];
function synth(props: { repository: string; existingProviderArn?: string }): Template {
  const outdir = mkdtempSync(join(tmpdir(), 'arbees-oidc-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
  const stack = new GithubOidcStack(app, GITHUB_OIDC_STACK, { env: { region: 'us-east-1' }, ...props });
  app.synth(); // throws on an unacknowledged cdk-nag error
  return Template.fromStack(stack);
}

interface Role {
  Properties: {
    RoleName: string;
    AssumeRolePolicyDocument: {
      Statement: { Action: string; Condition: Record<string, Record<string, string>>; Principal: unknown }[];
    };
  };
}

describe('deploy/aws GitHub OIDC roles', () => {
  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });
  const template = synth({ repository: 'acme/arbees' });

  it('creates the provider for GitHub with the STS audience', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it('trusts each role to this repository in one environment only', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as Role[];
    expect(roles.map((r) => r.Properties.RoleName).sort()).toEqual([
      'arbees-github-live',
      'arbees-github-paper',
    ]);
    for (const { environment } of DEPLOY_ROLES) {
      const role = roles.find((r) => r.Properties.RoleName === `arbees-github-${environment}`)!;
      const [statement, ...more] = role.Properties.AssumeRolePolicyDocument.Statement;
      expect(more).toEqual([]);
      expect(statement!.Action).toBe('sts:AssumeRoleWithWebIdentity');
      // StringEquals (no wildcard): another repository, a fork or a job outside the environment does not match.
      expect(statement!.Condition).toEqual({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:acme/arbees:environment:${environment}`,
        },
      });
    }
  });

  it("limits each role to the bootstrap roles, its profile's repository, and the workflows' reads", () => {
    for (const { profile } of DEPLOY_ROLES) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [Match.objectLike({ Ref: Match.stringLikeRegexp(`^${profile}DeployRole`) })],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'CdkBootstrapRoles', Action: ['sts:AssumeRole', 'sts:TagSession'] }),
            Match.objectLike({
              Sid: 'EcrPushPull',
              Resource: { 'Fn::Join': ['', Match.arrayWith([`:repository/arbees-${profile}`])] },
            }),
          ]),
        },
      });
    }
    const actions = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(actions).not.toMatch(/"\*"\s*,?\s*"Effect"|"Action":"\*"|iam:\*|"ecr:\*"/);
  });

  it("uses the account's provider when one exists (one per URL)", () => {
    const reused = synth({
      repository: 'acme/arbees',
      existingProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });
    reused.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(JSON.stringify(reused.findResources('AWS::IAM::Role'))).toContain(
      'oidc-provider/token.actions.githubusercontent.com',
    );
  });

  it('refuses a repository that is not owner/name', () => {
    expect(() => synth({ repository: 'arbees' })).toThrow(/githubRepository "arbees": expected owner\/name/);
  });

  it('matches the workflows: each deploy job runs in the environment its role trusts', () => {
    for (const [file, variable, environment] of [
      ['deploy-paper.yml', 'AWS_PAPER_ROLE_ARN', 'paper'],
      ['deploy-live.yml', 'AWS_LIVE_ROLE_ARN', 'live'],
      ['deploy-live.yml', 'AWS_PAPER_ROLE_ARN', 'paper'],
    ] as const) {
      const workflow = parse(readFileSync(join('.github/workflows', file), 'utf8')) as {
        jobs: Record<string, { environment?: string; steps: { with?: Record<string, string> }[] }>;
      };
      const jobs = Object.values(workflow.jobs).filter((job) =>
        job.steps.some((step) => step.with?.['role-to-assume'] === `\${{ vars.${variable} }}`),
      );
      expect(jobs.length, `${file} ${variable}`).toBeGreaterThan(0);
      for (const job of jobs) expect(job.environment, `${file} ${variable}`).toBe(environment);
      expect(DEPLOY_ROLES.find((r) => r.variable === variable)?.environment).toBe(environment);
    }
  });
});
