/**
 * A staged import (from IMPORT_STAGED_FROM records; 0 here) writes a copy of the embedded database and swaps
 * it in (every write does, see kuzu-generations.ts; a staged one also commits in slices and copies its
 * relationships at the end): readers keep the old graph until the swap, every store on the folder sees the
 * new one after it, and the folder keeps only the current database file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataDirUnopenableError, KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { seedStore } from '../../server/domain/seed-graph';
import { importGraph, undoImport, type ImportProgress } from '../../server/domain/import-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { GraphCounts } from '../../server/domain/ports/graph-store';
import type { KuzuStoreOptions } from '../../server/stores/kuzu/kuzu-graph-store';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { asImportFiles, writeCsvFiles } from '../support/import-fixtures';
import { TooLargeError } from '../../server/domain/errors';

// Relationships whose one COPY overflows a 16 MB buffer pool (measured: about 800 bytes of pool a row).
const TOO_BIG_FOR_16_MB = 40_000;

afterAll(removeTempDirs);

/** The mini-seed in a new folder, on a store with a 128 MB pool and `options`. */
async function seededStore(options: Partial<KuzuStoreOptions> = {}): Promise<{ store: KuzuGraphStore; dataDir: string }> {
  const dataDir = makeTempDir();
  const store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 128 * 1024 * 1024, ...options });
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  return { store, dataDir };
}

test('when a staged import runs, readers see the old graph until the swap and every store on the folder sees the new one after', async () => {
  const vocabulary = await readVocabulary(MINI_SEED_DIR);
  const { store: writer, dataDir } = await seededStore();
  // A second store on the same folder in this process shares the Database, as two app instances in tests do.
  const reader = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 128 * 1024 * 1024 });
  await reader.init();
  const before = await reader.counts();
  // Seeding was the first write: generation 1.
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector-1.kuzu']);

  const files = writeCsvFiles(makeTempDir(), 'st', 1_500);
  const during: Array<Promise<GraphCounts>> = [];
  const onProgress = (p: ImportProgress): void => {
    // Writing happens on the copy: a read now must answer, with the graph as it was.
    if (p.phase === 'write' && during.length < 3) during.push(reader.counts().then((c) => ({ ...c })));
  };
  const summary = await importGraph(writer, asImportFiles(files), {
    actor: 'stager',
    vocabulary,
    onProgress,
    stagedFromRecords: 0,
  });
  expect(summary.counts.nodes.added).toBe(3_000);
  expect(summary.counts.edges.added).toBe(1_500);
  expect(during.length).toBeGreaterThan(0);
  for (const c of await Promise.all(during)) expect(c).toEqual(before);

  const after = { nodes: before.nodes + 3_000, edges: before.edges + 1_500 };
  expect(await reader.counts()).toEqual(after);
  expect(await writer.counts()).toEqual(after);
  expect((await reader.getNodes(['st-c7'])).map((n) => n.name)).toEqual(['Country 7']);
  expect((await reader.listImports()).map((i) => i.actor)).toEqual(['stager']);
  // The old file is gone, CURRENT names the new one, no staging folder and no write-ahead log are left.
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector-2.kuzu']);
  expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-2.kuzu');

  // Undo is staged too: the next swap brings back the graph as it was.
  const undone = await undoImport(writer, summary.importId as string, { actor: 'undoer', stagedFromRecords: 0 });
  expect(undone.removed).toEqual({ nodes: 3_000, edges: 1_500, documents: 1 });
  expect(await reader.counts()).toEqual(before);
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector-3.kuzu']);
}, 180_000);

test('when CURRENT names a database file that is missing and no older one opens, opening the folder fails with a message and removes nothing', async () => {
  const dataDir = makeTempDir();
  writeFileSync(path.join(dataDir, 'multivector.kuzu'), 'not really a database');
  writeFileSync(path.join(dataDir, 'CURRENT'), 'multivector-7.kuzu\n');
  const open = KuzuGraphStore.open({ dataDir });
  await expect(open).rejects.toThrow(DataDirUnopenableError);
  await expect(open).rejects.toThrow(/multivector-7\.kuzu: the file is missing; multivector\.kuzu: .*not a valid Kuzu database/);
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector.kuzu']);
});

