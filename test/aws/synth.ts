/** Synthesizes a profile's app in-process (no credentials, no network) for the AWS tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type cx_api } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type ArbeesDeploymentOptions, buildArbees } from '../../deploy/aws/arbees-app.js';
import { type ProfileName, profileByName } from '../../deploy/aws/profiles.js';

export const TEST_CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

export const STACK_PARTS = ['network', 'registry', 'data', 'edge', 'compute', 'monitoring', 'jobs'] as const;
export type StackPart = (typeof STACK_PARTS)[number];

export interface Synthesized {
  readonly app: App;
  readonly assembly: cx_api.CloudAssembly;
  readonly stackNames: string[];
  readonly template: (part: StackPart) => Template;
  readonly json: (part: StackPart) => Record<string, unknown>;
  readonly has: (part: StackPart) => boolean;
}

export function synthProfile(
  name: ProfileName,
  options: Partial<Omit<ArbeesDeploymentOptions, 'profile'>> = {},
): Synthesized {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'arbees-cdk-')) });
  buildArbees(app, {
    profile: profileByName(name),
    imageTag: 'test',
    certificateArn: TEST_CERTIFICATE,
    ...options,
  });
  const assembly = app.synth();
  const stackName = (part: StackPart) => `Arbees-${name}-${part}`;
  const has = (part: StackPart) => assembly.stacks.some((s) => s.stackName === stackName(part));
  const json = (part: StackPart) =>
    assembly.getStackByName(stackName(part)).template as Record<string, unknown>;
  return {
    app,
    assembly,
    stackNames: assembly.stacks.map((s) => s.stackName),
    has,
    json,
    template: (part) => Template.fromJSON(json(part)),
  };
}
