#!/usr/bin/env node
import { resolve } from 'node:path';
// Runs a TypeScript entry point through tsx's loader, so `npm start`, `npm run bench` and the
// scripts work straight after `npm ci` without a build step.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-ts.js <file.ts> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
