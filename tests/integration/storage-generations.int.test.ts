/**
 * Generations of the embedded database: each write makes the next file, the previous one stays until the
 * next has opened. A folder left between the two (a crash after the commit point) opens the new one; when
 * the new one does not open, the server starts from the previous one and says so in /api/health; when no
 * generation opens, it refuses to start, names the folder and what it tried, and removes nothing.
 */
import { copyFileSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { KuzuGraphStore, DataDirUnopenableError } from '../../server/stores/kuzu/kuzu-graph-store';
import { importGraph } from '../../server/domain/import-graph';
import { seedStore } from '../../server/domain/seed-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { Health } from '../../server/domain/graph-model';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR, startTestServer } from '../support/test-server';
import { asImportFiles, writeCsvFiles } from '../support/import-fixtures';

afterAll(removeTempDirs);

interface Generations {
  /** Counts after the seed (generation 1) and after an import (generation 2). */
  seeded: { nodes: number; edges: number };
  imported: { nodes: number; edges: number };
}

let generations: Generations;
let source: string;

// A store in this process writes generation 1 (the seed) and 2 (an import); each file is copied away as
// soon as it is current (the file in use is only read, so a copy of it is whole).
beforeAll(async () => {
  source = makeTempDir();
  const store = await KuzuGraphStore.open({ dataDir: source, bufferPoolBytes: 256 * 2 ** 20, importBufferPoolBytes: 256 * 2 ** 20 });
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  copyFileSync(path.join(source, 'multivector-1.kuzu'), path.join(source, 'kept-1.kuzu'));
  const seeded = await store.counts();
  await importGraph(store, asImportFiles(writeCsvFiles(makeTempDir(), 'gen', 4)), { actor: 'gen', vocabulary: await readVocabulary(MINI_SEED_DIR) });
  expect(readdirSync(source).sort()).toEqual(['CURRENT', 'kept-1.kuzu', 'multivector-2.kuzu']);
  generations = { seeded, imported: await store.counts() };
  expect(generations.imported.nodes).toBe(seeded.nodes + 8);
}, 120_000);

/** A folder as a crash between the commit point and retiring the old file leaves it: both generations, CURRENT naming 2. */
function folderBetweenGenerations(): string {
  const dir = makeTempDir();
  copyFileSync(path.join(source, 'kept-1.kuzu'), path.join(dir, 'multivector-1.kuzu'));
  copyFileSync(path.join(source, 'multivector-2.kuzu'), path.join(dir, 'multivector-2.kuzu'));
  writeFileSync(path.join(dir, 'CURRENT'), 'multivector-2.kuzu\n');
  return dir;
}

/** Overwrites the file's first page (Kuzu's header) with garbage. */
function damage(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
  closeSync(fd);
}

async function health(baseUrl: string): Promise<Health> {
  return (await (await fetch(`${baseUrl}/api/health`)).json()) as Health;
}

test('when a crash came after the commit point, the next start opens the new generation and retires the old one', async () => {
  const dataDir = folderBetweenGenerations();
  const server = await startTestServer({ seed: false, env: { DATA_DIR: dataDir } });
  try {
    const body = await health(server.baseUrl);
    expect(body).toMatchObject({ status: 'ok', nodes: generations.imported.nodes, edges: generations.imported.edges, storage: { generation: 2 } });
    expect(body.storage?.recoveredFrom).toBeUndefined();
    expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector-2.kuzu']);
  } finally {
    await server.close();
  }
}, 60_000);

test('when the current generation does not open, the server starts from the previous one and says so in /api/health', async () => {
  const dataDir = folderBetweenGenerations();
  damage(path.join(dataDir, 'multivector-2.kuzu'));
  const server = await startTestServer({ seed: false, env: { DATA_DIR: dataDir } });
  try {
    const body = await health(server.baseUrl);
    expect(body).toMatchObject({
      status: 'ok',
      nodes: generations.seeded.nodes,
      edges: generations.seeded.edges,
      storage: { generation: 1, recoveredFrom: { generation: 2, reason: expect.stringMatching(/.+/) as unknown as string } },
    });
    expect(Number.isNaN(Date.parse(body.storage?.recoveredFrom?.at ?? ''))).toBe(false);
    // CURRENT names the generation in use; the one that failed is kept aside for whoever investigates.
    expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-1.kuzu');
    expect(existsSync(path.join(dataDir, 'failed', 'multivector-2.kuzu'))).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'failed', 'multivector-1.kuzu']);
    // The next write goes on from there as usual.
    const vocabulary = await readVocabulary(MINI_SEED_DIR);
    await importGraph(server.app.store, asImportFiles(writeCsvFiles(makeTempDir(), 'after', 2)), { actor: 'after', vocabulary });
    expect(await health(server.baseUrl)).toMatchObject({ nodes: generations.seeded.nodes + 4, storage: { generation: 2, recoveredFrom: { generation: 2 } } });
  } finally {
    await server.close();
  }
}, 60_000);

test('when no generation opens, the server refuses to start, names the folder and what it tried, and removes nothing', async () => {
  const dataDir = folderBetweenGenerations();
  damage(path.join(dataDir, 'multivector-2.kuzu'));
  damage(path.join(dataDir, 'multivector-1.kuzu'));
  const before = readdirSync(dataDir).sort();
  const start = startTestServer({ seed: false, env: { DATA_DIR: dataDir } });
  await expect(start).rejects.toThrow(DataDirUnopenableError);
  await expect(start).rejects.toThrow(new RegExp(`"${dataDir}".*tried multivector-2\\.kuzu: .+; multivector-1\\.kuzu: .+\\. Nothing was removed`));
  expect(readdirSync(dataDir).sort()).toEqual(before);
}, 60_000);
