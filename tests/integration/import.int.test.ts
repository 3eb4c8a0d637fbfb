/**
 * Import through the use case over the real embedded engine: exact adds, idempotence, all-or-nothing on a
 * bad row, undo of one import only, and lossless export -> import round trips (JSON and CSV).
 */
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { seedStore } from '../../server/domain/seed-graph';
import { importGraph, ImportValidationError, listImports, undoImport } from '../../server/domain/import-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { Graph } from '../../server/domain/graph-model';
import type { Vocabulary } from '../../server/domain/seed-schema';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { asImportFiles, graphJson, writeCsvFiles, writeJsonFile } from '../support/import-fixtures';
import { collectPropertyKeys } from '../../server/export/collect-property-keys';
import { writerFor } from '../../server/export/export-writer';

let vocabulary: Vocabulary;
let shared: GraphStore;
const actor = 'test';

// One database per way of writing: Kuzu reserves terabytes of address space per open database, and a
// database stays open until the process exits (see kuzu-graph-store.ts). Each test uses its own id prefix
// and compares the store before and after itself.
async function openSeeded(): Promise<GraphStore> {
  const store = await KuzuGraphStore.open({ dataDir: makeTempDir(), bufferPoolBytes: 128 * 1024 * 1024 });
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  return store;
}

const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
const snapshot = async (store: GraphStore): Promise<Graph> => {
  const g = await store.readAll();
  return { nodes: byId(g.nodes), edges: byId(g.edges) };
};

beforeAll(async () => {
  vocabulary = await readVocabulary(MINI_SEED_DIR);
  shared = await openSeeded();
});
afterAll(removeTempDirs);

