/**
 * The export port: what every format writer takes (a selection streamed as async iterables of chunks, with
 * its bibliography and the property keys found by a first pass) and what it gives back (an async iterable
 * of chunks to pipe to a file or an HTTP response). One writer per format, each in its own module.
 */
import type { GraphEdge, GraphNode } from '../domain/graph-model';
import type { ExportFormat } from '../domain/export-request';
import type { PropertyType, SeedDocument } from '../domain/seed-schema';
import { writeCsvZip } from './csv-writer';
import type { ExportPropertyType } from './export-values';
import { writeCypher } from './cypher-writer';
import { writeCytoscape } from './cytoscape-writer';
import { writeGexf } from './gexf-writer';
import { writeGraphml } from './graphml-writer';
import { writeJson } from './json-writer';

export interface ExportInput {
  /** Human description of the selection, e.g. "paths dushanbe → beijing (≤3 hops)"; goes into file metadata. */
  title: string;
  /** Bibliography: the documents cited by the exported edges (the caller resolves them). */
  documents: SeedDocument[];
  /** Declared property types by key (from the vocabulary); keys met that are not here are typed by inference from values. */
  propertyTypes: ReadonlyMap<string, PropertyType>;
  /**
   * All property keys that occur on the exported nodes / edges, with their types: the caller computes them
   * in a first pass (see collect-property-keys.ts) so header-first formats (GraphML keys, CSV headers) can be
   * written before the data. A property whose key is not listed here is not exported.
   */
  nodePropertyKeys: ReadonlyMap<string, ExportPropertyType>;
  edgePropertyKeys: ReadonlyMap<string, ExportPropertyType>;
  /**
   * Read once, in order, in chunks as the store streams them (an await per chunk rather than per node: at a
   * million elements the per-item async steps cost more than some writers' formatting). All nodes are
   * consumed before the first edge is read.
   */
  nodes: AsyncIterable<readonly GraphNode[]>;
  /** Read once, in order, in chunks. Every edge's endpoints should be among `nodes` (GraphML's schema requires it). */
  edges: AsyncIterable<readonly GraphEdge[]>;
}

/** Streams one file as UTF-8 chunks of about 64 KB (the zip: its bytes). Strings are allowed too. */
export type ExportWriter = (input: ExportInput) => AsyncIterable<Uint8Array | string>;

// The format list is part of the wire model (the client offers it); writers are keyed by it here.
export { EXPORT_FORMATS, type ExportFormat } from '../domain/export-request';

export const EXPORT_MEDIA: Record<ExportFormat, { contentType: string; extension: string }> = {
  json: { contentType: 'application/json; charset=utf-8', extension: '.json' },
  cytoscape: { contentType: 'application/json; charset=utf-8', extension: '.cyjs' },
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: '.graphml' },
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', extension: '.gexf' },
  csv: { contentType: 'application/zip', extension: '.csv.zip' },
  cypher: { contentType: 'text/plain; charset=utf-8', extension: '.cypher' },
};

const WRITERS: Record<ExportFormat, ExportWriter> = {
  json: writeJson,
  cytoscape: writeCytoscape,
  graphml: writeGraphml,
  gexf: writeGexf,
  csv: writeCsvZip,
  cypher: writeCypher,
};

/** The writer of a format. */
export function writerFor(format: ExportFormat): ExportWriter {
  return WRITERS[format];
}
