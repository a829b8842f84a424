/** The estimator's report: a line per resource class, the total beside the seeds' and the research's figures, the levers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildArbees, DEFAULT_REGION } from '../arbees-app.js';
import type { VenueGatewayOptions } from '../gateway-stacks.js';
import { type ProfileName, profileByName } from '../profiles.js';
import { type CfnTemplate, type CostLine, type CostReport, dollars, estimate, rate } from './estimate.js';
import { PRICE_DATE, PRICE_SOURCES, PRICES } from './prices.js';
import { GATEWAY_USAGE, USAGE } from './usage.js';

/** Seed 000's own monthly figure, and the reference's researched ones (shared/reference/aws.md §7). */
export const SEEDS_PLAN_MICROS = 260_000_000;
export const RESEARCHED_MICROS: Readonly<Record<ProfileName, number | undefined>> = {
  seeds: 181_000_000,
  paper: 81_000_000,
  live: undefined,
};
/** The goal for the default production profile (paper). */
export const PAPER_GOAL_MICROS = 60_000_000;

const PLACEHOLDER_CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/cost-estimate';

/**
 * Synthesizes the profile in-process (no credentials, no cdk-nag) and prices its templates; with
 * a venue gateway, its region's stacks are priced at that region's rates and the traffic between
 * the regions is added.
 */
export function estimateProfile(
  name: ProfileName,
  region = DEFAULT_REGION,
  gateway?: VenueGatewayOptions,
): CostReport {
  const outdir = mkdtempSync(join(tmpdir(), 'arbees-cost-'));
  try {
    return estimateIn(outdir, name, region, gateway);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function estimateIn(
  outdir: string,
  name: ProfileName,
  region: string,
  gateway: VenueGatewayOptions | undefined,
): CostReport {
  const app = new App({ outdir });
  buildArbees(app, {
    profile: profileByName(name),
    region,
    imageTag: 'cost-estimate',
    certificateArn: PLACEHOLDER_CERTIFICATE,
    nag: false,
    ...(gateway ? { gateway } : {}),
  });
  const stacks = app.synth().stacks;
  const inRegion = (r: string) =>
    stacks.filter((s) => s.environment.region === r).map((s) => s.template as CfnTemplate);
  const main = estimate(inRegion(region), USAGE[name], region);
  if (!gateway) return main;
  const remote = estimate(inRegion(gateway.region), GATEWAY_USAGE, gateway.region);
  const transfer: CostLine = {
    class: 'transfer',
    item: `${GATEWAY_USAGE.interRegionGb} GB between ${gateway.region} and ${region}`,
    monthlyMicros: GATEWAY_USAGE.interRegionGb * PRICES.interRegionGb,
    basis: `${rate(PRICES.interRegionGb)}/GB out of the sending region; an assumption (usage.ts)`,
  };
  const gatewayLines = [
    ...remote.lines
      .filter((l) => l.monthlyMicros > 0)
      .map((l) => ({ ...l, item: `gateway ${gateway.region}: ${l.item}` })),
    transfer,
  ];
  const gatewayMicros = gatewayLines.reduce((sum, l) => sum + l.monthlyMicros, 0);
  return {
    region,
    lines: [...main.lines, ...gatewayLines],
    totalMicros: main.totalMicros + gatewayMicros,
    levers: [
      ...main.levers,
      {
        name: 'gateway',
        monthlyMicros: gatewayMicros,
        explanation: `the ${gateway.venue} gateway in ${gateway.region}: its task, its own NAT and Elastic IP, logs, and the traffic between the regions; for latency only, never to trade from where the venue refuses (the geoblock check stays on)`,
      },
    ],
  };
}

export function renderReport(name: ProfileName, report: CostReport): string {
  const width = Math.max(...report.lines.map((l) => l.item.length));
  const out: string[] = [
    `Arbees on AWS, profile ${name}, ${report.region}: monthly estimate (prices of ${PRICE_DATE})`,
    '',
  ];
  for (const line of report.lines) {
    out.push(
      `  ${line.class.padEnd(11)} ${line.item.padEnd(width)} ${dollars(line.monthlyMicros).padStart(9)}   ${line.basis}`,
    );
  }
  out.push('', `  ${'TOTAL'.padEnd(12 + width)} ${dollars(report.totalMicros).padStart(9)} / month`);
  const researched = RESEARCHED_MICROS[name];
  out.push(
    '',
    `  seeds' plan (seed 000): ${dollars(SEEDS_PLAN_MICROS)}; this profile is ${percent(report.totalMicros, SEEDS_PLAN_MICROS)} of it`,
  );
  if (researched !== undefined) {
    const note = name === 'paper' ? '; it includes an ALB with two IPv4, $26.64, which paper omits' : '';
    out.push(
      `  researched figure for this topology: ${dollars(researched)} (${signedPercent(report.totalMicros, researched)}${note})`,
    );
  }
  if (name === 'paper') {
    const verdict = report.totalMicros <= PAPER_GOAL_MICROS ? 'within' : 'OVER';
    out.push(`  goal for the default production profile: at most ${dollars(PAPER_GOAL_MICROS)}: ${verdict}`);
  }
  out.push('', '  Levers:');
  for (const lever of report.levers)
    out.push(
      `    ${lever.name.padEnd(12)} ${dollars(lever.monthlyMicros).padStart(8)}  ${lever.explanation}`,
    );
  out.push(
    '',
    `  Prices: ${PRICE_SOURCES}.`,
    '  Assumptions (traffic, logs, metrics): deploy/aws/cost/usage.ts; data transfer out under the 100 GB free tier.',
  );
  return out.join('\n');
}

const percent = (a: number, b: number) => `${Math.round((a * 100) / b)} %`;
function signedPercent(a: number, b: number): string {
  const diff = Math.round(((a - b) * 1000) / b) / 10;
  return `${diff >= 0 ? '+' : ''}${diff} %`;
}