// Both ways an import writes: one transaction, and (from IMPORT_STAGED_FROM records; 0 here) a staged copy of
// the database swapped in when complete. The same promises hold for both.
describe.each([
  { mode: 'one transaction', stagedFromRecords: undefined },
  { mode: 'staged copy swapped in', stagedFromRecords: 0 },
])('import into the embedded store ($mode)', ({ stagedFromRecords }) => {
  let modeStore: GraphStore;
  beforeAll(async () => {
    modeStore = await openSeeded();
  });
  test('when a good Graph JSON file is imported, exactly its records are added and the import is logged', async () => {
    const store = modeStore;
    const before = await snapshot(store);
    const data = graphJson('g', 3);
    const file = writeJsonFile(makeTempDir(), 'graph.json', data);
    const summary = await importGraph(store, [{ name: 'graph.json', path: file }], { actor, vocabulary, stagedFromRecords });
    expect(summary.counts).toEqual({
      nodes: { added: 6, changed: 0, unchanged: 0 },
      edges: { added: 3, changed: 0, unchanged: 0 },
      documents: { added: 1, changed: 0, unchanged: 0 },
    });
    const after = await snapshot(store);
    expect(after.nodes.filter((n) => !before.nodes.some((b) => b.id === n.id))).toEqual(byId(data.nodes));
    const newEdges = after.edges.filter((e) => !before.edges.some((b) => b.id === e.id));
    expect(newEdges.map((e) => ({ ...e, sources: e.sources.map((s) => ({ document: s.document, quote: s.quote })) }))).toEqual(byId(data.edges));
    expect(newEdges[0]?.sources[0]?.publisher).toBe('Import Daily');
    const log = (await listImports(store)).filter((i) => i.id === summary.importId);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: summary.importId, actor, files: ['graph.json'], status: 'applied', counts: summary.counts });
    expect(await store.counts()).toEqual({ nodes: before.nodes.length + 6, edges: before.edges.length + 3 });
  });

  test('when values of one property mix missing, whole and fractional numbers, each reads back as given', async () => {
    const store = modeStore;
    const data = graphJson('mix', 3);
    const nodes = data.nodes.filter((n) => n.kind === 'Country');
    delete (nodes[0] as { properties: Record<string, unknown> }).properties.population;
    (nodes[1] as { properties: Record<string, unknown> }).properties.population = 1000;
    (nodes[2] as { properties: Record<string, unknown> }).properties.population = 2.5;
    (data.edges[0] as { properties: Record<string, unknown> }).properties = { asOf: '2021' };
    (data.edges[2] as { properties: Record<string, unknown> }).properties.troops = 0.25;
    const file = writeJsonFile(makeTempDir(), 'mix.json', data);
    await importGraph(store, [{ name: 'mix.json', path: file }], { actor, vocabulary, stagedFromRecords });
    expect(byId(await store.getNodes(nodes.map((n) => n.id)))).toEqual(byId(nodes));
    const edges = await store.getEdges(data.edges.map((e) => e.id));
    expect(byId(edges).map((e) => e.properties)).toEqual(byId(data.edges).map((e) => e.properties));
  });

  test('when the same file is imported again, nothing is added or changed', async () => {
    const store = modeStore;
    const file = writeJsonFile(makeTempDir(), 'graph.json', graphJson('g', 3));
    await importGraph(store, [{ name: 'graph.json', path: file }], { actor, vocabulary, stagedFromRecords });
    const before = await snapshot(store);
    const again = await importGraph(store, [{ name: 'graph.json', path: file }], { actor, vocabulary, stagedFromRecords });
    expect(again.counts).toEqual({
      nodes: { added: 0, changed: 0, unchanged: 6 },
      edges: { added: 0, changed: 0, unchanged: 3 },
      documents: { added: 0, changed: 0, unchanged: 1 },
    });
    expect(await snapshot(store)).toEqual(before);
  });

  test('when a CSV file has one bad row in the middle, nothing is written and that row is reported', async () => {
    const store = modeStore;
    const before = await snapshot(store);
    const files = writeCsvFiles(makeTempDir(), 'bad', 5, { badEdgeRow: 2 });
    const run = importGraph(store, asImportFiles(files), { actor, vocabulary, stagedFromRecords });
    await expect(run).rejects.toBeInstanceOf(ImportValidationError);
    const err = (await run.catch((e: unknown) => e)) as ImportValidationError;
    // Row 4: the header is row 1 and the third relationship (index 2) is row 4.
    expect(err.issues).toEqual([{ file: 'bad-relationships.csv', row: 4, field: 'troops', message: '"many" is not a number' }]);
    expect(await snapshot(store)).toEqual(before);
  });

  test('when files have several problems, every one is listed with file, row and field', async () => {
    const store = modeStore;
    const data = graphJson('p', 3);
    (data.edges[0] as { target: string }).target = 'nowhere';
    (data.edges[1] as { type: string }).type = 'INVENTED_TYPE';
    (data.nodes[2] as { kind: string }).kind = 'lowercase';
    const file = writeJsonFile(makeTempDir(), 'graph.json', data);
    const err = (await importGraph(store, [{ name: 'graph.json', path: file }], { actor, vocabulary, stagedFromRecords }).catch((e: unknown) => e)) as ImportValidationError;
    expect(err).toBeInstanceOf(ImportValidationError);
    const brief = err.issues.map((i) => `${i.record ?? ''} ${i.field ?? ''}`);
    expect(brief).toEqual(
      expect.arrayContaining(['nodes[2] (p-c1) kind', 'edges[0] (p-e0) target', 'edges[1] (p-e1) type']),
    );
  });

  test('when a dry run is asked, the counts come back and nothing is written', async () => {
    const store = modeStore;
    const before = await snapshot(store);
    const logBefore = await listImports(store);
    const file = writeJsonFile(makeTempDir(), 'graph.json', graphJson('d', 2));
    const summary = await importGraph(store, [{ name: 'graph.json', path: file }], { actor, vocabulary, stagedFromRecords, dryRun: true });
    expect(summary.counts.nodes.added).toBe(4);
    expect(summary.importId).toBeUndefined();
    expect(await snapshot(store)).toEqual(before);
    expect(await listImports(store)).toEqual(logBefore);
  });

  test('when an import changed a record, undo restores its previous value and removes what it added, and only that', async () => {
    const store = modeStore;
    const seeded = await snapshot(store);
    const first = writeJsonFile(makeTempDir(), 'first.json', graphJson('u', 2));
    const a = await importGraph(store, [{ name: 'first.json', path: first }], { actor, vocabulary, stagedFromRecords });
    const afterA = await snapshot(store);
    // B changes a seed node and adds its own records.
    const alpha = seeded.nodes.find((n) => n.id === 'alpha');
    const b = graphJson('v', 1);
    b.nodes.push({ ...(alpha as Graph['nodes'][number]), name: 'Alphaland (renamed)', properties: { population: 1 } });
    const second = writeJsonFile(makeTempDir(), 'second.json', b);
    const bSummary = await importGraph(store, [{ name: 'second.json', path: second }], { actor, vocabulary, stagedFromRecords });
    expect(bSummary.counts.nodes).toEqual({ added: 2, changed: 1, unchanged: 0 });

    const undone = await undoImport(store, bSummary.importId as string, { actor: 'undoer', stagedFromRecords });
    expect(undone).toEqual({ importId: bSummary.importId, removed: { nodes: 2, edges: 1, documents: 0 }, restored: { nodes: 1, edges: 0, documents: 0 } });
    expect(await snapshot(store)).toEqual(afterA);

    await undoImport(store, a.importId as string, { actor: 'undoer', stagedFromRecords });
    const final = await snapshot(store);
    expect(final).toEqual(seeded);
    const log = (await listImports(store)).filter((i) => i.id === a.importId || i.id === bSummary.importId);
    expect(log.map((i) => i.status)).toEqual(['undone', 'undone']);
    expect(log[0]?.undoneBy).toBe('undoer');
  });

  test('when a later import touched the same records, undoing the earlier one is refused and nothing changes', async () => {
    const store = modeStore;
    const first = writeJsonFile(makeTempDir(), 'first.json', graphJson('w', 1));
    const a = await importGraph(store, [{ name: 'first.json', path: first }], { actor, vocabulary, stagedFromRecords });
    const changed = graphJson('w', 1);
    (changed.nodes[0] as { name: string }).name = 'Renamed';
    const second = writeJsonFile(makeTempDir(), 'second.json', changed);
    const b = await importGraph(store, [{ name: 'second.json', path: second }], { actor, vocabulary, stagedFromRecords });
    const before = await snapshot(store);
    await expect(undoImport(store, a.importId as string, { actor, stagedFromRecords })).rejects.toThrow(b.importId as string);
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('export -> import round trip', () => {
  async function exportWith(store: GraphStore, format: 'json' | 'csv'): Promise<Buffer> {
    const graph = await store.readAll();
    const documents = await store.listDocuments();
    const declared = new Map(vocabulary.properties.map((p) => [p.key, p.type] as const));
    const keys = await collectPropertyKeys(graph.nodes, graph.edges, declared);
    const chunks: Buffer[] = [];
    for await (const chunk of writerFor(format)({
      title: 'round trip',
      documents,
      propertyTypes: declared,
      ...keys,
      nodes: (async function* () { yield graph.nodes; })(),
      edges: (async function* () { yield graph.edges; })(),
    })) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  test.each(['json', 'csv'] as const)('when the %s export of a store is imported into an empty store, both read back the same', async (format) => {
    const source = shared;
    const target = await KuzuGraphStore.open({ dataDir: makeTempDir(), bufferPoolBytes: 128 * 1024 * 1024 });
    await target.init();
    const bytes = await exportWith(source, format);
    const name = format === 'json' ? 'export.json' : 'export.csv.zip';
    const summary = await importGraph(target, [{ name, bytes }], { actor, vocabulary });
    const expected = await snapshot(source);
    expect(summary.counts.nodes.added).toBe(expected.nodes.length);
    expect(summary.counts.edges.added).toBe(expected.edges.length);
    expect(await snapshot(target)).toEqual(expected);
    expect(byId(await target.listDocuments())).toEqual(byId(await source.listDocuments()));
    // And once more: the same export changes nothing.
    const again = await importGraph(target, [{ name, bytes }], { actor, vocabulary });
    expect(again.counts.nodes).toEqual({ added: 0, changed: 0, unchanged: expected.nodes.length });
    expect(again.counts.edges).toEqual({ added: 0, changed: 0, unchanged: expected.edges.length });
  });
});
