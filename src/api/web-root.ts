/**
 * Where the dashboard's build is (web/dist, `npm run build:web`): the nearest ancestor of this
 * module holding web/dist/index.html, so the repository when running from src/api/ and the
 * image's /app when compiled to dist/src/api/. Null when there is no build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findWebRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; ) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
