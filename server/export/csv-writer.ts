/**
 * CSV export: a zip of `nodes.csv`, `relationships.csv` and `documents.csv` in neo4j-admin's import header
 * format, plus a README.txt with the import command. The same layout as the app's stores: every entity has the
 * labels Entity and its kind, evidence is three parallel lists on each relationship, documents are
 * SourceDocument nodes, and yearFrom / yearTo hold the derived validity (domain/validity.ts).
 *
 * Quoting is RFC 4180: a field holding a comma, a double quote, CR or LF is double-quoted, quotes doubled; an
 * empty string is written `""` so it stays apart from a missing value (an empty field, no property).
 *
 * Array delimiter: U+001F (the ASCII unit separator), not neo4j-admin's default ";". neo4j-admin has no escape
 * for the array delimiter, and quotes are prose full of semicolons: with ";" one quote would split into several
 * elements. U+001F does not occur in text (any occurrence is dropped); the import passes
 * `--array-delimiter=U+001F`, and the :LABEL column uses the same delimiter (`Entity<US>Country`).
 *
 * Numbers: a property whose values are all whole numbers is a `long` column (`population:long`, written
 * `10000000`), others `double`; yearFrom / yearTo are `long`. No property is renamed: the files have the
 * stores' own layout, where a property cannot be called id, name or aliases.
 */
import { Zip } from 'fflate';
import type { GraphEdge, GraphNode, PropertyValue } from '../domain/graph-model';
import type { SeedDocument } from '../domain/seed-schema';
import { DOCUMENT_LABEL, ENTITY_LABEL } from '../stores/stored-graph';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';
import { coerceValue, type ColumnType, propertyColumns, type PropertyColumn, ValidityTracker } from './export-values';
import { NativeDeflateEntry, ZIP32_LIMIT, ZipTooLargeError } from './zip-entry';

export const ARRAY_DELIMITER = '\u001F';
export const CSV_FILES = ['README.txt', 'documents.csv', 'nodes.csv', 'relationships.csv'] as const;
const EOL = '\r\n';
// Level 1: measured on the benchmark's relationships.csv, zlib level 1 compresses about 200 MB/s on one
// core to 23% of the size; level 6 about 40 MB/s to 19%. Level 1 keeps up with the writer, 6 would not.
const DEFLATE_LEVEL = 1;
/** CSV handed to the compressor at a time (bytes), and the least the zip yields at a time (bytes). */
const BLOCK_BYTES = 256 * 1024;
const ZIP_CHUNK_BYTES = 64 * 1024;

const NEO4J_TYPES: Record<ColumnType, string> = {
  string: 'string',
  number: 'double',
  integer: 'long',
  boolean: 'boolean',
  'string[]': 'string[]',
  'number[]': 'double[]',
  'integer[]': 'long[]',
};

