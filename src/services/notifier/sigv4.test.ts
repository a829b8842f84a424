import { describe, expect, it } from 'vitest';
import { signRequest } from './sigv4.js';

describe('SigV4', () => {
  it("matches AWS's get-vanilla test vector", () => {
    const headers = signRequest({
      method: 'GET',
      path: '/',
      headers: { host: 'example.amazonaws.com' },
      body: '',
      region: 'us-east-1',
      service: 'service',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
      nowMs: Date.UTC(2015, 7, 30, 12, 36, 0),
    });
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});
