/**
 * GraphML export (GraphML 1.0 structure and attributes, valid against graphml.xsd) for yEd, Gephi,
 * Cytoscape desktop, NetworkX and igraph. Every property gets a typed <key>; GraphML has no list type, so
 * lists are JSON text and their key's <desc> says so. Nodes carry `label` (the name, which Gephi shows),
 * `name`, `kind` and `aliases`; edges carry `label` and `type` (the relationship type) and the evidence as
 * `sources` (JSON) plus the flat `sourceQuotes`, `sourceDocuments` and `sourceRoles` (joined by " | ").
 * The graph itself carries the title and the bibliography (JSON). Whole-number properties are typed `long`,
 * others `double`. A property whose key is one of those names (a property `label`) is written as `prop_<key>`
 * (see exportedName), as readers key data by attr.name and would overwrite one with the other. Characters
 * XML 1.0 cannot carry are dropped (see xml-text.ts); the comment at the top of the file says both.
 */
import type { GraphEdge, GraphNode, PropertyValue } from '../domain/graph-model';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';
import { coerceValue, type ColumnType, propertyColumns, RENAMED_PREFIX } from './export-values';
import { xmlAttr, xmlName, xmlText } from './xml-text';

export const GRAPHML_NAMESPACE = 'http://graphml.graphdrawing.org/xmlns';
export const FLAT_SEPARATOR = ' | ';

const ATTR_TYPES: Record<ColumnType, string> = {
  string: 'string',
  number: 'double',
  integer: 'long',
  boolean: 'boolean',
  'string[]': 'string',
  'number[]': 'string',
  'integer[]': 'string',
};

/**
 * The attr.name of this file's node and edge keys (and the XML attributes of nodes and edges): no property is
 * written under one. The graph's own keys (title, documents) are apart: readers keep graph, node and edge
 * attributes in separate namespaces.
 */
export const GRAPHML_FIELDS: ReadonlySet<string> = new Set([
  'id', 'source', 'target', 'label', 'name', 'kind', 'aliases', 'type', 'sources', 'sourceQuotes', 'sourceDocuments', 'sourceRoles',
]);

interface KeyColumn {
  id: string;
  key: string;
  /** The attr.name: the key, or `prop_<key>` where the key is a field of this file. */
  name: string;
  type: ColumnType;
}

/** Key ids are NCNames unique in the document: `n_<name>` for node properties, `e_<name>` for edge properties. */
function keyColumns(prefix: string, keys: ExportInput['nodePropertyKeys'], forEdges: boolean, taken: Set<string>): KeyColumn[] {
  return propertyColumns(keys, forEdges, GRAPHML_FIELDS).map(({ key, name, type }) => {
    const base = xmlName(`${prefix}${name}`);
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    taken.add(id);
    return { id, key, name, type };
  });
}

function keyElement(id: string, forWhat: string, name: string, type: string, desc?: string): string {
  const head = `  <key id="${id}" for="${forWhat}" attr.name="${xmlAttr(xmlName(name))}" attr.type="${type}"`;
  return desc === undefined ? `${head}/>\n` : `${head}>\n    <desc>${xmlText(desc)}</desc>\n  </key>\n`;
}

function propertyKeyElement(c: KeyColumn, forWhat: 'node' | 'edge'): string {
  const list = c.type.endsWith('[]');
  const renamed =
    c.name !== c.key ? `Property "${c.key}", written as ${c.name}: ${GRAPHML_FIELDS.has(c.key) ? `${c.key} is a field of this file` : `keys starting with ${RENAMED_PREFIX} are prefixed too`}. `
      : xmlName(c.key) !== c.key ? `Property "${c.key}". ` : '';
  const desc = list ? `${renamed}A list, written as a JSON array (GraphML has no list type).` : renamed.trim() || undefined;
  return keyElement(c.id, forWhat, c.name, ATTR_TYPES[c.type], desc);
}

function dataText(value: PropertyValue): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  return typeof value === 'string' ? value : String(value);
}

function data(key: string, value: string): string {
  return `<data key="${key}">${xmlText(value)}</data>`;
}

function properties(values: Record<string, PropertyValue>, columns: readonly KeyColumn[]): string {
  let out = '';
  for (const c of columns) {
    const v = coerceValue(values[c.key], c.type);
    if (v !== undefined) out += data(c.id, dataText(v));
  }
  return out;
}

function nodeElement(node: GraphNode, columns: readonly KeyColumn[]): string {
  return (
    `    <node id="${xmlAttr(node.id)}">` +
    data('label', node.name) +
    data('name', node.name) +
    data('kind', node.kind) +
    data('aliases', JSON.stringify(node.aliases)) +
    properties(node.properties, columns) +
    '</node>\n'
  );
}

