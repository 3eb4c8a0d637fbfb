/**
 * Builds the explorer page into dist/client: esbuild bundles client/src/main.ts (minified, with a source map,
 * ES2020 for the browsers we support) as an ES module with code splitting, so the Cypher editor (a large
 * parser) is a chunk loaded only when the console opens; index.html, styles.css and the editor's stylesheet
 * are copied next to it. The server serves dist/client at "/". Run with `npm run build:client`.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'client');

// Chunk names carry content hashes: start clean so old chunks do not pile up.
await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'client', 'src', 'main.ts')],
  outdir: outDir,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'browser',
  format: 'esm',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
await Promise.all([
  ...['index.html', 'styles.css'].map((file) => copyFile(join(root, 'client', file), join(outDir, file))),
  copyFile(join(root, 'node_modules', '@neo4j-cypher', 'codemirror', 'css', 'cypher-codemirror.css'), join(outDir, 'cypher-codemirror.css')),
]);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`client built to ${outDir} (${Math.round(bytes / 1024)} KiB with source map)`);
