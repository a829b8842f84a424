/** The one ECR repository of the image, in its own stack so CI can push before compute deploys. */
import { Duration, aws_ecr as ecr, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Profile } from './profiles.js';

export interface RegistryStackProps extends StackProps {
  readonly profile: Profile;
}

export class RegistryStack extends Stack {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    this.repository = new ecr.Repository(this, 'Image', {
      repositoryName: `arbees-${props.profile.name}`,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ description: 'keep the last 20 images', maxImageCount: 20 }],
    });
    // Untagged layers left by failed pushes.
    this.repository.addLifecycleRule({ tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) });
  }
}