/** The flat evidence elements (sourceQuotes, sourceDocuments, sourceRoles) in one pass over the sources. */
function flatEvidence(sources: GraphEdge['sources']): string {
  let quotes = '';
  let documents = '';
  let roles = '';
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i] as GraphEdge['sources'][number];
    const sep = i === 0 ? '' : FLAT_SEPARATOR;
    quotes += sep + s.quote;
    documents += sep + s.document;
    roles += sep + (s.role ?? 'claim');
  }
  return data('sourceQuotes', quotes) + data('sourceDocuments', documents) + data('sourceRoles', roles);
}

function edgeElement(edge: GraphEdge, columns: readonly KeyColumn[]): string {
  return (
    `    <edge id="${xmlAttr(edge.id)}" source="${xmlAttr(edge.source)}" target="${xmlAttr(edge.target)}">` +
    data('edgelabel', edge.type) +
    data('type', edge.type) +
    properties(edge.properties, columns) +
    data('sources', JSON.stringify(edge.sources)) +
    flatEvidence(edge.sources) +
    '</edge>\n'
  );
}

const CORE_KEY_IDS = ['title', 'documents', 'label', 'name', 'kind', 'aliases', 'edgelabel', 'type', 'sources', 'sourceQuotes', 'sourceDocuments', 'sourceRoles'];

/** What a reader of the file should know, at its top (GraphML has no place for a README). */
const README_COMMENT =
  '<!-- Multivector export. Properties are typed: long for whole numbers, double for other numbers; lists are\n' +
  `     JSON text. A property whose key is a field of this file (${[...GRAPHML_FIELDS].join(', ')})\n` +
  `     or starts with ${RENAMED_PREFIX} is written as ${RENAMED_PREFIX}<key>, e.g. a property label as ${RENAMED_PREFIX}label.\n` +
  '     Control characters XML 1.0 cannot carry (U+0000-U+001F other than tab, line feed and carriage return,\n' +
  '     U+FFFE, U+FFFF, unpaired surrogates) are dropped from every value. -->\n';

function header(input: ExportInput, nodeColumns: readonly KeyColumn[], edgeColumns: readonly KeyColumn[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    README_COMMENT +
    `<graphml xmlns="${GRAPHML_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` xsi:schemaLocation="${GRAPHML_NAMESPACE} ${GRAPHML_NAMESPACE}/1.0/graphml.xsd">\n` +
    `  <desc>${xmlText(input.title)}</desc>\n` +
    keyElement('title', 'graph', 'title', 'string', 'What was exported.') +
    keyElement('documents', 'graph', 'documents', 'string', 'The bibliography: the documents the edges cite, as a JSON array.') +
    keyElement('label', 'node', 'label', 'string', 'The entity name, as a label for Gephi and yEd.') +
    keyElement('name', 'node', 'name', 'string') +
    keyElement('kind', 'node', 'kind', 'string', 'The entity kind (its Neo4j label), e.g. Country.') +
    keyElement('aliases', 'node', 'aliases', 'string', 'Other names: a list, written as a JSON array (GraphML has no list type).') +
    nodeColumns.map((c) => propertyKeyElement(c, 'node')).join('') +
    keyElement('edgelabel', 'edge', 'label', 'string', 'The relationship type, as a label for Gephi and yEd.') +
    keyElement('type', 'edge', 'type', 'string', 'The relationship type, e.g. HOSTS_BASE.') +
    edgeColumns.map((c) => propertyKeyElement(c, 'edge')).join('') +
    keyElement('sources', 'edge', 'sources', 'string', 'The evidence: a JSON array of {document, publisher, title, published, quote, role}.') +
    keyElement('sourceQuotes', 'edge', 'sourceQuotes', 'string', `The quoted sentences, joined by "${FLAT_SEPARATOR}".`) +
    keyElement('sourceDocuments', 'edge', 'sourceDocuments', 'string', `The ids of the quoted documents, joined by "${FLAT_SEPARATOR}".`) +
    keyElement('sourceRoles', 'edge', 'sourceRoles', 'string', `The role of each quote (claim or correction), joined by "${FLAT_SEPARATOR}".`) +
    '  <graph id="G" edgedefault="directed">\n' +
    `    ${data('title', input.title)}\n` +
    `    ${data('documents', JSON.stringify(input.documents))}\n`
  );
}

/** Streams a GraphML document. */
export async function* writeGraphml(input: ExportInput): AsyncGenerator<Uint8Array> {
  const taken = new Set(CORE_KEY_IDS);
  const nodeColumns = keyColumns('n_', input.nodePropertyKeys, false, taken);
  const edgeColumns = keyColumns('e_', input.edgePropertyKeys, true, taken);
  const out = new ChunkBuffer();
  out.push(header(input, nodeColumns, edgeColumns));
  for await (const batch of input.nodes) for (const node of batch) {
    out.push(nodeElement(node, nodeColumns));
    if (out.full) yield out.take();
  }
  for await (const batch of input.edges) for (const edge of batch) {
    out.push(edgeElement(edge, edgeColumns));
    if (out.full) yield out.take();
  }
  out.push('  </graph>\n</graphml>\n');
  yield out.take();
}
