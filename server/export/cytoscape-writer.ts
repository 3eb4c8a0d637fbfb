/**
 * Cytoscape export in the "cyjs" JSON that Cytoscape.js reads with `cy.json()` and Cytoscape desktop imports
 * (File > Import > Network from File). Values stay primitives or lists: desktop makes a table column of each
 * data field. Evidence travels twice: `sources` as a list of objects (for Cytoscape.js and round trips) and as
 * the flat string lists `sourceQuotes`, `sourceDocuments`, `sourceRoles` that desktop tables can show.
 * A property whose key is one of those fields or one Cytoscape gives a meaning (`interaction`, `parent`,
 * `SUID`, ... see CYJS_FIELDS) is written as `prop_<key>` (see exportedName) instead of being lost.
 */
import type { GraphEdge, GraphNode, PropertyValue } from '../domain/graph-model';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';
import { coerceValue, evidenceLists, propertyColumns, type PropertyColumn } from './export-values';

/** Data fields of this file's elements and those Cytoscape.js or desktop read themselves (`parent` nests a node). */
export const CYJS_FIELDS: ReadonlySet<string> = new Set([
  'id', 'name', 'kind', 'aliases', 'parent', 'source', 'target', 'interaction', 'type', 'sources', 'sourceQuotes', 'sourceDocuments',
  'sourceRoles', 'SUID', 'selected', 'shared name', 'shared interaction',
]);

function properties(values: Record<string, PropertyValue>, columns: readonly PropertyColumn[]): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const { key, name, type } of columns) {
    const v = coerceValue(values[key], type);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function nodeData(node: GraphNode, columns: readonly PropertyColumn[]): Record<string, unknown> {
  // Core fields last: a second fence, as propertyColumns already renamed any property that has one's name.
  return { ...properties(node.properties, columns), id: node.id, name: node.name, kind: node.kind, aliases: node.aliases };
}

function edgeData(edge: GraphEdge, columns: readonly PropertyColumn[]): Record<string, unknown> {
  return {
    ...properties(edge.properties, columns),
    id: edge.id,
    source: edge.source,
    target: edge.target,
    interaction: edge.type,
    type: edge.type,
    sources: edge.sources,
    ...evidenceLists(edge.sources),
  };
}

/** Streams a cyjs document. */
export async function* writeCytoscape(input: ExportInput): AsyncGenerator<Uint8Array> {
  const nodeColumns = propertyColumns(input.nodePropertyKeys, false, CYJS_FIELDS);
  const edgeColumns = propertyColumns(input.edgePropertyKeys, true, CYJS_FIELDS);
  const out = new ChunkBuffer();
  out.push(
    '{"format_version":"1.0","generated_by":"multivector","target_cytoscapejs_version":"~3.34",\n' +
      `"data":${JSON.stringify({ name: input.title, documents: input.documents })},\n` +
      '"elements":{"nodes":[',
  );
  let first = true;
  for await (const batch of input.nodes) for (const node of batch) {
    out.push(`${first ? '\n' : ',\n'}{"data":${JSON.stringify(nodeData(node, nodeColumns))}}`);
    first = false;
    if (out.full) yield out.take();
  }
  out.push('],\n"edges":[');
  first = true;
  for await (const batch of input.edges) for (const edge of batch) {
    out.push(`${first ? '\n' : ',\n'}{"data":${JSON.stringify(edgeData(edge, edgeColumns))}}`);
    first = false;
    if (out.full) yield out.take();
  }
  out.push(']}}\n');
  yield out.take();
}
