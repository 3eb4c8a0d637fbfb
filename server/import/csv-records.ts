/**
 * Reads CSV in the neo4j-admin header format that server/export/csv-writer.ts writes, streamed through
 * CsvTokenizer: `nodes.csv` (id:ID, :LABEL, name, aliases:string[], typed properties), `relationships.csv`
 * (:START_ID, :END_ID, :TYPE, id, properties, the evidence lists, yearFrom / yearTo) and `documents.csv`
 * (id:ID(SourceDocument), :LABEL, the bibliography fields). Lists and the two labels are separated by
 * U+001F. An empty field is a missing value; `""` is the empty string. Rows become wire-shaped objects
 * (validated with zod afterwards); a value the header's type cannot hold is reported with row and field.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { PropertyValue } from '../domain/graph-model';
import { ARRAY_DELIMITER } from '../export/csv-writer';
import { DOCUMENT_LABEL, ENTITY_LABEL } from '../stores/stored-graph';
import { DERIVED_EDGE_KEYS } from '../domain/validity';
import type { ParseEvent, Section } from './import-file';
import { CsvSyntaxError, CsvTokenizer, type CsvCells } from './csv-tokenizer';

type CellType = 'string' | 'number' | 'boolean' | 'string[]' | 'number[]';

interface Column {
  /** Property key, or a special role from the header. */
  key: string;
  role: 'id' | 'label' | 'start' | 'end' | 'type' | 'property';
  type: CellType;
}

const TYPE_NAMES: Record<string, CellType> = {
  string: 'string',
  double: 'number',
  float: 'number',
  int: 'number',
  long: 'number',
  integer: 'number',
  short: 'number',
  byte: 'number',
  boolean: 'boolean',
  'string[]': 'string[]',
  'double[]': 'number[]',
  'float[]': 'number[]',
  'int[]': 'number[]',
  'long[]': 'number[]',
};

/** Columns the stores derive or hold apart; they are read into the record's own fields, not properties. */
const EVIDENCE = new Set(['sourceDocuments', 'sourceQuotes', 'sourceRoles']);
const DERIVED = new Set<string>(DERIVED_EDGE_KEYS);

function parseHeader(cells: readonly (string | null)[]): { columns: Column[]; problems: string[] } {
  const columns: Column[] = [];
  const problems: string[] = [];
  for (const raw of cells) {
    const text = (raw ?? '').replace(/^\uFEFF/, '');
    const colon = text.lastIndexOf(':');
    const name = colon >= 0 ? text.slice(0, colon) : text;
    const spec = colon >= 0 ? text.slice(colon + 1) : '';
    if (spec === 'ID' || spec.startsWith('ID(')) columns.push({ key: name || 'id', role: 'id', type: 'string' });
    else if (spec === 'LABEL') columns.push({ key: 'label', role: 'label', type: 'string[]' });
    else if (spec === 'START_ID' || spec.startsWith('START_ID(')) columns.push({ key: 'source', role: 'start', type: 'string' });
    else if (spec === 'END_ID' || spec.startsWith('END_ID(')) columns.push({ key: 'target', role: 'end', type: 'string' });
    else if (spec === 'TYPE') columns.push({ key: 'type', role: 'type', type: 'string' });
    else if (spec === '' || colon < 0) columns.push({ key: text, role: 'property', type: 'string' });
    else {
      const type = TYPE_NAMES[spec.toLowerCase()];
      if (!type) problems.push(`column "${text}" has an unknown type "${spec}"`);
      columns.push({ key: name, role: 'property', type: type ?? 'string' });
    }
  }
  return { columns, problems };
}

/** A cell as its column's type; a string message when it cannot be. */
function convert(text: string, type: CellType): PropertyValue | string[] | { error: string } {
  switch (type) {
    case 'string':
      return text;
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : { error: `"${text}" is not a number` };
    }
    case 'boolean':
      if (/^true$/i.test(text)) return true;
      if (/^false$/i.test(text)) return false;
      return { error: `"${text}" is not true or false` };
    case 'string[]':
      return text === '' ? [] : text.split(ARRAY_DELIMITER);
    case 'number[]': {
      const parts = text === '' ? [] : text.split(ARRAY_DELIMITER);
      const nums = parts.map(Number);
      const bad = parts.findIndex((p, i) => p.trim() === '' || !Number.isFinite(nums[i]));
      return bad >= 0 ? { error: `element "${parts[bad]}" is not a number` } : nums;
    }
  }
}

