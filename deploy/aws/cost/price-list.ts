/**
 * Checks the committed price table (prices.ts) against the AWS Price List Query API: one
 * GetProducts query per price, its on-demand USD rate in micro-dollars beside the committed one.
 * The filters were written offline and never run against AWS; a query that matches no product
 * says so instead of guessing (then fix its filters with GetAttributeValues).
 */
import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import { PRICES } from './prices.js';

export interface PriceQuery {
  readonly id: string;
  /** The committed price, micro-dollars per unit. */
  readonly committed: number;
  readonly serviceCode: string;
  readonly filters: Readonly<Record<string, string>>;
}

const REGION = { regionCode: 'us-east-1' };
const fargate = (usagetype: string) => ({ serviceCode: 'AmazonECS', filters: { ...REGION, usagetype } });

export const PRICE_QUERIES: readonly PriceQuery[] = [
  {
    id: 'Fargate x86 vCPU-hour',
    committed: PRICES.fargate.x86_64.vcpuHour,
    ...fargate('USE1-Fargate-vCPU-Hours:perCPU'),
  },
  { id: 'Fargate x86 GB-hour', committed: PRICES.fargate.x86_64.gbHour, ...fargate('USE1-Fargate-GB-Hours') },
  {
    id: 'Fargate ARM vCPU-hour',
    committed: PRICES.fargate.arm64.vcpuHour,
    ...fargate('USE1-Fargate-ARM-vCPU-Hours:perCPU'),
  },
  {
    id: 'Fargate ARM GB-hour',
    committed: PRICES.fargate.arm64.gbHour,
    ...fargate('USE1-Fargate-ARM-GB-Hours'),
  },
  {
    id: 'EC2 t4g.nano hour',
    committed: PRICES.ec2Hour['t4g.nano']!,
    serviceCode: 'AmazonEC2',
    filters: {
      ...REGION,
      instanceType: 't4g.nano',
      operatingSystem: 'Linux',
      tenancy: 'Shared',
      preInstalledSw: 'NA',
      capacitystatus: 'Used',
    },
  },
  {
    id: 'NAT Gateway hour',
    committed: PRICES.natGatewayHour,
    serviceCode: 'AmazonEC2',
    filters: { ...REGION, usagetype: 'NatGateway-Hours' },
  },
  {
    id: 'NAT Gateway GB',
    committed: PRICES.natGatewayGb,
    serviceCode: 'AmazonEC2',
    filters: { ...REGION, usagetype: 'NatGateway-Bytes' },
  },
  {
    id: 'ALB hour',
    committed: PRICES.albHour,
    serviceCode: 'AWSELB',
    filters: { ...REGION, productFamily: 'Load Balancer-Application', usagetype: 'LoadBalancerUsage' },
  },
  {
    id: 'public IPv4 hour',
    committed: PRICES.publicIpv4Hour,
    serviceCode: 'AmazonVPC',
    filters: { ...REGION, usagetype: 'PublicIPv4:InUseAddress' },
  },
  ...Object.entries(PRICES.rdsHour).map(([cls, committed]) => ({
    id: `RDS PostgreSQL ${cls} hour`,
    committed,
    serviceCode: 'AmazonRDS',
    filters: { ...REGION, instanceType: cls, databaseEngine: 'PostgreSQL', deploymentOption: 'Single-AZ' },
  })),
  ...Object.entries(PRICES.cacheHour).flatMap(([engine, nodes]) =>
    Object.entries(nodes).map(([node, committed]) => ({
      id: `ElastiCache ${engine} ${node} hour`,
      committed,
      serviceCode: 'AmazonElastiCache',
      filters: { ...REGION, instanceType: node, cacheEngine: engine === 'valkey' ? 'Valkey' : 'Redis' },
    })),
  ),
];

export type PriceCheck =
  | { readonly kind: 'same'; readonly query: PriceQuery; readonly listed: number }
  | { readonly kind: 'changed'; readonly query: PriceQuery; readonly listed: number }
  | { readonly kind: 'unmatched'; readonly query: PriceQuery; readonly reason: string };

interface PriceListItem {
  terms?: {
    OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string } }> }>;
  };
}

/** The non-zero on-demand USD rates of one Price List item, in micro-dollars. */
export function onDemandRates(item: string): number[] {
  const parsed = JSON.parse(item) as PriceListItem;
  return Object.values(parsed.terms?.OnDemand ?? {})
    .flatMap((term) => Object.values(term.priceDimensions ?? {}))
    .map((dimension) => Number(dimension.pricePerUnit?.USD))
    .filter((usd) => Number.isFinite(usd) && usd > 0)
    .map((usd) => Math.round(usd * 1_000_000));
}

export async function checkPrice(client: PricingClient, query: PriceQuery): Promise<PriceCheck> {
  const response = await client.send(
    new GetProductsCommand({
      ServiceCode: query.serviceCode,
      Filters: Object.entries(query.filters).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value })),
      MaxResults: 10,
    }),
  );
  // Items arrive as JSON strings; the SDK's type also admits its lazy JSON string wrapper.
  const items: unknown[] = Array.isArray(response.PriceList) ? response.PriceList : [];
  const rates = [...new Set(items.flatMap((p) => onDemandRates(String(p))))];
  if (rates.length === 0) return { kind: 'unmatched', query, reason: 'no product with an on-demand rate' };
  if (rates.length > 1) {
    return { kind: 'unmatched', query, reason: `${rates.length} different rates: narrow the filters` };
  }
  const listed = rates[0]!;
  return { kind: listed === query.committed ? 'same' : 'changed', query, listed };
}

export function renderChecks(checks: readonly PriceCheck[]): string {
  const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(6)}`;
  return checks
    .map((c) => {
      const head = `${c.kind.padEnd(9)} ${c.query.id.padEnd(38)} committed ${usd(c.query.committed)}`;
      return c.kind === 'unmatched' ? `${head}  (${c.reason})` : `${head}  listed ${usd(c.listed)}`;
    })
    .join('\n');
}
