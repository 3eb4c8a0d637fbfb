/**
 * Edits through the GraphStore port on every engine available (the embedded one always, Neo4j when NEO4J_URI
 * is set): deleting an entity with its relationships, a relationship, and a source, and replacing a
 * relationship with new ends and type, each undone back to exactly the graph before.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import type { Graph } from '../../server/domain/graph-model';
import type { Vocabulary } from '../../server/domain/seed-schema';
import { deleteEntity, deleteRelationship, removeSource, replaceRelationship } from '../../server/domain/edit-graph';
import { undoImport } from '../../server/domain/import-graph';
import { readVocabulary } from '../../server/seed/seed-loader';

afterAll(removeTempDirs);

const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
const snapshot = async (store: GraphStore): Promise<Graph> => {
  const g = await store.readAll();
  return { nodes: byId(g.nodes), edges: byId(g.edges) };
};

describe.each(engineFactories())('edits on $name', (factory) => {
  let store: GraphStore;
  let vocabulary: Vocabulary;
  const actor = 'contract';

  beforeAll(async () => {
    store = await openSeeded(factory);
    vocabulary = await readVocabulary(MINI_SEED_DIR);
  });

  afterAll(async () => {
    await store.close();
  });

  test('an entity deleted with its relationships is restored whole by undo', async () => {
    const before = await snapshot(store);
    const touching = before.edges.filter((e) => e.source === 'alpha' || e.target === 'alpha');
    expect(touching.length).toBeGreaterThan(2);
    const deleted = await deleteEntity(store, 'alpha', { actor });
    expect(deleted.removedRelationships.map((r) => r.id).sort()).toEqual(touching.map((e) => e.id).sort());
    const after = await snapshot(store);
    expect(after.nodes.map((n) => n.id)).not.toContain('alpha');
    expect(after.edges).toHaveLength(before.edges.length - touching.length);
    await undoImport(store, deleted.importId as string, { actor });
    expect(await snapshot(store)).toEqual(before);
  });

  test('a relationship deleted, and one turned around and retyped, are each undone exactly', async () => {
    const before = await snapshot(store);
    const deleted = await deleteRelationship(store, 'alpha-hosts-base-2012', { actor });
    expect((await snapshot(store)).edges.map((e) => e.id)).not.toContain('alpha-hosts-base-2012');
    await undoImport(store, deleted.importId as string, { actor });
    expect(await snapshot(store)).toEqual(before);

    const loan = before.edges.find((e) => e.type === 'LENDS_TO' && e.source === 'gamma' && e.target === 'alpha') as Graph['edges'][number];
    const turned = await replaceRelationship(store, loan.id, {
      type: 'LENDS_TO', source: 'alpha', target: 'gamma', properties: {}, sources: [{ document: 'doc-a.txt', quote: 'Edited.' }],
    }, { actor, vocabulary });
    expect(turned.action).toBe('replaced');
    const [now] = (await snapshot(store)).edges.filter((e) => e.id === loan.id);
    expect(now).toMatchObject({ source: 'alpha', target: 'gamma' });
    await undoImport(store, turned.importId as string, { actor });
    expect(await snapshot(store)).toEqual(before);
  });

  test('one source removed from a relationship with two comes back with undo', async () => {
    const before = await snapshot(store);
    const edge = before.edges.find((e) => e.sources.length > 1);
    if (edge === undefined) throw new Error('the mini seed has no relationship with two sources');
    const removed = await removeSource(store, edge.id, 0, { actor, vocabulary });
    const [now] = (await snapshot(store)).edges.filter((e) => e.id === edge.id);
    expect(now?.sources.map((s) => s.quote)).toEqual(edge.sources.slice(1).map((s) => s.quote));
    await undoImport(store, removed.importId as string, { actor });
    expect(await snapshot(store)).toEqual(before);
  });
});