/**
 * Streams the rows of one CSV file as wire-shaped records of `section`. The row number counts the header as
 * row 1, as a spreadsheet shows it.
 */
export async function* readCsvRecords(input: Readable, section: Section, fileLabel: string): AsyncGenerator<ParseEvent> {
  let columns: Column[] | undefined;
  let row = 0;
  try {
    for await (const batch of csvRows(input)) {
      for (const cells of batch) {
        row += 1;
        if (!columns) {
          const header = parseHeader(cells);
          for (const message of header.problems) yield { type: 'issue', issue: { file: fileLabel, row, message } };
          columns = header.columns;
          continue;
        }
        if (cells.length === 1 && cells[0] === null) continue; // a blank line
        const loc = { file: fileLabel, row };
        if (cells.length !== columns.length) {
          yield { type: 'issue', issue: { file: fileLabel, row, message: `has ${cells.length} fields, the header has ${columns.length}` } };
          continue;
        }
        const fields: Record<string, unknown> = {};
        const properties: Record<string, PropertyValue> = {};
        let broken = false;
        for (let i = 0; i < columns.length; i++) {
          const col = columns[i] as Column;
          const text = cells[i];
          if (text === null || text === undefined) continue;
          const value = convert(text, col.type);
          if (typeof value === 'object' && !Array.isArray(value)) {
            yield { type: 'issue', issue: { file: fileLabel, row, field: col.key, message: value.error } };
            broken = true;
            continue;
          }
          if (col.role !== 'property') fields[col.key] = value;
          else if (section === 'edge' && (EVIDENCE.has(col.key) || DERIVED.has(col.key) || col.key === 'id')) fields[col.key] = value;
          else if (section === 'node' && (col.key === 'name' || col.key === 'aliases')) fields[col.key] = value;
          else if (section === 'document') fields[col.key] = value;
          else properties[col.key] = value;
        }
        if (broken) continue;
        yield { type: 'record', section, value: toRecord(section, fields, properties), loc };
      }
    }
  } catch (err) {
    // The tokenizer's message names the line (a record may span lines, so it can differ from the row).
    const message = err instanceof CsvSyntaxError ? `is not valid CSV: ${err.message}` : `could not be read: ${String((err as Error)?.message ?? err)}`;
    yield { type: 'issue', issue: { file: fileLabel, message } };
  }
}

/** The records of a byte stream, a chunk's worth at a time (UTF-8; a character split between chunks is joined). */
async function* csvRows(input: Readable): AsyncGenerator<CsvCells[]> {
  const decoder = new StringDecoder('utf8');
  const tokenizer = new CsvTokenizer();
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const rows = tokenizer.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (rows.length > 0) yield rows;
  }
  yield [...tokenizer.push(decoder.end()), ...tokenizer.end()];
}

function toRecord(section: Section, fields: Record<string, unknown>, properties: Record<string, PropertyValue>): unknown {
  if (section === 'document') {
    const { label: _label, ...doc } = fields;
    return doc;
  }
  if (section === 'node') {
    const labels = Array.isArray(fields.label) ? (fields.label as string[]) : [];
    const kinds = labels.filter((l) => l !== ENTITY_LABEL && l !== DOCUMENT_LABEL);
    return {
      id: fields.id,
      kind: kinds.length === 1 ? kinds[0] : kinds.length === 0 ? undefined : kinds.join(','),
      name: fields.name ?? fields.id,
      aliases: fields.aliases ?? [],
      properties,
    };
  }
  const documents = (fields.sourceDocuments as string[] | undefined) ?? [];
  const quotes = (fields.sourceQuotes as string[] | undefined) ?? [];
  const roles = (fields.sourceRoles as string[] | undefined) ?? [];
  const count = Math.max(documents.length, quotes.length);
  const sources = Array.from({ length: count }, (_, i) => {
    const role = roles[i];
    return { document: documents[i], quote: quotes[i], ...(role && role !== 'claim' ? { role } : {}) };
  });
  return { id: fields.id, type: fields.type, source: fields.source, target: fields.target, properties, sources };
}
