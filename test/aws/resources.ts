/** Reading a synthesized CloudFormation template in the AWS tests. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

export function resourcesOf(template: Record<string, unknown>, type: string): CfnResource[] {
  const resources = (template.Resources ?? {}) as Record<string, CfnResource>;
  return Object.values(resources).filter((r) => r.Type === type);
}

export interface ContainerDefinition {
  readonly Name: string;
  readonly Environment?: { Name: string; Value: unknown }[];
  readonly Secrets?: { Name: string; ValueFrom: unknown }[];
  readonly HealthCheck?: { Command: string[] };
  readonly LogConfiguration?: { LogDriver: string };
  readonly Command?: string[];
}

export function containersOf(template: Record<string, unknown>): ContainerDefinition[] {
  return resourcesOf(template, 'AWS::ECS::TaskDefinition').flatMap(
    (r) => (r.Properties?.ContainerDefinitions ?? []) as ContainerDefinition[],
  );
}
