/**
 * GEXF 1.3 export for Gephi (0.9.3 and later), dynamic so Gephi's timeline plays the claims' validity.
 *
 * Time: `timeformat="date"`, each edge's interval as inclusive `start` / `end` dates (YYYY-MM-DD) by the app's
 * validity rule (domain/validity.ts) at the precision the data gives: validFrom (else asOf) starts the interval
 * on the first day of its period, validTo ends it on the last day of its period, no validTo leaves it open; an
 * undated edge to or from a dated event holds through the event's year; an edge with no date at all has no
 * interval and so exists at every time. Dates rather than integer years because the data has months and days
 * ("2011-07"), Gephi's timeline shows real dates on its axis, and a year still maps to a whole-year interval.
 * Nodes have no validity in the model and stay static.
 *
 * Attributes are typed (string, long, double, boolean, liststring, listlong, listdouble: long where every value of
 * a property is a whole number). A property whose key is a name GEXF or Gephi use themselves (`label`, `start`,
 * `end`, `weight` ... see GEXF_FIELDS) or one of the attributes below is written as `prop_<key>` (see
 * exportedName); characters XML 1.0 cannot carry are dropped (xml-text.ts); the comment at the top says both.
 * List values are written as JSON
 * arrays, e.g. ["a","b, c"] — the bracketed, double-quoted, backslash-escaped form Gephi parses lists in — so an
 * element may hold commas or "|". Edges carry `label` and `kind` = the relationship type (kind keeps parallel
 * edges of different types apart in Gephi) and the evidence as `sources` (JSON) and the lists `sourceQuotes`,
 * `sourceDocuments` and `sourceRoles`. GEXF has no graph attributes: the title and the bibliography (JSON) go in
 * the <meta> description.
 */
import type { GraphEdge, GraphNode, PropertyValue } from '../domain/graph-model';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';
import { coerceValue, type ColumnType, evidenceLists, propertyColumns, RENAMED_PREFIX, ValidityTracker } from './export-values';
import { xmlAttr, xmlText } from './xml-text';

export const GEXF_NAMESPACE = 'http://gexf.net/1.3';
/** Separates the title from the bibliography in the <meta> description. */
export const GEXF_BIBLIOGRAPHY_MARKER = '\n\nBibliography (JSON): ';

const GEXF_TYPES: Record<ColumnType, string> = {
  string: 'string',
  number: 'double',
  integer: 'long',
  boolean: 'boolean',
  'string[]': 'liststring',
  'number[]': 'listdouble',
  'integer[]': 'listlong',
};

/**
 * Names a property is not written under: attributes of GEXF's node and edge elements (start and end hold the
 * validity), the columns Gephi keeps for itself, and this file's own attributes.
 */
export const GEXF_FIELDS: ReadonlySet<string> = new Set([
  'id', 'label', 'source', 'target', 'type', 'kind', 'weight', 'start', 'end', 'startopen', 'endopen', 'pid',
  'interval', 'intervals', 'timeset', 'timestamp', 'timestamps', 'x', 'y', 'z', 'size', 'color', 'shape', 'thickness',
  'aliases', 'sources', 'sourceQuotes', 'sourceDocuments', 'sourceRoles',
]);

interface AttributeColumn {
  /** The attribute's id and title: the key, or `prop_<key>` (see GEXF_FIELDS). */
  id: string;
  key: string;
  type: ColumnType;
}

function attributeColumns(keys: ExportInput['nodePropertyKeys'], forEdges: boolean, taken: Set<string>): AttributeColumn[] {
  return propertyColumns(keys, forEdges, GEXF_FIELDS).map(({ key, name, type }) => {
    let id = name;
    while (taken.has(id)) id = `${id}_`;
    taken.add(id);
    return { id, key, type };
  });
}

/** What a reader of the file should know, at its top. */
const README_COMMENT =
  '<!-- Multivector export. Attributes are typed: long and listlong where every value is a whole number.\n' +
  `     A property whose key GEXF, Gephi or this file use themselves (${[...GEXF_FIELDS].join(', ')})\n` +
  `     or that starts with ${RENAMED_PREFIX} is written as ${RENAMED_PREFIX}<key>, e.g. a property start as ${RENAMED_PREFIX}start.\n` +
  '     Control characters XML 1.0 cannot carry (U+0000-U+001F other than tab, line feed and carriage return,\n' +
  '     U+FFFE, U+FFFF, unpaired surrogates) are dropped from every value. -->\n';

function attributeElement(id: string, title: string, type: ColumnType): string {
  return `      <attribute id="${xmlAttr(id)}" title="${xmlAttr(title)}" type="${GEXF_TYPES[type]}"/>\n`;
}

function valueText(value: PropertyValue): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  return typeof value === 'string' ? value : String(value);
}

