/**
 * One Arbees service as a container: the one image (deploy/Dockerfile), `arbees service <name>`,
 * health on /readyz, settings in the environment, every secret from Secrets Manager. A small
 * shell prelude builds DATABASE_URL/REDIS_URL from the injected secrets and writes the Kalshi key
 * to a private file, since the app reads those settings as a URL and a key path.
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

// POSIX sh (the image is Debian slim). Its inputs are DEPLOY_*: the app refuses an ARBEES_
// variable it does not know. sslmode=no-verify: TLS is on (rds.force_ssl) but the RDS
// CA bundle is not in the image; see docs/aws.md.
const PRELUDE = [
  'set -e',
  `export DATABASE_URL="postgres://$DEPLOY_DB_USER:$DEPLOY_DB_PASSWORD@$DEPLOY_DB_HOST:$DEPLOY_DB_PORT/${DATABASE_NAME}?sslmode=no-verify"`,
  'export REDIS_URL="rediss://:$DEPLOY_CACHE_TOKEN@$DEPLOY_CACHE_HOST:$DEPLOY_CACHE_PORT"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  'if [ -n "$KALSHI_PRIVATE_KEY" ]; then umask 077; export KALSHI_PRIVATE_KEY_PATH="${TMPDIR:-/tmp}/kalshi-key.pem"; printf "%s\\n" "$KALSHI_PRIVATE_KEY" > "$KALSHI_PRIVATE_KEY_PATH"; fi',
  'unset DEPLOY_DB_USER DEPLOY_DB_PASSWORD DEPLOY_DB_HOST DEPLOY_DB_PORT DEPLOY_CACHE_TOKEN DEPLOY_CACHE_HOST DEPLOY_CACHE_PORT KALSHI_PRIVATE_KEY',
  'exec node bin/arbees.js "$@"',
].join('\n');

/** The secrets every container gets, by environment variable. */
export function containerSecrets(secrets: ContainerSecrets): Record<string, ecs.Secret> {
  return {
    DEPLOY_DB_USER: ecs.Secret.fromSecretsManager(secrets.database, 'username'),
    DEPLOY_DB_PASSWORD: ecs.Secret.fromSecretsManager(secrets.database, 'password'),
    DEPLOY_CACHE_TOKEN: ecs.Secret.fromSecretsManager(secrets.cacheAuth),
    KALSHI_API_KEY_ID: ecs.Secret.fromSecretsManager(secrets.venues, 'KALSHI_API_KEY_ID'),
    KALSHI_PRIVATE_KEY: ecs.Secret.fromSecretsManager(secrets.venues, 'KALSHI_PRIVATE_KEY'),
    POLYMARKET_PRIVATE_KEY: ecs.Secret.fromSecretsManager(secrets.venues, 'POLYMARKET_PRIVATE_KEY'),
  };
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
    entryPoint: ['sh', '-c', PRELUDE, 'arbees'],
    command: [...opts.command],
    environment: {
      ...opts.environment,
      DEPLOY_DB_HOST: opts.endpoints.databaseHost,
      DEPLOY_DB_PORT: opts.endpoints.databasePort,
      DEPLOY_CACHE_HOST: opts.endpoints.cacheHost,
      DEPLOY_CACHE_PORT: opts.endpoints.cachePort,
    },
    secrets: containerSecrets(opts.secrets),
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
