/**
 * Builds the explorer page into dist/client with esbuild (minified, with source maps, ES2020 for the browsers
 * we support), in two calls:
 * - client/src/main.ts as an ES module with code splitting, so the Cypher editor (a large parser) is a chunk
 *   loaded only when the console opens;
 * - the layout web worker (client/src/view/layout-worker.ts) as a classic script (format 'iife'), because the
 *   page starts it with a plain `new Worker(url)`, which cannot import chunks.
 * index.html, styles.css and the editor's stylesheet are copied next to them. The server serves dist/client at
 * "/". Run with `npm run build:client`.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'client');
const common = {
  outdir: outDir,
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
};

// Chunk names carry content hashes: start clean so old chunks do not pile up.
await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const results = await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'client', 'src', 'main.ts')],
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
  }),
  build({
    ...common,
    entryPoints: [{ in: join(root, 'client', 'src', 'view', 'layout-worker.ts'), out: 'layout-worker' }],
    format: 'iife',
  }),
]);
await Promise.all([
  ...['index.html', 'styles.css'].map((file) => copyFile(join(root, 'client', file), join(outDir, file))),
  copyFile(join(root, 'node_modules', '@neo4j-cypher', 'codemirror', 'css', 'cypher-codemirror.css'), join(outDir, 'cypher-codemirror.css')),
]);
const bytes = results
  .flatMap((result) => Object.values(result.metafile.outputs))
  .reduce((sum, output) => sum + output.bytes, 0);
console.log(`client built to ${outDir} (${Math.round(bytes / 1024)} KiB with source maps)`);
