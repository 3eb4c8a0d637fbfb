/**
 * Where the project's own files are, whether running from TypeScript sources (tests) or from dist/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '..');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const SEED_DIR = path.join(PROJECT_ROOT, 'graph-seed');
/**
 * The seed articles' texts, kept outside the repository (they are the publishers' work): stored with their
 * documents when the seed is loaded, where a file named as the document id is found. SEED_TEXTS_DIR overrides.
 */
export const SEED_TEXTS_DIR = process.env.SEED_TEXTS_DIR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'seeds');
export const CLIENT_DIR = path.join(PROJECT_ROOT, 'dist', 'client');