const NEEDS_QUOTES = /[",\r\n]/;

/** An RFC 4180 field; the empty string is quoted so it reads back as "" rather than as no value. */
export function csvField(text: string): string {
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function arrayElement(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return value.includes(ARRAY_DELIMITER) ? value.split(ARRAY_DELIMITER).join('') : value;
}

function arrayField(values: readonly (string | number)[]): string {
  if (values.length === 0) return '';
  let joined = arrayElement(values[0] as string | number);
  for (let i = 1; i < values.length; i++) joined += ARRAY_DELIMITER + arrayElement(values[i] as string | number);
  return csvField(joined);
}

function cell(value: PropertyValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return arrayField(value);
  return typeof value === 'string' ? csvField(value) : String(value);
}

function headerName(name: string, type?: ColumnType): string {
  return csvField(type === undefined || type === 'string' ? name : `${name}:${NEO4J_TYPES[type]}`);
}

function propertyCells(values: Record<string, PropertyValue>, columns: readonly PropertyColumn[]): string {
  let out = '';
  for (const c of columns) out += `,${cell(coerceValue(values[c.key], c.type))}`;
  return out;
}

function nodesHeader(columns: readonly PropertyColumn[]): string {
  return ['id:ID', ':LABEL', 'name', 'aliases:string[]', ...columns.map((c) => headerName(c.key, c.type))].join(',') + EOL;
}

function nodeRow(node: GraphNode, columns: readonly PropertyColumn[]): string {
  return (
    `${csvField(node.id)},${arrayField([ENTITY_LABEL, node.kind])},${csvField(node.name)},${arrayField(node.aliases)}` +
    propertyCells(node.properties, columns) +
    EOL
  );
}

function relationshipsHeader(columns: readonly PropertyColumn[]): string {
  return (
    [
      ':START_ID',
      ':END_ID',
      ':TYPE',
      'id',
      ...columns.map((c) => headerName(c.key, c.type)),
      'sourceDocuments:string[]',
      'sourceQuotes:string[]',
      'sourceRoles:string[]',
      'yearFrom:long',
      'yearTo:long',
    ].join(',') + EOL
  );
}

/** The three evidence columns (sourceDocuments, sourceQuotes, sourceRoles) in one pass over the sources. */
function evidenceCells(sources: GraphEdge['sources']): string {
  if (sources.length === 0) return ',,,';
  let documents = '';
  let quotes = '';
  let roles = '';
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i] as GraphEdge['sources'][number];
    const sep = i === 0 ? '' : ARRAY_DELIMITER;
    documents += sep + arrayElement(s.document);
    quotes += sep + arrayElement(s.quote);
    roles += sep + arrayElement(s.role ?? 'claim');
  }
  return `,${csvField(documents)},${csvField(quotes)},${csvField(roles)}`;
}

function relationshipRow(edge: GraphEdge, columns: readonly PropertyColumn[], validity: ValidityTracker): string {
  const { yearFrom, yearTo } = validity.yearsOf(edge);
  return (
    `${csvField(edge.source)},${csvField(edge.target)},${csvField(edge.type)},${csvField(edge.id)}` +
    propertyCells(edge.properties, columns) +
    evidenceCells(edge.sources) +
    `,${yearFrom ?? ''},${yearTo ?? ''}${EOL}`
  );
}

const DOCUMENT_COLUMNS: Array<[keyof SeedDocument, ColumnType]> = [
  ['publisher', 'string'],
  ['title', 'string'],
  ['author', 'string'],
  ['published', 'string'],
  ['publishedInferred', 'boolean'],
  ['publishedNote', 'string'],
  ['url', 'string'],
];

function documentsCsv(documents: readonly SeedDocument[]): string {
  const head = [`id:ID(${DOCUMENT_LABEL})`, ':LABEL', ...DOCUMENT_COLUMNS.map(([k, t]) => headerName(k, t))].join(',') + EOL;
  const rows = documents.map(
    (d) => `${csvField(d.id)},${DOCUMENT_LABEL}${DOCUMENT_COLUMNS.map(([k]) => `,${cell(d[k])}`).join('')}${EOL}`,
  );
  return head + rows.join('');
}

