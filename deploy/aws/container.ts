/**
 * One Arbees service as a container: the one image (deploy/Dockerfile) and its own entry point,
 * `arbees service <name>`, health on /readyz, and plain settings in the environment. Secrets are
 * not in the task definition at all: the environment names each secret by ARN in the form the
 * app's loader reads (src/config/secrets.ts), and the app reads them at start with its task role.
 */
import { Duration, aws_ecs as ecs, type aws_logs as logs, type aws_secretsmanager as sm } from 'aws-cdk-lib';
import type { ServiceName } from '../../src/services/service.js';
import { DATABASE_NAME } from './data-stack.js';

export interface ContainerEndpoints {
  readonly databaseHost: string;
  readonly databasePort: string;
  readonly cacheHost: string;
  readonly cachePort: string;
}

export interface ContainerSecrets {
  readonly database: sm.ISecret;
  readonly cacheAuth: sm.ISecret;
  readonly venues: sm.ISecret;
}

export interface ArbeesContainerOptions {
  readonly service: ServiceName;
  readonly port: number;
  readonly image: ecs.ContainerImage;
  readonly logGroup: logs.ILogGroup;
  readonly endpoints: ContainerEndpoints;
  readonly secrets: ContainerSecrets;
  /** Plain settings (never a secret): mode, run id, leagues, venues. */
  readonly settings: Readonly<Record<string, string>>;
}

/** Where deploy/Dockerfile puts the RDS global CA bundle (downloaded from AWS at build time). */
export const RDS_CA_BUNDLE_PATH = '/app/certs/rds-global-bundle.pem';

/**
 * The settings that lead the app to its secrets: the URLs without credentials (TLS verified
 * against the RDS CA bundle; the cache's TLS against the public CAs ElastiCache uses), and the ARN
 * of each secret. The database secret is RDS's JSON (username, password), the cache's a plain
 * AUTH token, the venues' a JSON object of settings (docs/aws.md, Secrets).
 */
export function secretSettings(
  endpoints: ContainerEndpoints,
  secrets: ContainerSecrets,
): Record<string, string> {
  return {
    DATABASE_URL: `postgres://${endpoints.databaseHost}:${endpoints.databasePort}/${DATABASE_NAME}?sslmode=verify-full&sslrootcert=${RDS_CA_BUNDLE_PATH}`,
    DATABASE_URL_SECRET_ID: secrets.database.secretArn,
    REDIS_URL: `rediss://${endpoints.cacheHost}:${endpoints.cachePort}`,
    REDIS_URL_SECRET_ID: secrets.cacheAuth.secretArn,
    ARBEES_SECRETS_ID: secrets.venues.secretArn,
  };
}

/** Lets a task read the secrets its containers name (the app reads them, not the ECS agent). */
export function grantSecrets(taskDefinition: ecs.TaskDefinition, secrets: ContainerSecrets): void {
  for (const secret of [secrets.database, secrets.cacheAuth, secrets.venues])
    secret.grantRead(taskDefinition.taskRole);
}

export function arbeesContainerOptions(opts: {
  readonly command: readonly string[];
  readonly image: ecs.ContainerImage;
  readonly logGroup: logs.ILogGroup;
  readonly streamPrefix: string;
  readonly endpoints: ContainerEndpoints;
  readonly secrets: ContainerSecrets;
  readonly environment: Readonly<Record<string, string>>;
}): ecs.ContainerDefinitionOptions {
  return {
    image: opts.image,
    command: [...opts.command],
    environment: { ...opts.environment, ...secretSettings(opts.endpoints, opts.secrets) },
    logging: ecs.LogDrivers.awsLogs({ logGroup: opts.logGroup, streamPrefix: opts.streamPrefix }),
    essential: true,
  };
}

export function addArbeesContainer(
  taskDefinition: ecs.TaskDefinition,
  opts: ArbeesContainerOptions,
): ecs.ContainerDefinition {
  const container = taskDefinition.addContainer(opts.service, {
    ...arbeesContainerOptions({
      command: ['service', opts.service],
      image: opts.image,
      logGroup: opts.logGroup,
      streamPrefix: opts.service,
      endpoints: opts.endpoints,
      secrets: opts.secrets,
      environment: { ...opts.settings, ARBEES_SERVICE_PORT: String(opts.port) },
    }),
    portMappings: [{ containerPort: opts.port, name: opts.service }],
    healthCheck: {
      command: [
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${opts.port}/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      retries: 3,
      startPeriod: Duration.seconds(60),
    },
    // The runner drains on SIGTERM (ARBEES_DRAIN_TIMEOUT 20 s); Fargate's maximum is 120 s.
    stopTimeout: Duration.seconds(60),
  });
  return container;
}
