/**
 * Start-up behaviour: the first start seeds an empty store, a restart keeps what is stored, and a
 * DATA_DIR held by another process or a broken vocabulary stops start-up with a clear message.
 */
import { spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { startMultivector } from '../../server/main';
import { PROJECT_ROOT } from '../../server/project-paths';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { seedStore } from '../../server/domain/seed-graph';

afterAll(removeTempDirs);

const configFor = (dataDir: string) =>
  loadConfig({ PORT: '0', DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded' });

test('the first start seeds the empty store and a restart keeps what is stored without seeding again', async () => {
  const dataDir = makeTempDir();
  const first = await startMultivector(configFor(dataDir), { seedDir: MINI_SEED_DIR, log: () => undefined });
  const before = await (await fetch(`${first.url}/api/health`)).json();
  await first.close();
  expect(before).toMatchObject({ nodes: 8, edges: 9 });
  // A different seed on restart must not be loaded: the store is not empty.
  const second = await startMultivector(configFor(dataDir), { log: () => undefined });
  const after = await (await fetch(`${second.url}/api/health`)).json();
  await second.close();
  // The same graph, served by a new engine process (its pid is the one thing that differs).
  const withoutPid = (h: { engineProcess: object }): object => ({ ...h, engineProcess: { ...h.engineProcess, pid: 0 } });
  expect(withoutPid(after as { engineProcess: object })).toEqual(withoutPid(before as { engineProcess: object }));
});

test('seeding again after a restart changes nothing (column types read back from the catalogue match the declared ones)', async () => {
  const dataDir = makeTempDir();
  const first = await KuzuGraphStore.open({ dataDir });
  await first.init();
  await seedStore(first, MINI_SEED_DIR);
  const before = await first.readAll();
  await first.close();
  // A new store instance loads its schema from Kuzu's catalogue, as `npm run seed` does in a new process.
  const second = await KuzuGraphStore.open({ dataDir });
  await second.init();
  await expect(seedStore(second, MINI_SEED_DIR)).resolves.toBeDefined();
  const after = await second.readAll();
  await second.close();
  expect(after.nodes.length).toBe(before.nodes.length);
  expect(after.edges.length).toBe(before.edges.length);
});

test('a DATA_DIR locked by another process stops start-up with a message naming DATA_DIR', async () => {
  const dataDir = makeTempDir();
  const holder = spawn(
    process.execPath,
    ['-e', `const k=require('kuzu');const db=new k.Database(${JSON.stringify(path.join(dataDir, 'multivector.kuzu'))});db.initSync();console.log('held');setInterval(()=>{},1000);`],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    await expect(startMultivector(configFor(dataDir), { seedDir: MINI_SEED_DIR, log: () => undefined })).rejects.toThrow(
      /DATA_DIR .* is in use by another process/,
    );
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a broken vocabulary stops start-up naming the file, and the engine started meanwhile frees DATA_DIR', async () => {
  const dataDir = makeTempDir();
  const seedDir = makeTempDir();
  cpSync(MINI_SEED_DIR, seedDir, { recursive: true });
  writeFileSync(path.join(seedDir, 'vocabulary.json'), '{ "relationshipTypes": ');
  await expect(startMultivector(configFor(dataDir), { seedDir, log: () => undefined })).rejects.toThrow(/vocabulary\.json/);
  // The engine process forked before the vocabulary was read is closed with the failed start: the folder opens.
  const next = await startMultivector(configFor(dataDir), { seedDir: MINI_SEED_DIR, log: () => undefined });
  const health = await (await fetch(`${next.url}/api/health`)).json();
  await next.close();
  expect(health).toMatchObject({ nodes: 8, edges: 9 });
});
