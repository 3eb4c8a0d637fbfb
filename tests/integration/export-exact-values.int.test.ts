/**
 * Values survive every export format exactly, read back by real readers: a list mixing whole numbers and
 * decimals, an empty list, whole numbers typed as integers, and property keys that are fields of a format
 * (`label` in GraphML, `interaction` in .cyjs, `start` / `end` in GEXF), kept as `prop_<key>`. The graph is
 * stored in a real embedded store and exported through the export use case, as the API does; the Cypher
 * script and the CSV zip are loaded back into an empty store.
 */
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { prepareExport } from '../../server/domain/export-selection';
import type { ExportFormat } from '../../server/domain/export-request';
import type { GraphEdge, GraphNode, Properties, Graph as WireGraph } from '../../server/domain/graph-model';
import type { SeedDocument, Vocabulary } from '../../server/domain/seed-schema';
import { writerFor } from '../../server/export/export-writer';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { propertyTypesOf, readCsvZip, readCypherScript, sortedGraph } from '../support/export-readers';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';

const DOC: SeedDocument = { id: 'doc-a.txt', publisher: 'Test Wire', title: 'Bases and money', published: '2012-10-05' };

const VALUES: Properties = {
  mixed: [1, 2.5, -3],
  wholes: [2015, 10000000],
  empty: [],
  big: 10000000,
  year: 2015,
  precise: 0.1 + 0.2,
  label: 'a property called label',
  interaction: 'a property called interaction',
  start: 'a property called start',
  end: 'a property called end',
  parent: 'a property called parent',
  weight: 'a property called weight',
};

const NODES: GraphNode[] = [
  { id: 'alpha', kind: 'Country', name: 'Alphaland', aliases: ['Alpha'], properties: { ...VALUES, bell: 'ring\u0007 ring' } },
  { id: 'base-1', kind: 'MilitaryBase', name: 'Base One', aliases: [], properties: { ...VALUES } },
];
const EDGES: GraphEdge[] = [
  {
    id: 'alpha-hosts-base',
    type: 'HOSTS_BASE',
    source: 'alpha',
    target: 'base-1',
    properties: { ...VALUES, asOf: '2012' },
    sources: [{ document: DOC.id, quote: 'Base One has 7,000 troops.' }],
  },
];

let store: GraphStore;
let vocabulary: Vocabulary;
let original: WireGraph;

async function emptyStore(): Promise<GraphStore> {
  const s = await KuzuGraphStore.open({ dataDir: makeTempDir() });
  await s.init();
  return s;
}

