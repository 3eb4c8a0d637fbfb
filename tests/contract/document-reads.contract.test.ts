/**
 * The GraphStore's reads about documents beyond their own record, on every available engine: which
 * relationships cite some documents (the undo check's one query) and the digest of each stored text (the
 * search index's cache). Both engines must answer alike.
 */
import { engineFactories } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import type { GraphEdge, GraphNode } from '../../server/domain/graph-model';
import type { SeedDocument } from '../../server/domain/seed-schema';
import { documentTextDigest } from '../../server/domain/document-text-digest';

afterAll(removeTempDirs);

const country = (id: string): GraphNode => ({ id, kind: 'Country', name: id, aliases: [], properties: {} });
const base = (id: string): GraphNode => ({ id, kind: 'MilitaryBase', name: id, aliases: [], properties: {} });
const cites = (id: string, type: string, source: string, target: string, documents: string[]): GraphEdge => ({
  id, type, source, target, properties: {}, sources: documents.map((document) => ({ document, quote: `${id} in ${document}` })),
});
const doc = (id: string, text?: string): SeedDocument => ({ id, publisher: 'Wire', title: id, published: '2024', ...(text !== undefined ? { text } : {}) });

describe.each(engineFactories())('document reads on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await factory.open();
    await store.init();
    await store.upsert({
      nodes: [country('c1'), country('c2'), base('b1')],
      edges: [
        cites('e-3', 'BORDERS', 'c1', 'c2', ['doc-other', 'doc-cited']),
        cites('e-1', 'HOSTS_BASE', 'c1', 'b1', ['doc-cited']),
        cites('e-2', 'BORDERS', 'c2', 'c1', ['doc-second']),
        cites('e-4', 'HOSTS_BASE', 'c2', 'b1', ['doc-other']),
        cites('e-5', 'BORDERS', 'c2', 'c2', ['doc-cited', 'doc-second']),
      ],
      documents: [doc('doc-cited'), doc('doc-second'), doc('doc-other')],
      propertyTypes: {},
    });
  });

  afterAll(async () => {
    await store.close();
  });

  test('edgesCitingDocuments lists the citing relationships by id, each with the document it cites', async () => {
    expect(await store.edgesCitingDocuments(['doc-cited'], { limit: 10 })).toEqual({
      edges: [
        { id: 'e-1', type: 'HOSTS_BASE', source: 'c1', target: 'b1', document: 'doc-cited' },
        { id: 'e-3', type: 'BORDERS', source: 'c1', target: 'c2', document: 'doc-cited' },
        { id: 'e-5', type: 'BORDERS', source: 'c2', target: 'c2', document: 'doc-cited' },
      ],
      total: 3,
    });
  });

  test('a relationship citing several of the documents comes once, naming the first its sources cite', async () => {
    const { edges, total } = await store.edgesCitingDocuments(['doc-second', 'doc-cited'], { limit: 10 });
    expect(edges.map((e) => [e.id, e.document])).toEqual([['e-1', 'doc-cited'], ['e-2', 'doc-second'], ['e-3', 'doc-cited'], ['e-5', 'doc-cited']]);
    expect(total).toBe(4);
  });

  test('the limit cuts the list but not the total, and excluded relationships are in neither', async () => {
    const limited = await store.edgesCitingDocuments(['doc-cited'], { limit: 1, excluding: ['e-1'] });
    expect(limited.edges.map((e) => e.id)).toEqual(['e-3']);
    expect(limited.total).toBe(2);
  });

  test('no document, or a document nobody cites, finds nothing', async () => {
    expect(await store.edgesCitingDocuments([], { limit: 10 })).toEqual({ edges: [], total: 0 });
    expect(await store.edgesCitingDocuments(['doc-nobody-cites'], { limit: 10 })).toEqual({ edges: [], total: 0 });
  });

  test('documentTextStamps gives each stored text the digest of its exact text, and a new one when it changes', async () => {
    const text = 'Душанбе — Тоҷикистон; “curly” quotes, 北京, and an ASCII tail.\n';
    await store.upsert({ nodes: [], edges: [], documents: [doc('doc-text-1', text), doc('doc-text-2', 'Short.')], propertyTypes: {} });
    const stamps = async (): Promise<Map<string, string | null>> => new Map((await store.documentTextStamps()).map((s) => [s.id, s.digest]));
    const before = await stamps();
    expect(before.get('doc-text-1')).toBe(documentTextDigest(text));
    expect(before.get('doc-text-2')).toBe(documentTextDigest('Short.'));
    // Documents without a text have no stamp.
    expect(before.has('doc-cited')).toBe(false);
    await store.upsert({ nodes: [], edges: [], documents: [doc('doc-text-2', 'Short, and edited.')], propertyTypes: {} });
    const after = await stamps();
    expect(after.get('doc-text-2')).toBe(documentTextDigest('Short, and edited.'));
    expect(after.get('doc-text-1')).toBe(before.get('doc-text-1'));
  });
});
