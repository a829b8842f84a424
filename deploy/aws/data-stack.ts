/**
 * Data: RDS PostgreSQL and ElastiCache Valkey/Redis in the isolated subnets (no route to or from
 * the internet), both encrypted at rest and in transit, reachable only from the tasks' security
 * group; the secrets the tasks read (database credentials, the cache's AUTH token, the venues' keys).
 */
import {
  Duration,
  aws_ec2 as ec2,
  aws_elasticache as elasticache,
  aws_logs as logs,
  RemovalPolicy,
  aws_rds as rds,
  SecretValue,
  Stack,
  type StackProps,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { suppress } from './nag.js';
import type { Profile } from './profiles.js';

export interface DataStackProps extends StackProps {
  readonly profile: Profile;
  readonly vpc: ec2.IVpc;
}

/** The keys of the venues' JSON secret: what an operator fills in (docs/aws.md, Secrets). */
export const VENUE_SECRET_KEYS = [
  'KALSHI_API_KEY_ID',
  'KALSHI_PRIVATE_KEY',
  'POLYMARKET_PRIVATE_KEY',
] as const;

export const DATABASE_NAME = 'arbees';
export const DATABASE_USER = 'arbees';
const POSTGRES_PORT = 5432;
const CACHE_PORT = 6379;
// Characters a password may hold and still sit in a postgres:// URL unescaped.
const URL_UNSAFE = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\=,^';

export class DataStack extends Stack {
  /** Tasks join this group; the database and the cache admit it and nothing else. */
  readonly clientSecurityGroup: ec2.SecurityGroup;
  readonly database: rds.DatabaseInstance;
  readonly databaseSecret: secretsmanager.ISecret;
  readonly cache: elasticache.CfnReplicationGroup;
  readonly cacheAuthSecret: secretsmanager.Secret;
  /** The database's and the cache's own groups (a peered venue gateway is admitted to them). */
  readonly dataSecurityGroups: ec2.SecurityGroup[] = [];
  readonly venueSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { profile, vpc } = props;
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ArbeesTasks', {
      vpc,
      description: 'Arbees tasks: clients of the database and the cache',
      allowAllOutbound: true,
    });
    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const hardened = profile.database.deletionProtection;
    this.database = this.createDatabase(
      profile,
      vpc,
      isolated,
      hardened ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
    );
    this.databaseSecret = this.database.secret!;
    this.cacheAuthSecret = new secretsmanager.Secret(this, 'CacheAuth', {
      secretName: `arbees/${profile.name}/cache-auth`,
      description: 'AUTH token of the Arbees cache',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
      removalPolicy: hardened ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.cache = this.createCache(profile, vpc, isolated);
    this.venueSecret = new secretsmanager.Secret(this, 'Venues', {
      secretName: `arbees/${profile.name}/venues`,
      description: `The venues' credentials as JSON keys: ${VENUE_SECRET_KEYS.join(', ')}`,
      // Empty keys until the operator puts the real ones: tasks start (paper needs none) and
      // never see a made-up key.
      secretObjectValue: Object.fromEntries(
        VENUE_SECRET_KEYS.map((k) => [k, SecretValue.unsafePlainText('')]),
      ),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    suppress(this.venueSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason: 'Venue API keys are issued by the venues; rotated by hand (docs/aws.md)',
      },
    ]);
  }

  private createDatabase(
    profile: Profile,
    vpc: ec2.IVpc,
    subnets: ec2.SubnetSelection,
    removalPolicy: RemovalPolicy,
  ): rds.DatabaseInstance {
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Arbees: TLS only; pg_cron for partition maintenance (no TimescaleDB on RDS)',
      parameters: {
        'rds.force_ssl': '1',
        shared_preload_libraries: 'pg_stat_statements,pg_cron',
        'cron.database_name': DATABASE_NAME,
      },
    });
    const db = new rds.DatabaseInstance(this, 'Postgres', {
      engine,
      instanceType: new ec2.InstanceType(profile.database.instanceClass),
      vpc,
      vpcSubnets: subnets,
      securityGroups: [this.addDataSecurityGroup('PostgresSg', vpc, 'Arbees PostgreSQL')],
      port: POSTGRES_PORT,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, {
        secretName: `arbees/${profile.name}/database`,
        excludeCharacters: URL_UNSAFE,
      }),
      parameterGroup,
      allocatedStorage: profile.database.storageGiB,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      multiAz: profile.database.multiAz,
      publiclyAccessible: false,
      backupRetention: Duration.days(profile.database.backupRetentionDays),
      deletionProtection: profile.database.deletionProtection,
      removalPolicy,
      autoMinorVersionUpgrade: true,
      instanceIdentifier: `arbees-${profile.name}`,
      cloudwatchLogsExports: ['postgresql'],
    });
    // The exported log group made here with its retention, before RDS makes one without
    // (CDK's cloudwatchLogsRetention would add a Lambda to set it).
    const logGroup = new logs.LogGroup(this, 'PostgresLogs', {
      logGroupName: `/aws/rds/instance/arbees-${profile.name}/postgresql`,
      retention: profile.logRetentionDays,
      removalPolicy: removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    db.node.addDependency(logGroup);
    db.connections.allowFrom(this.clientSecurityGroup, ec2.Port.tcp(POSTGRES_PORT), 'Arbees tasks');
    const nagFindings = [
      { id: 'AwsSolutions-RDS11', reason: 'Default port: only the tasks security group can reach it' },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Secrets reach tasks at start only; rotation is a planned redeploy (docs/aws.md, Key rotation)',
      },
    ];
    if (!profile.database.multiAz) {
      nagFindings.push({
        id: 'AwsSolutions-RDS3',
        reason: `Single-AZ in the ${profile.name} profile to save cost`,
      });
    }
    if (!profile.database.deletionProtection) {
      nagFindings.push({
        id: 'AwsSolutions-RDS10',
        reason: `No deletion protection in the ${profile.name} profile`,
      });
    }
    suppress(db, nagFindings);
    return db;
  }

  private addDataSecurityGroup(id: string, vpc: ec2.IVpc, description: string): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, id, { vpc, description });
    this.dataSecurityGroups.push(group);
    return group;
  }

  /** Admits a peered network (a venue gateway's VPC in another region) to the database and the cache. */
  admitPeerNetwork(cidr: string, description: string): void {
    const [postgres, cache] = this.dataSecurityGroups;
    postgres!.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(POSTGRES_PORT), description);
    cache!.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(CACHE_PORT), description);
  }

  private createCache(
    profile: Profile,
    vpc: ec2.IVpc,
    subnets: ec2.SubnetSelection,
  ): elasticache.CfnReplicationGroup {
    const securityGroup = this.addDataSecurityGroup('CacheSg', vpc, 'Arbees cache');
    securityGroup.addIngressRule(this.clientSecurityGroup, ec2.Port.tcp(CACHE_PORT), 'Arbees tasks');
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'CacheSubnets', {
      description: 'Arbees cache: isolated subnets',
      subnetIds: vpc.selectSubnets(subnets).subnetIds,
    });
    const replicated = profile.cache.replicas > 0;
    const cache = new elasticache.CfnReplicationGroup(this, 'Cache', {
      replicationGroupDescription: `Arbees ${profile.name} event bus (streams)`,
      engine: profile.cache.engine,
      engineVersion: profile.cache.engine === 'valkey' ? '8.0' : '7.1',
      cacheNodeType: profile.cache.nodeType,
      numCacheClusters: 1 + profile.cache.replicas,
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      port: CACHE_PORT,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      authToken: this.cacheAuthSecret.secretValue.unsafeUnwrap(),
      snapshotRetentionLimit: replicated ? 3 : 1,
    });
    const findings = [
      { id: 'AwsSolutions-AEC5', reason: 'Default port: only the tasks security group can reach it' },
    ];
    if (!replicated) {
      findings.push({
        id: 'AwsSolutions-AEC4',
        reason: `No replica in the ${profile.name} profile to save cost`,
      });
    }
    suppress(cache, findings);
    suppress(this.cacheAuthSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason: 'AUTH token rotation needs a coordinated cache modify and task restart',
      },
    ]);
    return cache;
  }
}
