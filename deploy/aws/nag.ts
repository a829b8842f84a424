/**
 * cdk-nag (v3) findings acknowledged, each with its reason. v3 acknowledges through CDK's own
 * Validations: one id per finding (an IAM5 wildcard is `AwsSolutions-IAM5[Resource::*]`).
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface Suppression {
  readonly id: string;
  readonly reason: string;
}

export function suppress(construct: IConstruct, suppressions: readonly Suppression[]): void {
  Validations.of(construct).acknowledge(...suppressions.map((s) => ({ id: s.id, reason: s.reason })));
}
