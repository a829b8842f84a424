/**
 * `npm run aws:prices`: compares deploy/aws/cost/prices.ts with the AWS Price List Query API
 * (needs network and AWS credentials; the API answers from us-east-1). Exit 0 when every price
 * matches, 1 when one changed or matched nothing: then update prices.ts and its PRICE_DATE.
 */
import { PricingClient } from '@aws-sdk/client-pricing';
import { checkPrice, PRICE_QUERIES, renderChecks } from './price-list.js';

const client = new PricingClient({ region: 'us-east-1' });
try {
  const checks = [];
  for (const query of PRICE_QUERIES) checks.push(await checkPrice(client, query));
  process.stdout.write(`${renderChecks(checks)}\n`);
  process.exitCode = checks.every((c) => c.kind === 'same') ? 0 : 1;
} catch (error) {
  process.stderr.write(`aws:prices: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