function attvalue(id: string, value: string): string {
  return `<attvalue for="${xmlAttr(id)}" value="${xmlAttr(value)}"/>`;
}

function attvalues(inner: string): string {
  return inner === '' ? '' : `<attvalues>${inner}</attvalues>`;
}

function properties(values: Record<string, PropertyValue>, columns: readonly AttributeColumn[]): string {
  let out = '';
  for (const c of columns) {
    const v = coerceValue(values[c.key], c.type);
    if (v !== undefined) out += attvalue(c.id, valueText(v));
  }
  return out;
}

function nodeElement(node: GraphNode, columns: readonly AttributeColumn[]): string {
  const values =
    attvalue('kind', node.kind) + attvalue('aliases', JSON.stringify(node.aliases)) + properties(node.properties, columns);
  return `      <node id="${xmlAttr(node.id)}" label="${xmlAttr(node.name)}">${attvalues(values)}</node>\n`;
}

function edgeElement(edge: GraphEdge, columns: readonly AttributeColumn[], validity: ValidityTracker): string {
  const interval = validity.datesOf(edge);
  const time = `${interval?.start ? ` start="${interval.start}"` : ''}${interval?.end ? ` end="${interval.end}"` : ''}`;
  const evidence = evidenceLists(edge.sources);
  const values =
    attvalue('type', edge.type) +
    properties(edge.properties, columns) +
    attvalue('sources', JSON.stringify(edge.sources)) +
    attvalue('sourceQuotes', JSON.stringify(evidence.sourceQuotes)) +
    attvalue('sourceDocuments', JSON.stringify(evidence.sourceDocuments)) +
    attvalue('sourceRoles', JSON.stringify(evidence.sourceRoles));
  const type = xmlAttr(edge.type);
  return (
    `      <edge id="${xmlAttr(edge.id)}" source="${xmlAttr(edge.source)}" target="${xmlAttr(edge.target)}"` +
    ` label="${type}" kind="${type}"${time}>${attvalues(values)}</edge>\n`
  );
}

function header(input: ExportInput, nodeColumns: readonly AttributeColumn[], edgeColumns: readonly AttributeColumn[]): string {
  const today = new Date().toISOString().slice(0, 10);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    README_COMMENT +
    `<gexf xmlns="${GEXF_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` xsi:schemaLocation="${GEXF_NAMESPACE} ${GEXF_NAMESPACE}/gexf.xsd" version="1.3">\n` +
    `  <meta lastmodifieddate="${today}">\n` +
    '    <creator>Multivector</creator>\n' +
    `    <description>${xmlText(input.title + GEXF_BIBLIOGRAPHY_MARKER + JSON.stringify(input.documents))}</description>\n` +
    '  </meta>\n' +
    '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n' +
    '    <attributes class="node">\n' +
    attributeElement('kind', 'kind', 'string') +
    attributeElement('aliases', 'aliases', 'string[]') +
    nodeColumns.map((c) => attributeElement(c.id, c.id, c.type)).join('') +
    '    </attributes>\n' +
    '    <attributes class="edge">\n' +
    attributeElement('type', 'type', 'string') +
    edgeColumns.map((c) => attributeElement(c.id, c.id, c.type)).join('') +
    attributeElement('sources', 'sources', 'string') +
    attributeElement('sourceQuotes', 'sourceQuotes', 'string[]') +
    attributeElement('sourceDocuments', 'sourceDocuments', 'string[]') +
    attributeElement('sourceRoles', 'sourceRoles', 'string[]') +
    '    </attributes>\n'
  );
}

/** Streams a GEXF 1.3 document. */
export async function* writeGexf(input: ExportInput): AsyncGenerator<Uint8Array> {
  const nodeColumns = attributeColumns(input.nodePropertyKeys, false, new Set(['kind', 'aliases']));
  const edgeColumns = attributeColumns(
    input.edgePropertyKeys,
    true,
    new Set(['type', 'sources', 'sourceQuotes', 'sourceDocuments', 'sourceRoles']),
  );
  const validity = new ValidityTracker();
  const out = new ChunkBuffer();
  out.push(header(input, nodeColumns, edgeColumns));
  out.push('    <nodes>\n');
  for await (const batch of input.nodes) for (const node of batch) {
    validity.noteNode(node);
    out.push(nodeElement(node, nodeColumns));
    if (out.full) yield out.take();
  }
  out.push('    </nodes>\n    <edges>\n');
  for await (const batch of input.edges) for (const edge of batch) {
    out.push(edgeElement(edge, edgeColumns, validity));
    if (out.full) yield out.take();
  }
  out.push('    </edges>\n  </graph>\n</gexf>\n');
  yield out.take();
}
