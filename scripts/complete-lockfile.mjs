#!/usr/bin/env node
// npm leaves out of package-lock.json the platform packages (e.g. @biomejs/cli-darwin-x64) that
// the registry it installed from does not serve, and `npm ci` then refuses the lockfile as out of
// sync. This adds each missing optional platform package as an optional entry, so `npm ci`
// accepts the lockfile everywhere and installs only the packages for the machine it runs on.
// Run after any `npm install` that changes dependencies: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (packages[target]) continue;
    packages[target] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added += 1;
    void key;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} optional platform entries\n`);
