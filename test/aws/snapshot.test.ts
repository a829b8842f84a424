/**
 * The paper profile as the CDK builds it from source: the image is deploy/Dockerfile built for
 * ARM64 as an asset, and the templates match the committed snapshot once asset hashes (which
 * change with every source edit) are replaced. Update with `npx vitest run -u test/aws/snapshot.test.ts`
 * after a deliberate change, and read the diff.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STACK_PARTS, synthProfile } from './synth.js';

interface DockerImageAsset {
  source: { directory?: string; dockerFile?: string; platform?: string };
}

const normalise = (template: unknown) =>
  JSON.stringify(template, null, 1).replace(/[0-9a-f]{64}/g, '<asset-hash>');

describe('deploy/aws paper built from source', () => {
  const s = synthProfile('paper', { imageTag: undefined, keepAssembly: true });
  afterAll(() => s.cleanup());

  it('builds deploy/Dockerfile for linux/arm64 as the one image asset', () => {
    const manifests = s.assembly.artifacts.filter((a) => a.manifest.type === 'cdk:asset-manifest');
    const images = manifests.flatMap((m) => {
      const file = join(s.assembly.directory, (m.manifest.properties as { file: string }).file);
      const { dockerImages = {} } = JSON.parse(readFileSync(file, 'utf8')) as {
        dockerImages?: Record<string, DockerImageAsset>;
      };
      return Object.values(dockerImages);
    });
    expect(images.length).toBe(1);
    expect(images[0]?.source).toMatchObject({ dockerFile: 'deploy/Dockerfile', platform: 'linux/arm64' });
    // The build context is the repository, less what .dockerignore leaves out (node_modules).
    const context = join(s.assembly.directory, images[0]!.source.directory!);
    expect(statSync(join(context, 'deploy', 'Dockerfile')).isFile()).toBe(true);
    expect(() => statSync(join(context, 'node_modules'))).toThrow();
  });

  it.each(STACK_PARTS.filter((p) => s.has(p)))('%s stack matches its snapshot', (part) => {
    expect(normalise(s.json(part))).toMatchSnapshot();
  });
});
