/**
 * A staged import (from IMPORT_STAGED_FROM records; 0 here) writes a copy of the embedded database and swaps
 * it in: readers keep the old graph until the swap, every store on the folder sees the new one after it,
 * and the folder keeps only the current database file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { seedStore } from '../../server/domain/seed-graph';
import { importGraph, undoImport, type ImportProgress } from '../../server/domain/import-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { GraphCounts } from '../../server/stores/graph-store';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { writeCsvFiles } from '../support/import-fixtures';

afterAll(removeTempDirs);

test('when a staged import runs, readers see the old graph until the swap and every store on the folder sees the new one after', async () => {
  const vocabulary = await readVocabulary(MINI_SEED_DIR);
  const dataDir = makeTempDir();
  const writer = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 128 * 1024 * 1024 });
  await writer.init();
  await seedStore(writer, MINI_SEED_DIR);
  // A second store on the same folder in this process shares the Database, as two app instances in tests do.
  const reader = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 128 * 1024 * 1024 });
  await reader.init();
  const before = await reader.counts();
  expect(readdirSync(dataDir).filter((f) => !f.endsWith('.wal'))).toEqual(['multivector.kuzu']);

  const files = writeCsvFiles(makeTempDir(), 'st', 1_500);
  const during: Array<Promise<GraphCounts>> = [];
  const onProgress = (p: ImportProgress): void => {
    // Writing happens on the copy: a read now must answer, with the graph as it was.
    if (p.phase === 'write' && during.length < 3) during.push(reader.counts().then((c) => ({ ...c })));
  };
  const summary = await importGraph(writer, files.map((f) => ({ name: path.basename(f), path: f })), {
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
  // The old file is gone, CURRENT names the new one, no staging folder is left.
  // (Kuzu may keep a write-ahead log next to the current file, never next to the old one.)
  expect(readdirSync(dataDir).filter((f) => f !== 'multivector-1.kuzu.wal').sort()).toEqual(['CURRENT', 'multivector-1.kuzu']);
  expect(readFileSync(path.join(dataDir, 'CURRENT'), 'utf8').trim()).toBe('multivector-1.kuzu');

  // Undo is staged too: the next swap brings back the graph as it was.
  const undone = await undoImport(writer, summary.importId as string, { actor: 'undoer', stagedFromRecords: 0 });
  expect(undone.removed).toEqual({ nodes: 3_000, edges: 1_500, documents: 1 });
  expect(await reader.counts()).toEqual(before);
  expect(readdirSync(dataDir).filter((f) => f !== 'multivector-2.kuzu.wal').sort()).toEqual(['CURRENT', 'multivector-2.kuzu']);
}, 180_000);

test('when CURRENT names a database file that is missing, opening the folder fails with a message and removes nothing', async () => {
  const dataDir = makeTempDir();
  writeFileSync(path.join(dataDir, 'multivector.kuzu'), 'not really a database');
  writeFileSync(path.join(dataDir, 'CURRENT'), 'multivector-7.kuzu\n');
  await expect(KuzuGraphStore.open({ dataDir })).rejects.toThrow(/CURRENT names "multivector-7\.kuzu", which does not exist/);
  expect(readdirSync(dataDir).sort()).toEqual(['CURRENT', 'multivector.kuzu']);
});
