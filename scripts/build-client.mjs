/**
 * Builds the explorer page into dist/client: esbuild bundles client/src/main.ts and the layout web worker
 * (client/src/view/layout-worker.ts, loaded by the page from next to main.js) (minified, with source maps,
 * ES2020 for the browsers we support) and index.html and styles.css are copied next to them. The server serves
 * dist/client at "/". Run with `npm run build:client`.
 */
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'client');

await mkdir(outDir, { recursive: true });
const result = await build({
  entryPoints: [
    { in: join(root, 'client', 'src', 'main.ts'), out: 'main' },
    { in: join(root, 'client', 'src', 'view', 'layout-worker.ts'), out: 'layout-worker' },
  ],
  outdir: outDir,
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'browser',
  format: 'iife',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
await Promise.all(
  ['index.html', 'styles.css'].map((file) => copyFile(join(root, 'client', file), join(outDir, file))),
);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`client built to ${outDir} (${Math.round(bytes / 1024)} KiB with source map)`);
