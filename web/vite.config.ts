// The dashboard's build: React through esbuild's automatic JSX runtime (no plugin needed), into
// web/dist, which the API serves at / (src/api/server.ts). `npm run build:web`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: false },
  logLevel: 'warn',
});
