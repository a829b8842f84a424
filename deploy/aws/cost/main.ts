/**
 * `npm run aws:cost -- --profile paper|live|seeds [--region us-east-1] [--gateway-region eu-central-1] [--json]`: the monthly
 * bill of a profile before deploying it (docs/aws.md, Cost).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_REGION } from '../arbees-app.js';
import { PROFILE_NAMES, type ProfileName } from '../profiles.js';
import { estimateProfile, renderReport } from './report.js';

function main(): number {
  let values: { profile?: string; region?: string; json?: boolean; 'gateway-region'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        profile: { type: 'string', default: 'paper' },
        region: { type: 'string', default: DEFAULT_REGION },
        json: { type: 'boolean', default: false },
        'gateway-region': { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`aws:cost: ${(error as Error).message}\n`);
    return 2;
  }
  const profile = values.profile ?? 'paper';
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
    process.stderr.write(
      `aws:cost: unknown --profile "${profile}": expected one of ${PROFILE_NAMES.join(', ')}\n`,
    );
    return 2;
  }
  try {
    const gatewayRegion = values['gateway-region'];
    const report = estimateProfile(
      profile as ProfileName,
      values.region,
      gatewayRegion ? { region: gatewayRegion, venue: 'polymarket' } : undefined,
    );
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ profile, ...report }, null, 2)}\n`
        : `${renderReport(profile as ProfileName, report)}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`aws:cost: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main();