function readme(input: ExportInput): string {
  return [
    `Multivector export: ${input.title.replace(/[\r\n]+/g, ' ')}`,
    `Written ${new Date().toISOString()}.`,
    '',
    'nodes.csv          the entities: id, labels (Entity and the kind), name, aliases and properties',
    'relationships.csv  the relationships, with their evidence as parallel lists: sourceDocuments,',
    '                   sourceQuotes, sourceRoles (claim or correction), and yearFrom / yearTo, the years',
    '                   in which the claim held (empty = open)',
    'documents.csv      the bibliography: the documents the quotes come from (SourceDocument nodes)',
    '',
    'The headers are in neo4j-admin import format. Lists (and the two labels in :LABEL) are separated by',
    'the character U+001F (unit separator) rather than ";", because quotes contain semicolons. Fields with',
    'commas, quotes or line breaks are quoted as in RFC 4180; quotes can span lines. Files are UTF-8.',
    'U+001F inside a list element or a label is dropped (it would split the element); every other',
    'character is kept as it is, control characters included.',
    '',
    'Numbers: a property whose values are all whole numbers has a long column (population:long), so',
    'Neo4j stores INTEGER values as the app does; other numbers are double. Lists of numbers likewise',
    '(long[] or double[]); a list mixing whole numbers and decimals is double[] ([1, 2.5, -3]).',
    'An empty list is an empty field: neo4j-admin has no empty array, so it imports as no property.',
    '',
    'Import into a new, empty Neo4j 5 database (stopped), from the folder holding the files:',
    '',
    '  neo4j-admin database import full --nodes=nodes.csv --nodes=documents.csv \\',
    '    --relationships=relationships.csv --array-delimiter=U+001F --multiline-fields=true neo4j',
    '',
    'then start it and create the constraints the app uses:',
    '',
    '  CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;',
    '  CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (d:SourceDocument) REQUIRE d.id IS UNIQUE;',
    '',
    'In a spreadsheet, open the files as UTF-8 CSV; list elements are separated by the invisible U+001F.',
    '',
  ].join(EOL);
}

/**
 * Streams the zip. Throws ZipTooLargeError (before writing a broken archive) once the CSV or the zip would
 * pass 4 GB, which needs zip64 records this writer does not write.
 */
export async function* writeCsvZip(input: ExportInput): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let written = 0;
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else if (chunk.length > 0) {
      queue.push(chunk);
      queued += chunk.length;
    }
  });
  function* drain(all: boolean): Generator<Uint8Array> {
    if (failure) throw failure;
    if (queue.length === 0 || (!all && queued < ZIP_CHUNK_BYTES)) return;
    // Sizes and offsets in the central directory (a few hundred bytes, written at the end) are 32-bit.
    written += queued;
    if (written > ZIP32_LIMIT - 64 * 1024) throw new ZipTooLargeError('The CSV zip would be larger than 4 GB, more than a zip without zip64 can hold: export a smaller selection, or GraphML.');
    const chunk = queue.length === 1 ? (queue[0] as Uint8Array) : Buffer.concat(queue, queued);
    queue.length = 0;
    queued = 0;
    yield chunk;
  }
  const open: NativeDeflateEntry[] = [];
  function entry(name: string): NativeDeflateEntry {
    const file = new NativeDeflateEntry(name, DEFLATE_LEVEL);
    zip.add(file);
    open.push(file);
    return file;
  }

  try {
    await entry('README.txt').push(Buffer.from(readme(input), 'utf8'), true);
    await entry('documents.csv').push(Buffer.from(documentsCsv(input.documents), 'utf8'), true);
    yield* drain(false);

    const nodeColumns = propertyColumns(input.nodePropertyKeys);
    const validity = new ValidityTracker();
    const nodes = entry('nodes.csv');
    const out = new ChunkBuffer(BLOCK_BYTES);
    out.push(nodesHeader(nodeColumns));
    for await (const batch of input.nodes) for (const node of batch) {
      validity.noteNode(node);
      out.push(nodeRow(node, nodeColumns));
      if (out.full) {
        await nodes.push(out.take());
        yield* drain(false);
      }
    }
    await nodes.push(out.take(), true);
    yield* drain(false);

    const edgeColumns = propertyColumns(input.edgePropertyKeys, true);
    const relationships = entry('relationships.csv');
    out.push(relationshipsHeader(edgeColumns));
    for await (const batch of input.edges) for (const edge of batch) {
      out.push(relationshipRow(edge, edgeColumns, validity));
      if (out.full) {
        await relationships.push(out.take());
        yield* drain(false);
      }
    }
    await relationships.push(out.take(), true);
    zip.end();
    yield* drain(true);
  } finally {
    // Stopped early (the client went away, a read failed): free the compressors still open.
    for (const file of open) file.discard();
  }
}
