/**
 * Reads a graph-seed folder (sources.json, vocabulary.json, articles/*.json), validates every record with
 * zod and against the vocabulary, and assembles the wire Graph that the stores load. Every problem is
 * reported at once, each naming its file, record and field, so a broken seed never half-loads.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Graph, GraphEdge, GraphNode, PropertyValue, Source } from '../domain/graph-model';
import {
  RESERVED_PROPERTY_KEYS,
  SeedEntitySchema,
  SeedRelationshipSchema,
  SeedSourcesFileSchema,
  STATUSES,
  VocabularyFileSchema,
  valueMatchesType,
  type SeedArticleFile,
  type SeedDocument,
  type Vocabulary,
} from '../domain/seed-schema';
import { SEED_DIR, SEED_TEXTS_DIR } from '../project-paths';
import { checkSourceGrades, SOURCE_GRADES_KEY } from '../domain/source-grades';

/** An article file's outer shape; its records are validated one by one. */
const ArticleShellSchema = z.strictObject({
  document: z.string().min(1),
  entities: z.array(z.unknown()),
  relationships: z.array(z.unknown()),
});

export interface SeedIssue {
  file: string;
  record?: string;
  field?: string;
  message: string;
}

/** Thrown when a seed folder does not validate; `issues` lists every problem found. */
export class SeedValidationError extends Error {
  constructor(readonly issues: SeedIssue[]) {
    super(
      `The seed is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues
          .map((i) => `  ${i.file}${i.record ? ` ${i.record}` : ''}${i.field ? ` field "${i.field}"` : ''}: ${i.message}`)
          .join('\n'),
    );
    this.name = 'SeedValidationError';
  }
}

export interface SeedGraph {
  graph: Graph;
  vocabulary: Vocabulary;
  documents: SeedDocument[];
}

export const DEFAULT_SEED_DIR = SEED_DIR;

/** The default relationship id: `<source>--<type in kebab case>--<target>`. */
export function defaultRelationshipId(source: string, type: string, target: string): string {
  return `${source}--${type.toLowerCase().replace(/_/g, '-')}--${target}`;
}

async function readJson(file: string, label: string, issues: SeedIssue[]): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    issues.push({ file: label, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    issues.push({ file: label, message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** Names the record a zod issue path points into, e.g. relationships[3] (russia--hosts-base--b201). */
function describeZodIssue(file: string, data: unknown, issue: z.core.$ZodIssue): SeedIssue {
  const p = issue.path;
  let record: string | undefined;
  let fieldPath = p;
  if (p.length >= 2 && typeof p[0] === 'string' && typeof p[1] === 'number') {
    const list = (data as Record<string, unknown[]>)[p[0]];
    const item = Array.isArray(list) ? (list[p[1]] as Record<string, unknown> | undefined) : undefined;
    const name = item && typeof item === 'object' ? (item.id ?? item.type ?? item.key ?? item.kind) : undefined;
    record = `${p[0]}[${p[1]}]${typeof name === 'string' ? ` (${name})` : ''}`;
    fieldPath = p.slice(2);
  }
  const field = fieldPath.length > 0 ? fieldPath.map(String).join('.') : undefined;
  return { file, record, field, message: issue.message };
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, file: string, issues: SeedIssue[]): T | undefined {
  if (data === undefined) return undefined;
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) issues.push(describeZodIssue(file, data, issue));
    return undefined;
  }
  return result.data;
}


function sameValue(a: PropertyValue, b: PropertyValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Reads and validates a seed folder.
 * @throws SeedValidationError listing every problem, each with file, record and field.
 */
export async function readSeedDirectory(dir: string = DEFAULT_SEED_DIR): Promise<SeedGraph> {
  const issues: SeedIssue[] = [];
  const sourcesFile = parseWith(
    SeedSourcesFileSchema,
    await readJson(path.join(dir, 'sources.json'), 'sources.json', issues),
    'sources.json',
    issues,
  );
  const vocabulary = parseWith(
    VocabularyFileSchema,
    await readJson(path.join(dir, 'vocabulary.json'), 'vocabulary.json', issues),
    'vocabulary.json',
    issues,
  );

  let articleNames: string[] = [];
  try {
    articleNames = (await fs.readdir(path.join(dir, 'articles'))).filter((f) => f.endsWith('.json')).sort();
  } catch {
    issues.push({ file: 'articles/', message: 'folder is missing' });
  }
  const articles: Array<{ label: string; file: SeedArticleFile }> = [];
  const brokenEntityIds = new Set<string>();
  for (const name of articleNames) {
    const label = `articles/${name}`;
    const raw = await readJson(path.join(dir, 'articles', name), label, issues);
    const shell = parseWith(ArticleShellSchema, raw, label, issues);
    if (!shell) continue;
    // Records are checked one by one so that one bad record does not hide the problems of the others.
    const entities = shell.entities.flatMap((e, i) => {
      const r = SeedEntitySchema.safeParse(e);
      if (r.success) return [r.data];
      r.error.issues.forEach((issue) => issues.push(describeZodIssue(label, raw, { ...issue, path: ['entities', i, ...issue.path] })));
      const id = (e as { id?: unknown } | null)?.id;
      if (typeof id === 'string') brokenEntityIds.add(id);
      return [];
    });
    const relationships = shell.relationships.flatMap((rel, i) => {
      const r = SeedRelationshipSchema.safeParse(rel);
      if (r.success) return [r.data];
      r.error.issues.forEach((issue) => issues.push(describeZodIssue(label, raw, { ...issue, path: ['relationships', i, ...issue.path] })));
      return [];
    });
    articles.push({ label, file: { document: shell.document, entities, relationships } });
  }
  if (!sourcesFile || !vocabulary) throw new SeedValidationError(issues);

  const documents = new Map<string, SeedDocument>();
  sourcesFile.documents.forEach((d, i) => {
    if (documents.has(d.id)) issues.push({ file: 'sources.json', record: `documents[${i}] (${d.id})`, field: 'id', message: 'duplicate document id' });
    documents.set(d.id, d);
  });
  const kinds = new Set(vocabulary.kinds.map((k) => k.kind));
  const relTypes = new Map(vocabulary.relationshipTypes.map((t) => [t.type, t]));
  const propDefs = new Map(vocabulary.properties.map((p) => [p.key, p]));
  for (const [i, t] of vocabulary.relationshipTypes.entries()) {
    for (const k of [...t.from, ...t.to]) {
      if (!kinds.has(k)) issues.push({ file: 'vocabulary.json', record: `relationshipTypes[${i}] (${t.type})`, field: 'from/to', message: `unknown kind "${k}"` });
    }
  }
  for (const [i, p] of vocabulary.properties.entries()) {
    if ((RESERVED_PROPERTY_KEYS as readonly string[]).includes(p.key)) {
      issues.push({ file: 'vocabulary.json', record: `properties[${i}] (${p.key})`, field: 'key', message: 'is a reserved key' });
    }
  }

  const checkProperties = (
    props: Record<string, PropertyValue> | undefined,
    appliesTo: 'node' | 'edge',
    file: string,
    record: string,
  ): void => {
    for (const [key, value] of Object.entries(props ?? {})) {
      const def = propDefs.get(key);
      if (!def) {
        issues.push({ file, record, field: `properties.${key}`, message: 'is not declared in vocabulary.json properties' });
      } else if (def.appliesTo !== 'both' && def.appliesTo !== appliesTo) {
        issues.push({ file, record, field: `properties.${key}`, message: `is declared for ${def.appliesTo}s only` });
      } else if (!valueMatchesType(value, def.type)) {
        issues.push({ file, record, field: `properties.${key}`, message: `must be of type ${def.type}, got ${JSON.stringify(value)}` });
      } else if (key === 'status' && !(STATUSES as readonly string[]).includes(value as string)) {
        issues.push({ file, record, field: 'properties.status', message: `must be one of ${STATUSES.join(', ')}` });
      }
    }
  };

  // Entities: declared once, possibly repeated; repeats must agree.
  const nodes = new Map<string, GraphNode & { declaredIn: string }>();
  const mentions = new Map<string, Set<string>>();
  const mention = (id: string, doc: string): void => {
    let set = mentions.get(id);
    if (!set) mentions.set(id, (set = new Set()));
    set.add(doc);
  };
  for (const { label, file } of articles) {
    if (!documents.has(file.document)) issues.push({ file: label, field: 'document', message: `"${file.document}" is not in sources.json` });
    file.entities.forEach((e, i) => {
      const record = `entities[${i}] (${e.id})`;
      if (!kinds.has(e.kind)) issues.push({ file: label, record, field: 'kind', message: `"${e.kind}" is not in vocabulary.json kinds` });
      checkProperties(e.properties, 'node', label, record);
      mention(e.id, file.document);
      const existing = nodes.get(e.id);
      if (!existing) {
        nodes.set(e.id, { id: e.id, kind: e.kind, name: e.name, aliases: [...(e.aliases ?? [])], properties: { ...(e.properties ?? {}) }, declaredIn: label });
        return;
      }
      if (existing.kind !== e.kind) {
        issues.push({ file: label, record, field: 'kind', message: `"${e.kind}" conflicts with "${existing.kind}" in ${existing.declaredIn}` });
      }
      for (const a of [e.name, ...(e.aliases ?? [])]) {
        if (a !== existing.name && !existing.aliases.includes(a)) existing.aliases.push(a);
      }
      for (const [k, v] of Object.entries(e.properties ?? {})) {
        const prev = existing.properties[k];
        if (prev !== undefined && !sameValue(prev, v)) {
          issues.push({ file: label, record, field: `properties.${k}`, message: `${JSON.stringify(v)} conflicts with ${JSON.stringify(prev)} in ${existing.declaredIn}` });
        } else existing.properties[k] = v;
      }
    });
  }

  const edges = new Map<string, GraphEdge & { declaredIn: string }>();
  for (const { label, file } of articles) {
    file.relationships.forEach((r, i) => {
      const id = r.id ?? defaultRelationshipId(r.source, r.type, r.target);
      const record = `relationships[${i}] (${id})`;
      const def = relTypes.get(r.type);
      if (!def) issues.push({ file: label, record, field: 'type', message: `"${r.type}" is not in vocabulary.json relationshipTypes` });
      const from = nodes.get(r.source);
      const to = nodes.get(r.target);
      // An entity whose own record is broken is already reported; do not report every edge to it too.
      if (!from && !brokenEntityIds.has(r.source)) issues.push({ file: label, record, field: 'source', message: `unknown entity "${r.source}"` });
      if (!to && !brokenEntityIds.has(r.target)) issues.push({ file: label, record, field: 'target', message: `unknown entity "${r.target}"` });
      if (def && from && !def.from.includes(from.kind)) {
        issues.push({ file: label, record, field: 'source', message: `${r.type} may not start at a ${from.kind} (allowed: ${def.from.join(', ')})` });
      }
      if (def && to && !def.to.includes(to.kind)) {
        issues.push({ file: label, record, field: 'target', message: `${r.type} may not end at a ${to.kind} (allowed: ${def.to.join(', ')})` });
      }
      checkProperties(r.properties, 'edge', label, record);
      const prior = edges.get(id);
      if (prior) {
        issues.push({ file: label, record, field: 'id', message: `duplicate relationship id (also in ${prior.declaredIn}); give one of them an explicit id` });
        return;
      }
      const grades = r.properties?.[SOURCE_GRADES_KEY];
      const gradeProblem = grades === undefined ? null : checkSourceGrades(grades, r.sources.length);
      if (gradeProblem !== null) issues.push({ file: label, record, field: `properties.${SOURCE_GRADES_KEY}`, message: gradeProblem });
      const sources: Source[] = r.sources.map((s, j) => {
        const docId = s.document ?? file.document;
        const doc = documents.get(docId);
        if (!doc) issues.push({ file: label, record, field: `sources.${j}.document`, message: `"${docId}" is not in sources.json` });
        mention(r.source, docId);
        mention(r.target, docId);
        const source: Source = { document: docId, quote: s.quote };
        if (doc) {
          source.publisher = doc.publisher;
          source.title = doc.title;
          source.published = doc.published;
        }
        if (s.role) source.role = s.role;
        return source;
      });
      edges.set(id, { id, type: r.type, source: r.source, target: r.target, properties: { ...(r.properties ?? {}) }, sources, declaredIn: label });
    });
  }
  if (issues.length > 0) throw new SeedValidationError(issues);

  const graph: Graph = {
    nodes: [...nodes.values()].map(({ declaredIn: _d, ...n }) => ({
      ...n,
      properties: { ...n.properties, documents: [...(mentions.get(n.id) ?? [])].sort() },
    })),
    edges: [...edges.values()].map(({ declaredIn: _d, ...e }) => e),
  };
  return { graph, vocabulary, documents: [...documents.values()] };
}

/** Reads and validates only vocabulary.json of a seed folder (for the API's vocabulary). */
export async function readVocabulary(dir: string = DEFAULT_SEED_DIR): Promise<Vocabulary> {
  const issues: SeedIssue[] = [];
  const vocabulary = parseWith(
    VocabularyFileSchema,
    await readJson(path.join(dir, 'vocabulary.json'), 'vocabulary.json', issues),
    'vocabulary.json',
    issues,
  );
  if (!vocabulary) throw new SeedValidationError(issues);
  return vocabulary;
}

/**
 * The documents with their texts from `dir` (a file named as the document id, read as UTF-8); a document
 * whose file is missing keeps no text, so a checkout without the texts still seeds.
 */
export async function readSeedTexts(documents: readonly SeedDocument[], dir: string = SEED_TEXTS_DIR): Promise<SeedDocument[]> {
  return Promise.all(
    documents.map(async (d) => {
      if (d.text !== undefined || path.basename(d.id) !== d.id) return d;
      try {
        return { ...d, text: await fs.readFile(path.join(dir, d.id), 'utf8') };
      } catch {
        return d;
      }
    }),
  );
}
