/**
 * deploy/: compose.yaml is valid against the Compose Specification's own JSON schema (committed
 * in deploy/schema with its source and licence) and against docker-compose itself, and it wires
 * what the distributed shape needs; the Dockerfile has the shape the README promises. Under CI
 * (CI set, as .ci/run does) a missing docker-compose fails the test instead of skipping it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_NAMES } from '../src/services/service.js';

interface ComposeService {
  image?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const require = createRequire(import.meta.url);
const composeText = readFileSync('deploy/compose.yaml', 'utf8');
// Merge keys (<<) are YAML 1.1, which Compose reads; `merge` applies them as Compose does.
const compose = parse(composeText, { merge: true, maxAliasCount: -1 }) as ComposeFile;
const services = Object.entries(compose.services);
const inProfile = (profile: string) => services.filter(([, s]) => s.profiles?.includes(profile));

describe('deploy/compose.yaml', () => {
  it('is valid against the Compose Specification JSON schema', () => {
    const schema = JSON.parse(readFileSync('deploy/schema/compose-spec.json', 'utf8'));
    // The spec's custom formats (durations, ports) are checked by docker-compose below.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    // The spec names draft-07 by its https URL, without the "#" Ajv registers it under.
    const draft07 = JSON.parse(
      readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-07.json'), 'utf8'),
    );
    ajv.addMetaSchema({ ...draft07, $id: schema.$schema }, schema.$schema);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('core is PostgreSQL with TimescaleDB and Redis; full adds every service, three shards and the simulated world', () => {
    expect(
      inProfile('core')
        .map(([name]) => name)
        .sort(),
    ).toEqual(['postgres', 'redis']);
    expect(compose.services.postgres!.image).toMatch(/^timescale\/timescaledb:/);
    const full = inProfile('full');
    const commands = full.map(([, s]) => s.command ?? []);
    for (const name of SERVICE_NAMES) {
      const instances = commands.filter((c) => c[0] === 'service' && c[1] === name);
      // The lock-step replay driver is the other way to run a replay (docs/distributed.md), with
      // keys it shares with execution: not part of this profile.
      expect(instances.length, name).toBe(name === 'game-shard' ? 3 : name === 'replay-driver' ? 0 : 1);
    }
    const instanceIds = commands.filter((c) => c[0] === 'service').map((c) => c[c.indexOf('--instance') + 1]);
    expect(new Set(instanceIds).size).toBe(instanceIds.length);
    const worlds = full.filter(([, s]) => s.command?.[0] === 'sim');
    expect(worlds.map(([name, s]) => [name, s.command?.[1]])).toEqual([['sim-world', 'world']]);
    // The world writes its settings into the volume the services read them from.
    const world = compose.services['sim-world']!;
    const file = world.command![world.command!.indexOf('--settings-file') + 1];
    expect(file).toBe('/world/world.env');
    expect(world.volumes).toContain('world:/world');
    for (const [name, s] of full.filter(([, s]) => s.command?.[0] === 'service')) {
      expect(s.environment?.ARBEES_SETTINGS_FILE, name).toBe(`\${ARBEES_SETTINGS_FILE-/world/world.env}`);
      expect(s.volumes, name).toContain('world:/world:ro');
      expect(s.environment?.ARBEES_MODE, name).toBe(`\${ARBEES_MODE:-paper}`);
    }
  });

  it('real is every service without the world, by settings only (real-venues.env.example)', () => {
    const real = inProfile('real');
    expect(real.some(([, s]) => s.command?.[0] === 'sim')).toBe(false);
    for (const name of SERVICE_NAMES) {
      const instances = real.filter(([, s]) => s.command?.[0] === 'service' && s.command[1] === name);
      expect(instances.length, name).toBe(name === 'game-shard' ? 3 : name === 'replay-driver' ? 0 : 1);
    }
    // A service waits for the world only where it runs.
    for (const [name, s] of real)
      if (s.depends_on?.['sim-world']) expect(s.depends_on['sim-world'].required, name).toBe(false);
    const example = readFileSync('deploy/real-venues.env.example', 'utf8');
    const settings = Object.fromEntries(
      example
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(settings.COMPOSE_PROFILES).toBe('real');
    // No world settings file: every endpoint defaults to the real venue.
    expect(settings.ARBEES_SETTINGS_FILE).toBe('');
    // Every setting it gives reaches the services through compose.yaml.
    for (const key of Object.keys(settings).filter((k) => k !== 'COMPOSE_PROFILES' && k !== 'SECRETS_DIR'))
      expect(composeText, key).toContain(`\${${key}`);
  });

  it('every container has a healthcheck, services have the store and bus URLs, and depend only on healthy ones', () => {
    for (const [name, service] of services) {
      expect(service.healthcheck?.test, name).toBeDefined();
      if (service.command?.[0] === 'service') {
        expect(service.environment?.DATABASE_URL, name).toMatch(/^postgres:\/\/.*@postgres:5432\//);
        expect(service.environment?.REDIS_URL, name).toBe('redis://redis:6379');
        expect(service.healthcheck?.test.join(' '), name).toContain('/readyz');
        expect(Object.keys(service.depends_on ?? {}), name).toEqual(
          expect.arrayContaining(['postgres', 'redis']),
        );
      }
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services[dependency], `${name} -> ${dependency}`).toBeDefined();
        expect(condition, `${name} -> ${dependency}`).toBe('service_healthy');
      }
    }
  });

  const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  const haveDockerCompose = dockerCompose.status === 0;
  it.skipIf(!haveDockerCompose && !process.env.CI)('passes `docker-compose config -q`', () => {
    expect(haveDockerCompose, 'docker-compose is not installed (.ci/run installs it)').toBe(true);
    for (const profile of ['core', 'full', 'real']) {
      const r = spawnSync(
        'docker-compose',
        ['-f', 'deploy/compose.yaml', '--profile', profile, 'config', '-q'],
        {
          encoding: 'utf8',
        },
      );
      expect(r.stderr, profile).toBe('');
      expect(r.status, profile).toBe(0);
    }
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('builds in one stage and runs the compiled code as a non-root user in another', () => {
    const stages = instructions.filter((l) => l.startsWith('FROM '));
    expect(stages).toEqual([
      expect.stringMatching(/^FROM node:20\S* AS build$/),
      expect.stringMatching(/^FROM node:20\S* AS runtime$/),
    ]);
    const runtime = instructions.slice(instructions.indexOf(stages[1]!));
    expect(runtime).toContain('RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime.find((l) => l.startsWith('USER '))).toBe('USER node');
    expect(runtime).toContain('ENTRYPOINT ["node", "bin/arbees.js"]');
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK '))).toContain('/healthz');
  });

  it('copies only paths that exist', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(existsSync(source), line).toBe(true);
    }
  });
});
