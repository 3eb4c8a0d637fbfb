/**
 * The import port (runImport, listImports, readImportBatches) through the use cases, on every engine
 * available: the same file gives the same counts, a second import changes nothing, a dry run writes
 * nothing, a failure inside the transaction writes nothing, and undo brings back the graph as before.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { graphJson, writeJsonFile } from '../support/import-fixtures';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import type { Graph, GraphEdge } from '../../server/domain/graph-model';
import type { PropertyType, Vocabulary } from '../../server/domain/seed-schema';
import { importGraph, listImports, undoImport } from '../../server/domain/import-graph';
import { readVocabulary } from '../../server/seed/seed-loader';

afterAll(removeTempDirs);

const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
const withoutGrades = ({ sourceGrades: _grades, ...rest }: GraphEdge['properties']): GraphEdge['properties'] => rest;
const snapshot = async (store: GraphStore): Promise<Graph> => {
  const g = await store.readAll();
  return { nodes: byId(g.nodes), edges: byId(g.edges) };
};

describe.each(engineFactories())('import on $name', (factory) => {
  let store: GraphStore;
  let vocabulary: Vocabulary;

  beforeAll(async () => {
    store = await openSeeded(factory);
    vocabulary = await readVocabulary(MINI_SEED_DIR);
  });

  afterAll(async () => {
    await store.close();
  });

  test('an import adds its records, a second one changes nothing, and undo restores the graph as before', async () => {
    const before = await snapshot(store);
    const file = writeJsonFile(makeTempDir(), 'c.json', graphJson('c', 4));
    const first = await importGraph(store, [{ name: 'c.json', path: file }], { actor: 'contract', vocabulary });
    expect(first.counts.nodes).toEqual({ added: 8, changed: 0, unchanged: 0 });
    expect(first.counts.edges).toEqual({ added: 4, changed: 0, unchanged: 0 });
    expect(await store.counts()).toEqual({ nodes: before.nodes.length + 8, edges: before.edges.length + 4 });
    const again = await importGraph(store, [{ name: 'c.json', path: file }], { actor: 'contract', vocabulary });
    expect(again.counts.nodes).toEqual({ added: 0, changed: 0, unchanged: 8 });
    expect(again.counts.edges).toEqual({ added: 0, changed: 0, unchanged: 4 });

    const batches = await store.readImportBatches(first.importId as string);
    expect(batches.flatMap((b) => (b.recordKind === 'edge' ? b.added : [])).sort()).toEqual(['c-e0', 'c-e1', 'c-e2', 'c-e3']);
    expect((await listImports(store)).find((i) => i.id === first.importId)).toMatchObject({ actor: 'contract', status: 'applied' });

    await undoImport(store, first.importId as string, { actor: 'contract' });
    expect(await snapshot(store)).toEqual(before);
  });

  test('an import that changes an edge and a node is undone back to their previous values', async () => {
    const before = await snapshot(store);
    const edge = before.edges.find((e) => e.id === 'alpha-hosts-base-2012') as Graph['edges'][number];
    const node = before.nodes.find((n) => n.id === 'beta') as Graph['nodes'][number];
    const file = writeJsonFile(makeTempDir(), 'change.json', {
      nodes: [{ ...node, aliases: ['Betty'] }],
      // New sources without grades: the stored grades were the old sources' (one each), so they go too.
      edges: [{ ...edge, properties: { ...withoutGrades(edge.properties), troops: 1 }, sources: [{ document: 'doc-b.txt', quote: 'New figure.' }] }],
    });
    const summary = await importGraph(store, [{ name: 'change.json', path: file }], { actor: 'contract', vocabulary });
    expect(summary.counts.nodes.changed).toBe(1);
    expect(summary.counts.edges.changed).toBe(1);
    expect((await store.getEdges([edge.id]))[0]?.properties.troops).toBe(1);
    await undoImport(store, summary.importId as string, { actor: 'contract' });
    expect(await snapshot(store)).toEqual(before);
  });

  test('a failure inside the transaction leaves the store as before', async () => {
    const before = await snapshot(store);
    const failing = store.runImport({ nodeColumns: new Map(), edgeColumns: new Map(), edgePairs: new Map() }, async (tx) => {
      await tx.putNodes([{ id: 'doomed', kind: 'Country', name: 'Doomed', aliases: [], properties: {} }], []);
      await tx.removeEdges([{ id: 'alpha-hosts-base-2012', source: 'alpha' }]);
      throw new Error('stop here');
    });
    await expect(failing).rejects.toThrow('stop here');
    expect(await snapshot(store)).toEqual(before);
  });

  test('a failure after relationships were written, into a new type and into a filled one, leaves the store as before', async () => {
    const before = await snapshot(store);
    const edge = (id: string, type: string, source: string, target: string): GraphEdge => ({
      id,
      type,
      source,
      target,
      properties: { amountUsd: 2.5 },
      sources: [{ document: 'doc-a.txt', quote: 'A claim.' }],
    });
    const columns = new Map<string, PropertyType>([['sourceDocuments', 'string[]'], ['sourceQuotes', 'string[]'], ['sourceRoles', 'string[]'], ['yearFrom', 'number'], ['yearTo', 'number'], ['amountUsd', 'number']]);
    const needs = {
      nodeColumns: new Map(),
      edgeColumns: new Map([['SUPPLIES_ARMS', columns], ['LENDS_TO', columns]]),
      edgePairs: new Map<string, Array<[string, string]>>([['SUPPLIES_ARMS', [['Country', 'Country']]], ['LENDS_TO', [['Country', 'Country']]]]),
    };
    const failing = store.runImport(needs, async (tx) => {
      await tx.putEdges([
        { edge: edge('new-type-1', 'SUPPLIES_ARMS', 'alpha', 'beta'), fromKind: 'Country', toKind: 'Country' },
        { edge: edge('filled-type-1', 'LENDS_TO', 'beta', 'alpha'), fromKind: 'Country', toKind: 'Country' },
      ]);
      // A look-up reads the transaction's own writes as well as what was stored before it.
      const found = await tx.findEdges([
        { id: 'new-type-1', source: 'alpha' },
        { id: 'filled-type-1', source: 'beta' },
        { id: 'alpha-hosts-base-2004', source: 'alpha' },
        { id: 'nowhere-1', source: 'alpha' },
      ]);
      expect(found.map((e) => e.id).sort()).toEqual(['alpha-hosts-base-2004', 'filled-type-1', 'new-type-1']);
      throw new Error('stop after the writes');
    });
    await expect(failing).rejects.toThrow('stop after the writes');
    expect(await snapshot(store)).toEqual(before);
  });
});
