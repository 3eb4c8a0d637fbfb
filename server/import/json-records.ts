/**
 * Reads the JSON formats: the API's Graph JSON (as GET /api/export?format=json writes it: `nodes`, `edges`,
 * optional `documents` and `title`), a graph-seed article (`document`, `entities`, `relationships`, checked
 * with the seed's own zod schemas), a seed `sources.json` (`documents`). A seed `vocabulary.json` holds no
 * records (see readDeclaredVocabulary). Records come out wire-shaped, each with its list index.
 */
import type { z } from 'zod';
import { SeedEntitySchema, SeedRelationshipSchema, VocabularyFileSchema, type Vocabulary } from '../domain/seed-schema';
import { defaultRelationshipId } from '../seed/seed-loader';
import type { ImportIssue } from '../domain/import-model';
import type { ImportFile, ParseEvent, Section } from './import-file';
import { readWhole } from './import-file';

type JsonShape = 'graph' | 'article' | 'sources' | 'vocabulary';

function shapeOf(data: unknown): JsonShape | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  if (Array.isArray(o.nodes) || Array.isArray(o.edges)) return 'graph';
  if (Array.isArray(o.entities) || Array.isArray(o.relationships)) return 'article';
  if (Array.isArray(o.kinds) || Array.isArray(o.relationshipTypes)) return 'vocabulary';
  if (Array.isArray(o.documents)) return 'sources';
  return undefined;
}

function parseJson(file: string, bytes: Buffer): { data?: unknown; issue?: ImportIssue } {
  try {
    return { data: JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as unknown };
  } catch (err) {
    return { issue: { file, message: `is not valid JSON: ${(err as Error).message}` } };
  }
}

function nameOf(item: unknown): string {
  if (!item || typeof item !== 'object') return '';
  const o = item as Record<string, unknown>;
  const name = o.id ?? o.type;
  return typeof name === 'string' ? ` (${name})` : '';
}

function* list(file: string, data: Record<string, unknown>, key: string, section: Section): Generator<ParseEvent> {
  const items = data[key];
  if (items === undefined) return;
  if (!Array.isArray(items)) {
    yield { type: 'issue', issue: { file, field: key, message: 'must be a list' } };
    return;
  }
  for (const [i, value] of items.entries()) {
    yield { type: 'record', section, value, loc: { file, row: i + 1, record: `${key}[${i}]${nameOf(value)}` } };
  }
}

function zodIssues(file: string, row: number, record: string, error: z.ZodError): ParseEvent[] {
  return error.issues.map((i) => ({
    type: 'issue' as const,
    issue: { file, row, record, ...(i.path.length ? { field: i.path.map(String).join('.') } : {}), message: i.message },
  }));
}

/** The records of one section of a JSON file. */
export function* jsonRecords(file: string, bytes: Buffer, section: Section): Generator<ParseEvent> {
  const { data, issue } = parseJson(file, bytes);
  if (issue) {
    if (section === 'node') yield { type: 'issue', issue };
    return;
  }
  const shape = shapeOf(data);
  const o = data as Record<string, unknown>;
  if (!shape) {
    if (section === 'node') {
      yield { type: 'issue', issue: { file, message: 'is not Graph JSON (nodes, edges), a seed article (entities, relationships), sources.json or vocabulary.json' } };
    }
    return;
  }
  if (shape === 'graph') {
    if (section === 'document') yield* list(file, o, 'documents', 'document');
    if (section === 'node') yield* list(file, o, 'nodes', 'node');
    if (section === 'edge') yield* list(file, o, 'edges', 'edge');
    return;
  }
  if (shape === 'sources') {
    if (section === 'document') yield* list(file, o, 'documents', 'document');
    return;
  }
  if (shape !== 'article') return;
  const document = o.document;
  if (typeof document !== 'string' || document === '') {
    if (section === 'node') yield { type: 'issue', issue: { file, field: 'document', message: 'a seed article names its document (the id in sources.json)' } };
    return;
  }
  if (section === 'node') {
    for (const [i, raw] of (Array.isArray(o.entities) ? o.entities : []).entries()) {
      const record = `entities[${i}]${nameOf(raw)}`;
      const r = SeedEntitySchema.safeParse(raw);
      if (!r.success) {
        yield* zodIssues(file, i + 1, record, r.error);
        continue;
      }
      const e = r.data;
      yield {
        type: 'record',
        section,
        value: { id: e.id, kind: e.kind, name: e.name, aliases: e.aliases ?? [], properties: e.properties ?? {} },
        loc: { file, row: i + 1, record },
      };
    }
  }
  if (section === 'edge') {
    for (const [i, raw] of (Array.isArray(o.relationships) ? o.relationships : []).entries()) {
      const record = `relationships[${i}]${nameOf(raw)}`;
      const r = SeedRelationshipSchema.safeParse(raw);
      if (!r.success) {
        yield* zodIssues(file, i + 1, record, r.error);
        continue;
      }
      const rel = r.data;
      yield {
        type: 'record',
        section,
        value: {
          id: rel.id ?? defaultRelationshipId(rel.source, rel.type, rel.target),
          type: rel.type,
          source: rel.source,
          target: rel.target,
          properties: rel.properties ?? {},
          sources: rel.sources.map((s) => ({ document: s.document ?? document, quote: s.quote, ...(s.role ? { role: s.role } : {}) })),
        },
        loc: { file, row: i + 1, record },
      };
    }
  }
}

/** The vocabulary files among the inputs (kinds, relationship types and properties they declare). */
export async function readDeclaredVocabulary(files: readonly ImportFile[], issues: ImportIssue[]): Promise<Vocabulary[]> {
  const out: Vocabulary[] = [];
  for (const file of files) {
    if (!file.name.toLowerCase().endsWith('.json')) continue;
    let bytes: Buffer;
    try {
      bytes = await readWhole(file);
    } catch {
      continue; // readSection reports unreadable files
    }
    const { data } = parseJson(file.name, bytes);
    if (shapeOf(data) !== 'vocabulary') continue;
    const r = VocabularyFileSchema.safeParse(data);
    if (!r.success) {
      for (const i of r.error.issues) issues.push({ file: file.name, field: i.path.map(String).join('.'), message: i.message });
      continue;
    }
    out.push(r.data);
  }
  return out;
}
