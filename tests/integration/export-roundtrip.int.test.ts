/**
 * Round trips of the whole seed graph (135 entities, 318 relationships) through the export use case and
 * writers: the Cypher script and the CSV zip are read back and loaded into an EMPTY embedded store, which
 * must then hold the same graph and bibliography; GraphML and GEXF are read with a real XML parser (exact
 * element and property counts) and with the consumer libraries Gephi-style tools are built on
 * (graphology-graphml, graphology-gexf), since no package reachable here ships the official XSDs.
 */
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { prepareExport } from '../../server/domain/export-selection';
import type { ExportFormat } from '../../server/domain/export-request';
import type { Graph as WireGraph } from '../../server/domain/graph-model';
import { seedStore } from '../../server/domain/seed-graph';
import type { SeedDocument, Vocabulary } from '../../server/domain/seed-schema';
import { writerFor } from '../../server/export/export-writer';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { countXmlElements, propertyTypesOf, readCsvZip, readCypherScript, sortedGraph } from '../support/export-readers';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

let store: GraphStore;
let vocabulary: Vocabulary;
let original: WireGraph;
let documents: SeedDocument[];

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function exportWhole(format: ExportFormat): Promise<Buffer> {
  const prepared = await prepareExport({ store, vocabulary, console: { timeoutMs: 10_000 } }, { format, selection: { kind: 'all' } });
  const parts: Buffer[] = [];
  for await (const chunk of writerFor(format)(prepared.input)) parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function emptyStore(): Promise<GraphStore> {
  const s = await KuzuGraphStore.open({ dataDir: makeTempDir() });
  await s.init();
  return s;
}

beforeAll(async () => {
  vocabulary = await readVocabulary();
  store = await emptyStore();
  await seedStore(store);
  original = sortedGraph(await store.readAll());
  documents = (await store.listDocuments()).sort(byId);
}, 120_000);

afterAll(async () => {
  await store.close();
  removeTempDirs();
});

test('the seed graph is the size these round trips are about', () => {
  expect(original.nodes).toHaveLength(135);
  expect(original.edges).toHaveLength(318);
});

test('when the Cypher script is loaded into an empty embedded store, it holds the same graph and bibliography, and loading twice changes nothing', async () => {
  const script = (await exportWhole('cypher')).toString('utf8');
  const { input, otherStatements } = readCypherScript(script);
  expect(otherStatements).toHaveLength(2);
  expect(otherStatements.every((s) => s.startsWith('CREATE CONSTRAINT'))).toBe(true);
  const target = await emptyStore();
  try {
    await target.upsert({ ...input, propertyTypes: propertyTypesOf(vocabulary) });
    expect(sortedGraph(await target.readAll())).toEqual(original);
    expect((await target.listDocuments()).sort(byId)).toEqual(documents);
    await target.upsert({ ...input, propertyTypes: propertyTypesOf(vocabulary) });
    expect(await target.counts()).toEqual({ nodes: 135, edges: 318 });
  } finally {
    await target.close();
  }
}, 120_000);

test('when the CSV zip is read with its neo4j-admin headers and loaded into an empty store, it holds the same graph and bibliography', async () => {
  const { files, input } = readCsvZip(await exportWhole('csv'));
  expect(files).toEqual(['README.txt', 'documents.csv', 'nodes.csv', 'relationships.csv']);
  expect(input.nodes).toHaveLength(135);
  expect(input.edges).toHaveLength(318);
  const target = await emptyStore();
  try {
    await target.upsert({ ...input, propertyTypes: propertyTypesOf(vocabulary) });
    expect(sortedGraph(await target.readAll())).toEqual(original);
    expect((await target.listDocuments()).sort(byId)).toEqual(documents);
  } finally {
    await target.close();
  }
}, 120_000);

const propertyCount = (g: WireGraph, on: 'nodes' | 'edges'): number =>
  g[on].reduce((sum, x) => sum + Object.keys(x.properties).length, 0);

test('GraphML has exactly one node, edge and data element per entity, relationship and value, and graphology-graphml reads it back whole', async () => {
  const xml = (await exportWhole('graphml')).toString('utf8');
  const counts = countXmlElements(xml);
  expect(counts.get('node')).toBe(135);
  expect(counts.get('edge')).toBe(318);
  // 2 graph values; per node label, name, kind, aliases; per edge label, type, sources and the three flat lists.
  expect(counts.get('data')).toBe(2 + 135 * 4 + propertyCount(original, 'nodes') + 318 * 6 + propertyCount(original, 'edges'));

  const graph = parseGraphml(Graph, xml);
  expect(graph.order).toBe(135);
  expect(graph.size).toBe(318);
  for (const node of original.nodes) {
    const attrs = graph.getNodeAttributes(node.id);
    expect(attrs.name).toBe(node.name);
    expect(attrs.kind).toBe(node.kind);
    expect(JSON.parse(String(attrs.aliases))).toEqual(node.aliases);
    for (const [k, v] of Object.entries(node.properties)) expect(Array.isArray(v) ? JSON.parse(String(attrs[k])) : attrs[k]).toEqual(v);
  }
  for (const edge of original.edges) {
    const attrs = graph.getEdgeAttributes(edge.id);
    expect([graph.source(edge.id), graph.target(edge.id), attrs.type]).toEqual([edge.source, edge.target, edge.type]);
    expect(JSON.parse(String(attrs.sources))).toEqual(edge.sources);
  }
}, 60_000);

test('GEXF has exactly one node, edge and attvalue per entity, relationship and value, and graphology-gexf reads it back whole', async () => {
  const xml = (await exportWhole('gexf')).toString('utf8');
  const counts = countXmlElements(xml);
  expect(counts.get('node')).toBe(135);
  expect(counts.get('edge')).toBe(318);
  // Per node kind and aliases; per edge type, sources and the three lists.
  expect(counts.get('attvalue')).toBe(135 * 2 + propertyCount(original, 'nodes') + 318 * 5 + propertyCount(original, 'edges'));

  const graph = parseGexf(Graph, xml);
  expect(graph.order).toBe(135);
  expect(graph.size).toBe(318);
  for (const node of original.nodes) {
    const attrs = graph.getNodeAttributes(node.id);
    expect(attrs.label).toBe(node.name);
    expect(attrs.kind).toBe(node.kind);
  }
  for (const edge of original.edges) {
    const attrs = graph.getEdgeAttributes(edge.id);
    expect([graph.source(edge.id), graph.target(edge.id), attrs.type]).toEqual([edge.source, edge.target, edge.type]);
    expect(JSON.parse(String(attrs.sources))).toEqual(edge.sources);
  }
}, 60_000);