test('a staged import into relationship tables that hold rows keeps every stored relationship exactly, and a second one keeps the first', async () => {
  // The embedded engine copies fast only into empty storage, so a staged import rebuilds the tables it adds
  // to: the stored rows are read back, the table is created again and everything is copied in one piece.
  const vocabulary = await readVocabulary(MINI_SEED_DIR);
  const { store } = await seededStore();
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  const seeded = byId((await store.readAll()).edges);
  expect(seeded.some((e) => e.type === 'HOSTS_BASE')).toBe(true);

  const first = await importGraph(store, asImportFiles(writeCsvFiles(makeTempDir(), 'r1', 400)), {
    actor: 'one',
    vocabulary,
    stagedFromRecords: 0,
  });
  expect(first.counts.edges.added).toBe(400);
  const afterFirst = byId((await store.readAll()).edges);
  expect(afterFirst.filter((e) => !e.id.startsWith('r1-'))).toEqual(seeded);
  const imported = afterFirst.filter((e) => e.id.startsWith('r1-'));
  expect(imported).toHaveLength(400);
  expect(imported.find((e) => e.id === 'r1-e7')).toMatchObject({
    type: 'HOSTS_BASE',
    source: 'r1-c7',
    target: 'r1-b7',
    properties: { troops: 70 },
    sources: [{ document: 'doc-import.txt', quote: 'Quote 7, with a comma' }],
  });

  await importGraph(store, asImportFiles(writeCsvFiles(makeTempDir(), 'r2', 300)), {
    actor: 'two',
    vocabulary,
    stagedFromRecords: 0,
  });
  const afterSecond = byId((await store.readAll()).edges);
  expect(afterSecond.filter((e) => !e.id.startsWith('r2-'))).toEqual(afterFirst);
  expect(afterSecond.filter((e) => e.id.startsWith('r2-'))).toHaveLength(300);
  // Through a node's adjacency too, not only table scans: both directions of the rebuilt table answer.
  expect((await store.adjacency(['r2-c5'], 'out')).map((r) => r.id)).toEqual(['r2-e5']);
  expect((await store.adjacency(['r1-b9'], 'in')).map((r) => r.id)).toEqual(['r1-e9']);
  const seededAlpha = seeded.filter((e) => e.source === 'alpha').map((e) => e.id).sort();
  expect((await store.adjacency(['alpha'], 'out')).map((r) => r.id).sort()).toEqual(seededAlpha);
}, 180_000);

test('a staged import whose relationships do not fit the import buffer pool stops with a message naming IMPORT_MEMORY_MB and changes nothing', async () => {
  const vocabulary = await readVocabulary(MINI_SEED_DIR);
  const { store, dataDir } = await seededStore({ importBufferPoolBytes: 16 * 1024 * 1024 });
  const before = await store.counts();
  const files = writeCsvFiles(makeTempDir(), 'big', TOO_BIG_FOR_16_MB);
  const run = importGraph(store, asImportFiles(files), { actor: 'big', vocabulary, stagedFromRecords: 0 });
  await expect(run).rejects.toThrow(TooLargeError);
  await expect(run).rejects.toThrow(/The import needs more memory than its buffer pool \(IMPORT_MEMORY_MB.*\) allows.*nothing was imported/);
  expect(await store.counts()).toEqual(before);
  expect(await store.listImports()).toEqual([]);
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector-1.kuzu']);
}, 180_000);

test('a small import into a large relationship table, and its undo, are staged too', async () => {
  // A small write into a large pair is merged row by row at Kuzu's checkpoint (minutes at 1M rows), so the
  // store stages writes into tables from stageIntoRows rows (100,000 by default; 2 here, as many as the mini-seed's
  // HOSTS_BASE holds).
  const vocabulary = await readVocabulary(MINI_SEED_DIR);
  const { store, dataDir } = await seededStore({ stageIntoRows: 2 });
  expect((await store.readAll()).edges.filter((e) => e.type === 'HOSTS_BASE')).toHaveLength(2);
  const before = await store.counts();
  const files = asImportFiles(writeCsvFiles(makeTempDir(), 'sm', 3));
  // Far below stagedFromRecords: staged only because HOSTS_BASE is large.
  const summary = await importGraph(store, files, { actor: 'small', vocabulary, stagedFromRecords: 1_000 });
  expect(summary.counts.edges.added).toBe(3);
  expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-2.kuzu');
  expect(await store.counts()).toEqual({ nodes: before.nodes + 6, edges: before.edges + 3 });
  expect((await store.adjacency(['sm-c1'], 'out')).map((r) => r.id)).toEqual(['sm-e1']);

  await undoImport(store, summary.importId as string, { actor: 'small', stagedFromRecords: 1_000 });
  expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-3.kuzu');
  expect(await store.counts()).toEqual(before);

  // Documents only: no relationship table touched, one transaction on the copy.
  const docs = files.filter((f) => f.name.endsWith('documents.csv'));
  await importGraph(store, docs, { actor: 'small', vocabulary, stagedFromRecords: 1_000 });
  expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-4.kuzu');
}, 180_000);
