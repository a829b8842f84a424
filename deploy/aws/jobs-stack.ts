/**
 * Jobs: EventBridge schedules (UTC cron) that run one-off Fargate tasks of the image for the
 * nightly report and the data jobs (JOBS in profiles.ts). A failed job's exit shows in its logs.
 */
import {
  aws_ec2 as ec2,
  type aws_ecs as ecs,
  aws_events as events,
  Stack,
  type StackProps,
  aws_events_targets as targets,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { suppress } from './nag.js';
import { JOBS, type Profile } from './profiles.js';

export interface JobsStackProps extends StackProps {
  readonly profile: Profile;
  readonly cluster: ecs.ICluster;
  readonly taskDefinitions: ReadonlyMap<string, ecs.FargateTaskDefinition>;
  readonly taskSecurityGroup: ec2.ISecurityGroup;
}

export class JobsStack extends Stack {
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    for (const job of JOBS) {
      const taskDefinition = props.taskDefinitions.get(job.id);
      if (!taskDefinition) throw new Error(`job ${job.id} has no task definition in the compute stack`);
      const rule = new events.Rule(this, `${job.id}Schedule`, {
        description: `Arbees ${props.profile.name}: ${job.description}`,
        schedule: events.Schedule.cron({ minute: job.schedule.minute, hour: job.schedule.hour }),
      });
      rule.addTarget(
        new targets.EcsTask({
          cluster: props.cluster,
          taskDefinition,
          subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          securityGroups: [props.taskSecurityGroup],
          assignPublicIp: false,
        }),
      );
      this.rules.push(rule);
    }
    suppress(this, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'EventBridge needs iam:PassRole on the job task roles and ecs:RunTask on task definition revisions',
      },
    ]);
  }
}
