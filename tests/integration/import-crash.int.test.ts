/**
 * All-or-nothing across a crash: the import CLI (built from the sources) runs in a child process on a big
 * CSV import and is killed with SIGKILL while it is writing relationships; the store, opened again, holds
 * exactly what it held before that import.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { PROJECT_ROOT } from '../../server/project-paths';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { graphJson, writeCsvFiles, writeJsonFile } from '../support/import-fixtures';

const OUT_DIR = path.join(PROJECT_ROOT, 'dist', 'import-crash-test');
const CLI = path.join(OUT_DIR, 'server', 'cli', 'import-cli.js');

afterAll(removeTempDirs);

beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT_DIR], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
}, 120_000);

function env(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded', SEED_DIR: MINI_SEED_DIR, SEED_ON_START: 'never', NEO4J_URI: '' };
}

test('when the import process is killed while writing, the store is as it was before that import', async () => {
  const dataDir = makeTempDir();
  const inputs = makeTempDir();
  const baseline = writeJsonFile(inputs, 'base.json', graphJson('base', 5));
  const first = spawnSync(process.execPath, [CLI, baseline, '--actor', 'first'], { env: env(dataDir), encoding: 'utf8' });
  expect(first.stderr).not.toMatch(/failed|invalid/i);
  expect(first.status).toBe(0);

  const big = writeCsvFiles(inputs, 'big', 6_000);
  const child = spawn(process.execPath, [CLI, ...big, '--actor', 'doomed'], { env: env(dataDir) });
  let stderr = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    // The first "writing edges" line comes after the first batch of relationships was written.
    if (/writing edges: [1-9]/.test(stderr)) child.kill('SIGKILL');
  });
  const { signal } = await exit;
  expect(stderr).toMatch(/writing edges/);
  expect(signal).toBe('SIGKILL');

  const store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 128 * 1024 * 1024 });
  await store.init();
  expect(await store.counts()).toEqual({ nodes: 10, edges: 5 });
  const log = await store.listImports();
  expect(log.map((i) => i.actor)).toEqual(['first']);
  expect(await store.getNodes(['big-c0', 'big-b0'])).toEqual([]);
}, 180_000);
