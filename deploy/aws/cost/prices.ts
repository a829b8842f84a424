/**
 * The dated price table the estimator uses: us-east-1 on-demand list prices in integer
 * micro-dollars, 730 hours a month, from shared/reference/aws.md §3 (each row's source tag is
 * that document's). Refresh by hand from the AWS Price List API (docs/aws.md, Cost) when the
 * network allows; the date says how old these are.
 */
export const PRICE_DATE = '2026-10-02';
export const PRICE_SOURCES =
  'shared/reference/aws.md §3: AWS rate card retrieved 2026-09-30 [P1], Price List API reads 2026-08-19 and 2026-10-02 [P13, P2], Vantage Fargate [P3], infratally RDS 2026 [P4], Secrets Manager page 2026-09-20 [P8], CloudWatch pricing [P7]';

export const HOURS_PER_MONTH = 730;

/** $1 = 1,000,000 micro-dollars. */
export const MICROS_PER_DOLLAR = 1_000_000;

export interface FargateRates {
  /** Per vCPU-hour and per GB-hour. */
  readonly vcpuHour: number;
  readonly gbHour: number;
}

export const PRICES = {
  fargate: {
    x86_64: { vcpuHour: 40_480, gbHour: 4_445 } satisfies FargateRates,
    arm64: { vcpuHour: 32_380, gbHour: 3_560 } satisfies FargateRates,
    /** Fargate Spot: "up to 70 %" off, variable. */
    spotMaxDiscountPercent: 70,
  },
  /** EC2 instance hours (NAT instance). */
  ec2Hour: { 't4g.nano': 4_200, 't4g.micro': 8_400, 't4g.small': 16_800 } as Record<string, number>,
  /** EBS gp3 per GB-month, from the reference's fck-nat line (2 GB for $0.16). */
  ebsGp3GbMonth: 80_000,
  natGatewayHour: 45_000,
  natGatewayGb: 45_000,
  albHour: 22_500,
  albLcuHour: 8_000,
  publicIpv4Hour: 5_000,
  /** RDS PostgreSQL single-AZ instance hours; Multi-AZ bills twice (instance and storage). */
  rdsHour: {
    'db.t4g.micro': 16_000,
    'db.t4g.small': 32_000,
    'db.t4g.medium': 65_000,
    'db.t3.micro': 18_000,
    'db.t3.small': 36_000,
    'db.t3.medium': 72_000,
  } as Record<string, number>,
  rdsGp3GbMonth: 115_000,
  /** ElastiCache node hours by engine. */
  cacheHour: {
    redis: {
      'cache.t4g.micro': 16_000,
      'cache.t4g.small': 32_000,
      'cache.t3.micro': 17_000,
      'cache.t3.small': 34_000,
    },
    valkey: { 'cache.t4g.micro': 12_800, 'cache.t4g.small': 25_600, 'cache.t3.micro': 13_600 },
  } as Record<string, Record<string, number>>,
  secretMonth: 400_000,
  logsIngestGb: 500_000,
  logsStorageGbMonth: 30_000,
  customMetricMonth: 300_000,
  alarmMonth: 100_000,
  dashboardMonth: 3_000_000,
  /** Always-free CloudWatch: 10 metrics, 10 alarms, 3 dashboards. */
  freeMetrics: 10,
  freeAlarms: 10,
  freeDashboards: 3,
  ecrGbMonth: 100_000,
  /** Data out of a region to another (us-east-1 <-> eu-central-1, ~$0.02/GB; reference §3, [P9]). */
  interRegionGb: 20_000,
} as const;

/**
 * Regions priced: us-east-1 is verified; eu-central-1 is modelled as 1.10 × us-east-1 (the
 * reference's source does so; exact Frankfurt rates UNVERIFIED).
 */
export const REGION_MULTIPLIER_PERCENT: Readonly<Record<string, number>> = {
  'us-east-1': 100,
  'eu-central-1': 110,
};
