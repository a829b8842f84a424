/**
 * `arbees cost --profile paper|live|seeds [--region …] [--json]`: the monthly AWS bill of a
 * deployment profile before deploying it (docs/aws.md, Cost). The estimator prices the CDK app's
 * synthesized templates, so it needs the checkout's deploy tools (deploy/aws and the dev
 * dependency aws-cdk-lib), which the production image leaves out; it runs in a child process
 * through tsx, the same as `npm run aws:cost`, whether this CLI runs compiled or from source.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';

export interface CostFlags {
  readonly profile: string;
  readonly region?: string;
  readonly json?: boolean;
  readonly gatewayRegion?: string;
}

/** The checkout's root: the nearest directory above this file holding package.json. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The estimator's entry point under `root`, or why it cannot run there. */
export function costEstimatorAt(root: string): { entry: string; runner: string } | { missing: string } {
  const entry = join(root, 'deploy', 'aws', 'cost', 'main.ts');
  const runner = join(root, 'bin', 'run-ts.js');
  const fix =
    'run it from a checkout of the repository after `npm ci` (dev dependencies included), e.g. `npx arbees cost --profile paper`; the production image leaves the deploy tools out';
  if (!existsSync(entry) || !existsSync(runner))
    return { missing: `arbees cost prices the CDK app in deploy/aws, which is not here (${entry}): ${fix}` };
  try {
    createRequire(join(root, 'package.json')).resolve('aws-cdk-lib');
  } catch {
    return { missing: `arbees cost needs aws-cdk-lib, a dev dependency that is not installed: ${fix}` };
  }
  return { entry, runner };
}

export function costCommand(flags: CostFlags, root = repositoryRoot()): Promise<number> {
  const estimator = costEstimatorAt(root);
  if ('missing' in estimator) throw new UserError(estimator.missing);
  const args = [
    estimator.runner,
    estimator.entry,
    '--profile',
    flags.profile,
    ...(flags.region ? ['--region', flags.region] : []),
    ...(flags.gatewayRegion ? ['--gateway-region', flags.gatewayRegion] : []),
    ...(flags.json ? ['--json'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
