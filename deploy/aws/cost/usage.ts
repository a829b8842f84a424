/**
 * What the templates cannot say: how much traffic, logs and metrics a month brings. The seeds'
 * figures are the reference's assumptions for its $181 (shared/reference/aws.md §7.2); the lean
 * ones its §7.3 (~2 GB logs).
 */
import type { ProfileName } from '../profiles.js';

export interface UsageAssumptions {
  /** GB through the NAT Gateway a month (a NAT instance charges nothing per GB). */
  readonly natProcessedGb: number;
  /** Average ALB load balancer capacity units. */
  readonly albLcu: number;
  /** GB of logs ingested a month (services, RDS, flow-log rejects). */
  readonly logsGb: number;
  /** Custom metric series under the Arbees namespace. */
  readonly customMetrics: number;
  /** Custom metrics Container Insights adds per ECS service and per cluster (UNVERIFIED count). */
  readonly containerInsightsMetricsPerService: number;
  readonly containerInsightsMetricsPerCluster: number;
  /** GB of images kept in ECR. */
  readonly ecrGb: number;
  /** Minutes each scheduled job runs, and how many runs a month. */
  readonly jobMinutes: number;
  readonly jobRunsPerMonth: number;
  /** Root volume of a NAT instance (Amazon Linux 2023: 8 GB gp3). */
  readonly natInstanceVolumeGb: number;
}

const BASE: UsageAssumptions = {
  natProcessedGb: 20,
  albLcu: 0.5,
  logsGb: 5,
  customMetrics: 20,
  containerInsightsMetricsPerService: 8,
  containerInsightsMetricsPerCluster: 8,
  ecrGb: 2,
  jobMinutes: 5,
  jobRunsPerMonth: 30,
  natInstanceVolumeGb: 8,
};

export const USAGE: Readonly<Record<ProfileName, UsageAssumptions>> = {
  // The services publish 5 metric series (src/services/emf-metrics.ts); the seeds' plan as researched assumed 20.
  paper: { ...BASE, logsGb: 2, customMetrics: 5, ecrGb: 1 },
  live: { ...BASE, customMetrics: 5 },
  seeds: BASE,
};

/**
 * The optional venue gateway in another region (deploy/aws/gateway-stacks.ts): one small task
 * whose book updates cross to the main region's bus. 10 GB a month between the regions and 1 GB
 * of logs are assumptions, not measurements.
 */
export const GATEWAY_USAGE: UsageAssumptions & { readonly interRegionGb: number } = {
  ...BASE,
  natProcessedGb: 10,
  logsGb: 1,
  customMetrics: 0,
  ecrGb: 0,
  jobRunsPerMonth: 0,
  interRegionGb: 10,
};
