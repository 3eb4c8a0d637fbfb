/**
 * What an import reads: files given by path (CLI) or as bytes (an HTTP upload), and how each is recognised:
 * a `.zip` is the CSV export (nodes.csv, relationships.csv, documents.csv); a `.csv` is one of those files on
 * its own, told apart by its header; a `.json` is the API's Graph JSON (`nodes`, `edges`, optional
 * `documents`), a graph-seed article (`document`, `entities`, `relationships`), a seed `sources.json`
 * (`documents`) or a seed `vocabulary.json` (declares kinds, relationship types and properties).
 * Records are streamed section by section (documents, then nodes, then edges), so big CSV files are never
 * held whole; JSON files are parsed whole (they are the small formats).
 */
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { Unzip, UnzipInflate } from 'fflate';
import type { ImportIssue } from '../domain/import-model';
import { readCsvRecords } from './csv-records';
import { jsonRecords } from './json-records';

/** A file to import: a path on disk, or its bytes. `name` is how issues refer to it. */
export interface ImportFile {
  name: string;
  path?: string;
  bytes?: Uint8Array;
}

export const SECTIONS = ['document', 'node', 'edge'] as const;
export type Section = (typeof SECTIONS)[number];

/** Where a record came from, for messages. */
export interface RecordLocation {
  file: string;
  row?: number;
  record?: string;
}

export type ParseEvent =
  | { type: 'record'; section: Section; value: unknown; loc: RecordLocation }
  | { type: 'issue'; issue: ImportIssue };

const CSV_FILE_SECTIONS: Record<string, Section> = {
  'documents.csv': 'document',
  'nodes.csv': 'node',
  'relationships.csv': 'edge',
};

async function* fileChunks(file: ImportFile): AsyncGenerator<Uint8Array> {
  if (file.bytes) {
    // Hand big buffers on in slices so the unzip and the parser see bounded pieces.
    for (let i = 0; i < file.bytes.length; i += 1 << 20) yield file.bytes.subarray(i, i + (1 << 20));
    return;
  }
  if (!file.path) throw new Error(`${file.name}: neither a path nor bytes`);
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 16 })) yield chunk as Buffer;
}

export async function readWhole(file: ImportFile): Promise<Buffer> {
  if (file.bytes) return Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  if (!file.path) throw new Error(`${file.name}: neither a path nor bytes`);
  return fs.readFile(file.path);
}

/** The decompressed bytes of one zip entry, streamed: memory holds about one input chunk's output. */
async function* zipEntryChunks(file: ImportFile, entryName: string): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let found = false;
  const unzip = new Unzip((entry) => {
    if (entry.name.split('/').pop() !== entryName) return;
    found = true;
    entry.ondata = (err, data) => {
      if (err) failure = err;
      else if (data.length > 0) out.push(data);
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of fileChunks(file)) {
    unzip.push(chunk);
    if (failure) throw failure;
    while (out.length > 0) yield out.shift() as Uint8Array;
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  while (out.length > 0) yield out.shift() as Uint8Array;
  if (!found) throw new Error(`has no ${entryName}`);
}

/** Names of the entries of a zip (read from its central directory through the streaming reader). */
async function zipEntryNames(file: ImportFile): Promise<string[]> {
  const names: string[] = [];
  const unzip = new Unzip((entry) => names.push(entry.name.split('/').pop() ?? entry.name));
  for await (const chunk of fileChunks(file)) unzip.push(chunk);
  unzip.push(new Uint8Array(0), true);
  return names;
}

/** The section a loose CSV file holds, from its first line. */
async function csvSectionOf(file: ImportFile): Promise<Section | undefined> {
  let head = '';
  for await (const chunk of fileChunks(file)) {
    head += Buffer.from(chunk).toString('utf8');
    if (head.includes('\n') || head.length > 65_536) break;
  }
  const first = (head.split(/\r?\n/)[0] ?? '').replace(/^\uFEFF/, '');
  if (/(^|,)"?:START_ID/.test(first)) return 'edge';
  if (/(^|,)"?id:ID\(SourceDocument\)/.test(first)) return 'document';
  if (/(^|,)"?id:ID"?(,|$)/.test(first)) return 'node';
  return undefined;
}

function issue(file: string, message: string): ParseEvent {
  return { type: 'issue', issue: { file, message } };
}

/**
 * Streams the records of one section of a file (none when the file holds no such section). Problems of
 * form (unreadable file, unknown format, a broken row) come as `issue` events, never as exceptions.
 */
export async function* readSection(file: ImportFile, section: Section): AsyncGenerator<ParseEvent> {
  const lower = file.name.toLowerCase();
  try {
    if (lower.endsWith('.zip')) {
      const names = await zipEntryNames(file);
      const entry = Object.entries(CSV_FILE_SECTIONS).find(([, s]) => s === section)?.[0] as string;
      if (section === 'node' && !names.includes('nodes.csv') && !names.includes('relationships.csv') && !names.includes('documents.csv')) {
        yield issue(file.name, 'is a zip without nodes.csv, relationships.csv or documents.csv');
        return;
      }
      if (!names.includes(entry)) return;
      yield* readCsvRecords(Readable.from(zipEntryChunks(file, entry)), section, `${file.name}/${entry}`);
      return;
    }
    if (lower.endsWith('.csv')) {
      const kind = await csvSectionOf(file);
      if (!kind) {
        if (section === 'node') yield issue(file.name, 'is not a nodes, relationships or documents CSV (its header has no id:ID, :START_ID or id:ID(SourceDocument))');
        return;
      }
      if (kind !== section) return;
      yield* readCsvRecords(Readable.from(fileChunks(file)), section, file.name);
      return;
    }
    if (lower.endsWith('.json')) {
      yield* jsonRecords(file.name, await readWhole(file), section);
      return;
    }
    if (section === 'node') yield issue(file.name, 'has an unknown format: give a .json, .csv or .zip file');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    yield issue(file.name, code ? `cannot be read (${code})` : `cannot be read: ${(err as Error).message}`);
  }
}
