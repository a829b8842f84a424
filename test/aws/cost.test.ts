/**
 * The cost estimator: priced from the synthesized templates of each profile. Paper stays within
 * the issue's $60 goal, seeds lands within 10 % of the researched $181, every line is in integer
 * micro-dollars and the total is their sum; the CLI prints it and refuses bad input by name.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CfnTemplate, estimate, fargateTaskHour } from '../../deploy/aws/cost/estimate.js';
import { estimateProfile, PAPER_GOAL_MICROS, RESEARCHED_MICROS } from '../../deploy/aws/cost/report.js';
import { USAGE } from '../../deploy/aws/cost/usage.js';
import { PROFILE_NAMES, type ProfileName } from '../../deploy/aws/profiles.js';
import { costCommand, costEstimatorAt } from '../../src/cli/cost-command.js';
import { runArbees } from '../support/cli-run.js';

const reports = new Map<ProfileName, ReturnType<typeof estimateProfile>>();
const report = (name: ProfileName) => {
  if (!reports.has(name)) reports.set(name, estimateProfile(name));
  return reports.get(name)!;
};

describe('aws cost estimator on the profiles', () => {
  it.each(PROFILE_NAMES)('%s: integer micro-dollar lines that sum to the total', (name) => {
    const r = report(name);
    for (const line of r.lines) {
      expect(Number.isInteger(line.monthlyMicros), line.item).toBe(true);
      expect(line.monthlyMicros, line.item).toBeGreaterThanOrEqual(0);
      expect(line.basis.length, line.item).toBeGreaterThan(0);
    }
    expect(r.totalMicros).toBe(r.lines.reduce((s, l) => s + l.monthlyMicros, 0));
    expect(r.levers.map((l) => l.name)).toEqual(['NAT', 'ALB', 'public IPv4', 'task count', 'ARM64', 'Spot']);
  });

  it('prices paper at or under the $60 goal, with no ALB and no NAT Gateway', () => {
    const r = report('paper');
    expect(r.totalMicros).toBeLessThanOrEqual(PAPER_GOAL_MICROS);
    const classes = new Set(r.lines.map((l) => l.class));
    expect(classes.has('alb')).toBe(false);
    expect(r.lines.find((l) => l.class === 'nat')?.item).toMatch(/NAT instance t4g\.nano/);
  });

  it("prices the seeds' topology within 10 % of the researched $181", () => {
    const researched = RESEARCHED_MICROS.seeds!;
    const r = report('seeds');
    expect(Math.abs(r.totalMicros - researched)).toBeLessThanOrEqual(researched / 10);
    const fargate = r.lines.filter((l) => l.class === 'fargate').reduce((s, l) => s + l.monthlyMicros, 0);
    // Reference §7.2: 3 × 0.25/0.5 + 3 × 0.5/1 x86 tasks = $81.09.
    expect(Math.round(fargate / 10_000)).toBe(8109);
  });

  it('prices live above paper for its Multi-AZ database, cache replica, NAT Gateway and ALB', () => {
    const live = report('live');
    expect(live.totalMicros).toBeGreaterThan(report('paper').totalMicros);
    expect(live.lines.find((l) => l.class === 'rds')?.item).toMatch(/Multi-AZ/);
    expect(live.lines.find((l) => l.class === 'cache')?.item).toMatch(/2 ×/);
  });
});

describe('aws cost estimator, pure', () => {
  const oneArmService: CfnTemplate = {
    Resources: {
      Def: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64' } },
      },
      Svc: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Def' }, DesiredCount: 2 } },
    },
  };

  it('prices a Fargate task from its vCPU and memory at the ARM rates', () => {
    // (0.25 × $0.03238 + 0.5 × $0.00356) per hour = $0.009875
    expect(fargateTaskHour({ cpuUnits: 256, memoryMiB: 512, arch: 'arm64' })).toBe(9_875);
    const r = estimate([oneArmService], USAGE.paper, 'us-east-1');
    expect(r.lines.find((l) => l.class === 'fargate')?.monthlyMicros).toBe(2 * 9_875 * 730);
  });

  it('scales by the region multiplier and refuses a region it has no prices for', () => {
    const us = estimate([oneArmService], USAGE.paper, 'us-east-1');
    const eu = estimate([oneArmService], USAGE.paper, 'eu-central-1');
    const fargate = (r: typeof us) => r.lines.find((l) => l.class === 'fargate')!.monthlyMicros;
    expect(fargate(eu)).toBe(Math.round((fargate(us) * 110) / 100));
    expect(() => estimate([oneArmService], USAGE.paper, 'ap-south-2')).toThrow(/region ap-south-2/);
  });

  it('names an instance class it has no price for', () => {
    const db: CfnTemplate = {
      Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r7g.large' } } },
    };
    expect(() => estimate([db], USAGE.paper, 'us-east-1')).toThrow(/db\.r7g\.large/);
  });
});

describe('npm run aws:cost', () => {
  // Asynchronous: each run synthesizes the app (15-20 s), too long to block the test worker.
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) =>
      execFile(
        process.execPath,
        ['bin/run-ts.js', 'deploy/aws/cost/main.ts', ...args],
        { encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') reject(error);
          else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
        },
      ),
    );

  it('prints a line per resource class, the total and the seeds plan', async () => {
    const out = await run('--profile', 'paper');
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/TOTAL\s+\$\d+\.\d\d \/ month/);
    expect(out.stdout).toContain("seeds' plan (seed 000): $260.00");
    expect(out.stdout).toContain('at most $60.00: within');
    for (const cls of ['fargate', 'nat', 'rds', 'cache', 'secrets', 'cloudwatch'])
      expect(out.stdout).toMatch(new RegExp(`^  ${cls} `, 'm'));
  });

  it('refuses an unknown profile by name', async () => {
    const out = await run('--profile', 'prod');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('unknown --profile "prod"');
  });
});

describe('arbees cost', () => {
  it('prints the JSON report of a profile through the CLI', async () => {
    const out = await runArbees(['cost', '--profile', 'seeds', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout) as { profile: string; region: string; totalMicros: number };
    expect(json).toMatchObject({ profile: 'seeds', region: 'us-east-1' });
    expect(Math.abs(json.totalMicros - RESEARCHED_MICROS.seeds!)).toBeLessThanOrEqual(
      RESEARCHED_MICROS.seeds! / 10,
    );
  });

  it('says what it needs where the deploy tools are absent (the production image)', () => {
    const root = mkdtempSync(join(tmpdir(), 'arbees-no-deploy-'));
    try {
      const found = costEstimatorAt(root);
      expect(found).toEqual({
        missing: expect.stringContaining('prices the CDK app in deploy/aws, which is not here'),
      });
      expect(() => costCommand({ profile: 'paper' }, root)).toThrow(/npm ci/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
