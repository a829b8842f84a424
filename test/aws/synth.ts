/** Synthesizes a profile's app in-process (no credentials, no network) for the AWS tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type cx_api } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type ArbeesDeploymentOptions, buildArbees } from '../../deploy/aws/arbees-app.js';
import { type ProfileName, profileByName } from '../../deploy/aws/profiles.js';

export const TEST_CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

export const STACK_PARTS = [
  'network',
  'registry',
  'data',
  'edge',
  'compute',
  'monitoring',
  'jobs',
  'gateway-network',
  'gateway-link',
  'gateway',
] as const;
export type StackPart = (typeof STACK_PARTS)[number];

export interface Synthesized {
  readonly app: App;
  readonly assembly: cx_api.CloudAssembly;
  readonly stackNames: string[];
  readonly template: (part: StackPart) => Template;
  readonly json: (part: StackPart) => Record<string, unknown>;
  readonly has: (part: StackPart) => boolean;
  /** Removes the cloud assembly from disk; the templates stay readable (read at synth). */
  readonly cleanup: () => void;
}

export function synthProfile(
  name: ProfileName,
  options: Partial<Omit<ArbeesDeploymentOptions, 'profile'>> & { readonly keepAssembly?: boolean } = {},
): Synthesized {
  const { keepAssembly = false, ...deployment } = options;
  const outdir = mkdtempSync(join(tmpdir(), 'arbees-cdk-'));
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir });
  let assembly: cx_api.CloudAssembly;
  try {
    buildArbees(app, {
      profile: profileByName(name),
      imageTag: 'test',
      certificateArn: TEST_CERTIFICATE,
      ...deployment,
    });
    assembly = app.synth();
  } catch (error) {
    cleanup();
    throw error;
  }
  const templates = new Map(assembly.stacks.map((s) => [s.stackName, s.template as Record<string, unknown>]));
  if (!keepAssembly) cleanup();
  const stackName = (part: StackPart) => `Arbees-${name}-${part}`;
  const json = (part: StackPart) => {
    const template = templates.get(stackName(part));
    if (!template) throw new Error(`no stack ${stackName(part)} in profile ${name}`);
    return template;
  };
  return {
    app,
    assembly,
    stackNames: [...templates.keys()],
    has: (part) => templates.has(stackName(part)),
    json,
    template: (part) => Template.fromJSON(json(part)),
    cleanup,
  };
}
