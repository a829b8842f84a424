#!/usr/bin/env node
// Builds the dashboard (web/) into web/dist with Vite, unless web/dist was built from the same
// sources: `npm start` and `npm test` run this first (prestart, pretest), so a fresh clone gets
// the dashboard and an unchanged one pays only for hashing its sources (milliseconds).
// --force builds regardless (`npm run build`).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const stamp = join(web, 'dist', '.sources-sha256');
// What the bundle is made of: the dashboard, the API contract it imports, the locked packages.
const inputs = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(root, 'src/api/contract.ts'),
  join(root, 'package-lock.json'),
];

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

const hash = createHash('sha256');
for (const file of inputs.flatMap(filesUnder))
  hash.update(relative(root, file)).update('\0').update(readFileSync(file));
const digest = hash.digest('hex');

const force = process.argv.includes('--force');
if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) process.exit(0);

const started = performance.now();
const { build } = await import('vite');
await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stamp, `${digest}\n`);
process.stderr.write(
  `dashboard built into web/dist in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
