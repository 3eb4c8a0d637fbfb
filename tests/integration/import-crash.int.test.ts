/**
 * All-or-nothing across a crash: the import CLI (built from the sources) runs in a child process on a big
 * CSV import and is killed with SIGKILL while it is writing relationships; the store, opened again, holds
 * exactly what it held before that import.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

function env(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded', SEED_DIR: MINI_SEED_DIR, SEED_ON_START: 'never', NEO4J_URI: '', ...extra };
}

// One transaction (the default for an import this size), then a staged copy (IMPORT_STAGED_FROM=0).
test.each([
  { mode: 'one transaction', extra: {} },
  { mode: 'staged copy', extra: { IMPORT_STAGED_FROM: '0' } },
])('when the import process is killed while writing ($mode), the store is as it was before that import', async ({ extra }) => {
  const dataDir = makeTempDir();
  const inputs = makeTempDir();
  const baseline = writeJsonFile(inputs, 'base.json', graphJson('base', 5));
  const first = spawnSync(process.execPath, [CLI, baseline, '--actor', 'first'], { env: env(dataDir), encoding: 'utf8' });
  expect(first.stderr).not.toMatch(/failed|invalid/i);
  expect(first.status).toBe(0);

  const big = writeCsvFiles(inputs, 'big', 6_000);
  const child = spawn(process.execPath, [CLI, ...big, '--actor', 'doomed'], { env: env(dataDir, extra) });
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
  // Opening the folder removed what the killed import left: no staging copy, no second database file
  // (the first import made generation 1, the killed one never committed generation 2).
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector-1.kuzu']);
}, 180_000);

test('when a staged import completes in one process, the next process opens the new database', () => {
  const dataDir = makeTempDir();
  const inputs = makeTempDir();
  const files = writeCsvFiles(inputs, 'done', 200);
  const run = spawnSync(process.execPath, [CLI, ...files, '--actor', 'stager'], { env: env(dataDir, { IMPORT_STAGED_FROM: '0' }), encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/failed|invalid/i);
  expect(run.status).toBe(0);
  const list = spawnSync(process.execPath, [CLI, '--list'], { env: env(dataDir), encoding: 'utf8' });
  expect(list.status).toBe(0);
  expect(JSON.parse(list.stdout)).toMatchObject({ imports: [{ actor: 'stager', counts: { nodes: { added: 400 }, edges: { added: 200 } } }] });
  expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-1.kuzu');
}, 120_000);