async function exportWhole(format: ExportFormat): Promise<Buffer> {
  const prepared = await prepareExport({ store, vocabulary, console: { timeoutMs: 10_000 } }, { format, selection: { kind: 'all' } });
  const parts: Buffer[] = [];
  for await (const chunk of writerFor(format)(prepared.input)) parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Loads records read from a file into an empty store and reads them back as a sorted graph. */
async function loadedBack(input: Pick<WireGraph, 'nodes' | 'edges'> & { documents: SeedDocument[] }): Promise<WireGraph> {
  const target = await emptyStore();
  try {
    await target.upsert({ ...input, propertyTypes: propertyTypesOf(vocabulary) });
    return sortedGraph(await target.readAll());
  } finally {
    await target.close();
  }
}

beforeAll(async () => {
  vocabulary = await readVocabulary(MINI_SEED_DIR);
  store = await emptyStore();
  await store.upsert({ nodes: NODES, edges: EDGES, documents: [DOC], propertyTypes: propertyTypesOf(vocabulary) });
  original = sortedGraph(await store.readAll());
}, 60_000);

afterAll(async () => {
  await store.close();
  removeTempDirs();
});

test('the store holds the values as given (the starting point of every round trip)', () => {
  expect(original.nodes).toEqual(sortedGraph({ nodes: NODES, edges: [] }).nodes);
  expect(original.edges.map((e) => e.properties)).toEqual([EDGES[0]?.properties]);
});

test('JSON keeps every value as stored', async () => {
  const doc = JSON.parse((await exportWhole('json')).toString('utf8')) as WireGraph;
  expect(sortedGraph(doc)).toEqual(original);
});

test('.cyjs keeps the values, and properties named like its fields as prop_<key> beside the fields', async () => {
  const doc = JSON.parse((await exportWhole('cytoscape')).toString('utf8')) as {
    elements: { nodes: Array<{ data: Record<string, unknown> }>; edges: Array<{ data: Record<string, unknown> }> };
  };
  const alpha = doc.elements.nodes.find((n) => n.data.id === 'alpha')?.data ?? {};
  expect(alpha).toMatchObject({ mixed: [1, 2.5, -3], wholes: [2015, 10000000], empty: [], big: 10000000, year: 2015, precise: 0.1 + 0.2 });
  expect(alpha).toMatchObject({ prop_parent: VALUES.parent, label: VALUES.label, start: VALUES.start, bell: 'ring\u0007 ring' });
  expect(alpha.parent).toBeUndefined();
  const edge = doc.elements.edges[0]?.data ?? {};
  expect(edge).toMatchObject({ interaction: 'HOSTS_BASE', type: 'HOSTS_BASE', prop_interaction: VALUES.interaction, source: 'alpha', target: 'base-1' });
  expect(edge).toMatchObject({ mixed: [1, 2.5, -3], big: 10000000 });
});

test('GraphML types whole numbers long, keeps lists as JSON, and a property label as prop_label beside the name', async () => {
  const xml = (await exportWhole('graphml')).toString('utf8');
  expect(xml).toMatch(/<key id="n_big" for="node" attr.name="big" attr.type="long"/);
  expect(xml).toMatch(/<key id="n_precise" for="node" attr.name="precise" attr.type="double"/);
  expect(xml).toMatch(/<key id="e_prop_label" for="edge" attr.name="prop_label" attr.type="string"/);
  expect(xml).toMatch(/^<\?xml[^>]*>\n<!-- Multivector export\.[^]*Control characters XML 1\.0 cannot carry[^]*-->\n<graphml /);
  const graph = parseGraphml(Graph, xml);
  const alpha = graph.getNodeAttributes('alpha');
  expect(alpha.label).toBe('Alphaland');
  expect(alpha.prop_label).toBe(VALUES.label);
  expect([alpha.big, alpha.year, alpha.precise]).toEqual([10000000, 2015, 0.1 + 0.2]);
  expect([alpha.mixed, alpha.wholes, alpha.empty].map((v) => JSON.parse(String(v)))).toEqual([[1, 2.5, -3], [2015, 10000000], []]);
  expect(alpha.bell).toBe('ring ring');
  const edge = graph.getEdgeAttributes('alpha-hosts-base');
  expect(edge.label).toBe('HOSTS_BASE');
  expect(edge.prop_label).toBe(VALUES.label);
  expect(edge.big).toBe(10000000);
});

test('GEXF types whole numbers long and listlong, and start, end, label, weight as prop_<key> beside its own', async () => {
  const xml = (await exportWhole('gexf')).toString('utf8');
  expect(xml).toContain('<attribute id="big" title="big" type="long"/>');
  expect(xml).toContain('<attribute id="wholes" title="wholes" type="listlong"/>');
  expect(xml).toContain('<attribute id="mixed" title="mixed" type="listdouble"/>');
  expect(xml).toMatch(/^<\?xml[^>]*>\n<!-- Multivector export\.[^]*Control characters XML 1\.0 cannot carry[^]*-->\n<gexf /);
  const graph = parseGexf(Graph, xml);
  const alpha = graph.getNodeAttributes('alpha');
  expect(alpha.label).toBe('Alphaland');
  expect(alpha).toMatchObject({ prop_label: VALUES.label, prop_start: VALUES.start, prop_end: VALUES.end, prop_weight: VALUES.weight });
  expect(alpha).toMatchObject({ mixed: [1, 2.5, -3], wholes: [2015, 10000000], empty: [], big: 10000000, year: 2015, precise: 0.1 + 0.2 });
  expect(alpha.bell).toBe('ring ring');
  const edge = graph.getEdgeAttributes('alpha-hosts-base');
  expect(edge).toMatchObject({ type: 'HOSTS_BASE', prop_start: VALUES.start, prop_end: VALUES.end, mixed: [1, 2.5, -3], big: 10000000 });
  // The edge's own start is its validity (asOf 2012), not the property.
  expect(xml).toMatch(/<edge id="alpha-hosts-base"[^>]* start="2012-01-01"/);
});

test('the CSV zip types whole numbers long and loads back with the same values; an empty list is an empty field', async () => {
  const zip = await exportWhole('csv');
  const { input } = readCsvZip(zip);
  const readme = (await import('fflate')).strFromU8((await import('fflate')).unzipSync(zip)['README.txt'] as Uint8Array);
  expect(readme).toMatch(/long column/);
  const back = await loadedBack(input);
  // neo4j-admin has no empty array: an empty list is an empty field, so no property after import (README says so).
  const noEmpty = (p: Properties): Properties => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'empty'));
  expect(back.nodes).toEqual(original.nodes.map((n) => ({ ...n, properties: noEmpty(n.properties) })));
  expect(back.edges).toEqual(original.edges.map((e) => ({ ...e, properties: noEmpty(e.properties) })));
});

test('the Cypher script writes integers without .0 and a mixed list as floats, and loads back exactly', async () => {
  const script = (await exportWhole('cypher')).toString('utf8');
  expect(script).toContain('big: 10000000');
  expect(script).toContain('year: 2015');
  expect(script).toContain('mixed: [1.0, 2.5, -3.0]');
  expect(script).toContain('wholes: [2015, 10000000]');
  expect(script).toContain('empty: []');
  const { input } = readCypherScript(script);
  expect(await loadedBack(input)).toEqual(original);
});
