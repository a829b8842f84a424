/**
 * The CDK app (deploy/aws/cdk.json): `npx cdk synth -c profile=paper`. Context: profile
 * (paper | live | seeds), region, imageTag, certificateArn, alertEmail, liveTradingAck, gatewayRegion
 * and gatewayVenue (polymarket | kalshi; an optional venue gateway in another region),
 * githubRepository and githubOidcProviderArn (the GitHub deploy roles' stack).
 */
import { App } from 'aws-cdk-lib';
import { buildArbees, DEFAULT_REGION } from './arbees-app.js';
import { GATEWAY_VENUES, type GatewayVenue } from './gateway-stacks.js';
import { GITHUB_OIDC_STACK, GithubOidcStack } from './github-oidc-stack.js';
import { profileByName } from './profiles.js';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const imageTag = context('imageTag');
const certificateArn = context('certificateArn');
const alertEmail = context('alertEmail');
const region = context('region');
const gatewayRegion = context('gatewayRegion');
const gatewayVenue = context('gatewayVenue') ?? 'polymarket';
if (!(GATEWAY_VENUES as readonly string[]).includes(gatewayVenue))
  throw new Error(`gatewayVenue "${gatewayVenue}": expected one of ${GATEWAY_VENUES.join(', ')}`);
buildArbees(app, {
  profile: profileByName(context('profile') ?? 'paper'),
  ...(region ? { region } : {}),
  ...(imageTag ? { imageTag } : {}),
  ...(certificateArn ? { certificateArn } : {}),
  ...(alertEmail ? { alertEmail } : {}),
  liveTradingAck: context('liveTradingAck') === 'true',
  ...(gatewayRegion ? { gateway: { region: gatewayRegion, venue: gatewayVenue as GatewayVenue } } : {}),
});
// The GitHub deploy roles: once per account, deployed on their own (docs/aws.md, CI/CD).
const githubRepository = context('githubRepository');
const githubOidcProviderArn = context('githubOidcProviderArn');
if (githubRepository)
  new GithubOidcStack(app, GITHUB_OIDC_STACK, {
    env: { region: region ?? DEFAULT_REGION },
    repository: githubRepository,
    ...(githubOidcProviderArn ? { existingProviderArn: githubOidcProviderArn } : {}),
  });
app.synth();
