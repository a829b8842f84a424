/**
 * A local server speaking AWS Secrets Manager's JSON 1.1 protocol for GetSecretValue (POST / with
 * `X-Amz-Target: secretsmanager.GetSecretValue`), so the loader runs through the real AWS SDK v3
 * client and never reaches AWS. Secrets are found by name or ARN; an unknown one is answered as
 * AWS answers it (400 ResourceNotFoundException).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  readonly url: string;
  /** The SecretId of each GetSecretValue received, with whether it carried a SigV4 signature. */
  readonly requests: { secretId: string; target: string | undefined; signed: boolean }[];
  /** Makes every read of this id fail with the error type given (e.g. AccessDeniedException). */
  failWith(secretId: string, type: string, message: string): void;
  close(): Promise<void>;
}

export const fakeSecretArn = (name: string, region = 'us-east-1') =>
  `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbCdEf`;

export async function startFakeSecretsManager(
  secrets: Readonly<Record<string, string>>,
): Promise<FakeSecretsManager> {
  const requests: FakeSecretsManager['requests'] = [];
  const failures = new Map<string, { type: string; message: string }>();
  const byId = new Map<string, { name: string; value: string }>();
  for (const [name, value] of Object.entries(secrets)) {
    byId.set(name, { name, value });
    byId.set(fakeSecretArn(name), { name, value });
  }
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const target = req.headers['x-amz-target'] as string | undefined;
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue')
      return answer(400, { __type: 'UnknownOperationException', message: `unsupported ${target}` });
    const { SecretId: secretId } = JSON.parse(text) as { SecretId: string };
    requests.push({ secretId, target, signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? '') });
    const failure = failures.get(secretId);
    if (failure) return answer(400, { __type: failure.type, message: failure.message });
    const secret = byId.get(secretId);
    if (!secret)
      return answer(400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      });
    return answer(200, {
      ARN: fakeSecretArn(secret.name),
      Name: secret.name,
      SecretString: secret.value,
      VersionId: '00000000-0000-4000-8000-000000000001',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith: (secretId, type, message) => failures.set(secretId, { type, message }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Credentials and region for the SDK's default chain in a child process (the fake checks no signature). */
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
  AWS_SECRET_ACCESS_KEY: 'local-test-only',
  AWS_REGION: 'us-east-1',
} as const;
