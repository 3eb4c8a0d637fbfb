/**
 * Readers of exported files for round-trip tests: the Cypher script and the neo4j-admin CSV zip back into
 * an UpsertInput (so they can be loaded into an empty store through the port), and an element count of an
 * XML document with a real streaming parser (saxes). The Cypher reader understands exactly what the script
 * contains (UNWIND of literal rows, then MERGE by id and SET += of the row's properties), which is what
 * Neo4j would do with it; Kuzu's dialect cannot run the script itself (see README, Export).
 */
import { unzipSync, strFromU8 } from 'fflate';
import { SaxesParser } from 'saxes';
import type { GraphEdge, GraphNode, PropertyValue, Source } from '../../server/domain/graph-model';
import type { PropertyType, SeedDocument, Vocabulary } from '../../server/domain/seed-schema';
import type { UpsertInput } from '../../server/domain/ports/graph-store';
import type { ExportFormat } from '../../server/domain/export-request';

type Literal = string | number | boolean | null | Literal[] | { [k: string]: Literal };

/** Parses one Cypher literal (string, number, boolean, null, list, map) starting at `at`. */
function parseLiteral(text: string, at: number): { value: Literal; end: number } {
  let i = at;
  const ws = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): Literal => {
    ws();
    const c = text[i];
    if (c === "'") {
      let out = '';
      i++;
      while (text[i] !== "'") {
        if (i >= text.length) throw new Error('unterminated string');
        if (text[i] === '\\') {
          const e = text[i + 1];
          const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
          if (e === 'u') {
            out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            out += simple[e ?? ''] ?? '';
            i += 2;
          }
        } else out += text[i++];
      }
      i++;
      return out;
    }
    if (c === '[') {
      i++;
      const list: Literal[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return list;
      }
      for (;;) {
        list.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return list;
        } else throw new Error(`expected , or ] at ${i}`);
      }
    }
    if (c === '{') {
      i++;
      const map: Record<string, Literal> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return map;
      }
      for (;;) {
        ws();
        let key: string;
        if (text[i] === '`') {
          const close = text.indexOf('`', i + 1);
          key = text.slice(i + 1, close);
          i = close + 1;
        } else {
          const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 300));
          if (!m) throw new Error(`expected a key at ${i}`);
          key = m[0];
          i += key.length;
        }
        ws();
        if (text[i++] !== ':') throw new Error(`expected : at ${i}`);
        map[key] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return map;
        } else throw new Error(`expected , or } at ${i}`);
      }
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`unexpected ${JSON.stringify(text.slice(i, i + 20))} at ${i}`);
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  };
  const v = value();
  return { value: v, end: i };
}

function toProperties(map: Record<string, Literal>, skip: readonly string[]): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [k, v] of Object.entries(map)) if (!skip.includes(k) && v !== null) out[k] = v as PropertyValue;
  return out;
}

function sourcesOf(documents: string[], quotes: string[], roles: string[]): Source[] {
  return documents.map((document, i) => {
    const s: Source = { document, quote: quotes[i] ?? '' };
    if (roles[i] === 'correction') s.role = 'correction';
    return s;
  });
}

/** The property types an upsert needs: the vocabulary's, plus the derived interval (as the seed loader does). */
export function propertyTypesOf(vocabulary: Vocabulary): Record<string, PropertyType> {
  const types: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number' };
  for (const p of vocabulary.properties) types[p.key] = p.type;
  return types;
}

export interface ScriptSummary {
  input: Omit<UpsertInput, 'propertyTypes'>;
  /** Statements other than UNWIND ... MERGE (the constraints). */
  otherStatements: string[];
}

/** Reads a Cypher export script into the records its MERGE statements would write. */
export function readCypherScript(script: string): ScriptSummary {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const documents: SeedDocument[] = [];
  const otherStatements: string[] = [];
  const body = script.replace(/^\/\/.*$/gm, '');
  let i = 0;
  while (i < body.length) {
    while (/\s/.test(body[i] ?? '')) i++;
    if (i >= body.length) break;
    if (!body.startsWith('UNWIND ', i)) {
      const end = body.indexOf(';', i);
      otherStatements.push(body.slice(i, end).trim());
      i = end + 1;
      continue;
    }
    const { value, end } = parseLiteral(body, i + 'UNWIND '.length);
    const stop = body.indexOf(';', end);
    const rest = body.slice(end, stop);
    i = stop + 1;
    const rows = value as Array<Record<string, Literal>>;
    const kind = /SET n \+= row\.props, n:`([A-Za-z0-9]+)`/.exec(rest)?.[1];
    const type = /\[r:`([A-Z0-9_]+)` \{id: row\.id\}\]/.exec(rest)?.[1];
    if (/MERGE \(d:SourceDocument \{id: row\.id\}\) SET d \+= row/.test(rest)) {
      for (const r of rows) documents.push(r as unknown as SeedDocument);
    } else if (kind) {
      for (const r of rows) {
        const p = r.props as Record<string, Literal>;
        nodes.push({ id: String(r.id), kind, name: String(p.name), aliases: (p.aliases as string[]) ?? [], properties: toProperties(p, ['id', 'name', 'aliases']) });
      }
    } else if (type) {
      for (const r of rows) {
        const p = r.props as Record<string, Literal>;
        edges.push({
          id: String(r.id),
          type,
          source: String(r.source),
          target: String(r.target),
          properties: toProperties(p, ['id', 'sourceDocuments', 'sourceQuotes', 'sourceRoles']),
          sources: sourcesOf(p.sourceDocuments as string[], p.sourceQuotes as string[], p.sourceRoles as string[]),
        });
      }
    } else throw new Error(`unrecognised statement: ${rest.slice(0, 200)}`);
  }
  return { input: { nodes, edges, documents }, otherStatements };
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); `undefined` marks an empty unquoted field. */
function parseCsv(text: string): Array<Array<string | undefined>> {
  const records: Array<Array<string | undefined>> = [];
  let record: Array<string | undefined> = [];
  let i = 0;
  while (i < text.length) {
    let field: string | undefined;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = out;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') j++;
      field = j === i ? undefined : text.slice(i, j);
      i = j;
    }
    record.push(field);
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      records.push(record);
      record = [];
    }
  }
  return records;
}

interface Column {
  name: string;
  type: string;
}

function header(cells: Array<string | undefined>): Column[] {
  return cells.map((c) => {
    const text = c ?? '';
    const at = text.lastIndexOf(':');
    return at < 0 ? { name: text, type: 'string' } : { name: text.slice(0, at), type: text.slice(at + 1) };
  });
}

function typed(value: string, type: string, delimiter: string): PropertyValue {
  if (type.endsWith('[]')) {
    const parts = value.split(delimiter);
    return type === 'double[]' || type === 'long[]' ? parts.map(Number) : parts;
  }
  if (type === 'double' || type === 'long') return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

function rowsOf(text: string, delimiter: string): Array<Record<string, PropertyValue>> {
  const [head, ...records] = parseCsv(text);
  const columns = header(head ?? []);
  return records.map((r) => {
    const out: Record<string, PropertyValue> = {};
    columns.forEach((c, i) => {
      const v = r[i];
      if (v === undefined) return;
      const key = c.name === '' ? `:${c.type}` : c.name;
      out[key] = c.name === '' ? v : typed(v, c.type.startsWith('ID') ? 'string' : c.type, delimiter);
    });
    return out;
  });
}

/** Reads a CSV export zip (neo4j-admin headers, U+001F array delimiter) into the records an import would write. */
export function readCsvZip(zip: Uint8Array, delimiter = '\u001F'): { files: string[]; input: Omit<UpsertInput, 'propertyTypes'> } {
  const files = unzipSync(zip);
  const text = (name: string): string => {
    const f = files[name];
    if (!f) throw new Error(`${name} missing from the zip`);
    return strFromU8(f);
  };
  const documents = rowsOf(text('documents.csv'), delimiter).map((r) => {
    const { id, ':LABEL': _label, ...rest } = r;
    return { id: String(id), ...rest } as unknown as SeedDocument;
  });
  const nodes: GraphNode[] = rowsOf(text('nodes.csv'), delimiter).map((r) => {
    const { id, ':LABEL': labels, name, aliases, ...properties } = r;
    const kind = String(labels).split(delimiter).find((l) => l !== 'Entity') ?? '';
    return { id: String(id), kind, name: String(name), aliases: (aliases as string[] | undefined) ?? [], properties };
  });
  const edges: GraphEdge[] = rowsOf(text('relationships.csv'), delimiter).map((r) => {
    const { ':START_ID': source, ':END_ID': target, ':TYPE': type, id, sourceDocuments, sourceQuotes, sourceRoles, ...properties } = r;
    return {
      id: String(id),
      type: String(type),
      source: String(source),
      target: String(target),
      properties,
      sources: sourcesOf((sourceDocuments as string[]) ?? [], (sourceQuotes as string[]) ?? [], (sourceRoles as string[]) ?? []),
    };
  });
  return { files: Object.keys(files).sort(), input: { nodes, edges, documents } };
}

/** How many elements of each name an XML document has, read with a real (non-validating) XML parser. */
export function countXmlElements(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  const parser = new SaxesParser({ xmlns: true });
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= e;
  });
  parser.on('opentag', (tag) => counts.set(tag.local, (counts.get(tag.local) ?? 0) + 1));
  parser.write(xml).close();
  if (failure) throw failure;
  return counts;
}

/** Nodes and edges sorted by id, for comparing graphs read in any order. */
export function sortedGraph<N extends { id: string }, E extends { id: string }>(g: { nodes: N[]; edges: E[] }): { nodes: N[]; edges: E[] } {
  const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { nodes: [...g.nodes].sort(byId), edges: [...g.edges].sort(byId) };
}

/** The ids of the node and edge elements of a GraphML or GEXF document. */
export function xmlElementIds(xml: string): { nodes: string[]; edges: string[] } {
  const nodes: string[] = [];
  const edges: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= e;
  });
  parser.on('opentag', (tag) => {
    const id = tag.attributes.id;
    const value = typeof id === 'string' ? id : id?.value;
    if (value === undefined) return;
    if (tag.local === 'node') nodes.push(value);
    else if (tag.local === 'edge') edges.push(value);
  });
  parser.write(xml).close();
  if (failure) throw failure;
  return { nodes, edges };
}

/** The node and relationship ids of an export, sorted and without repeats, for comparing selections. */
export interface ExportedIds {
  nodes: string[];
  edges: string[];
}

export const sortedIds = (ids: ExportedIds): ExportedIds => ({ nodes: [...new Set(ids.nodes)].sort(), edges: [...new Set(ids.edges)].sort() });
export const idsOf = (g: { nodes: Array<{ id: string }>; edges: Array<{ id: string }> }): ExportedIds =>
  sortedIds({ nodes: g.nodes.map((n) => n.id), edges: g.edges.map((e) => e.id) });

/** The node and relationship ids an exported file holds, read the way its consumers read it. */
export function readExportedIds(format: ExportFormat, body: Buffer): ExportedIds {
  switch (format) {
    case 'json':
      return idsOf(JSON.parse(body.toString('utf8')) as { nodes: Array<{ id: string }>; edges: Array<{ id: string }> });
    case 'cytoscape': {
      const { elements } = JSON.parse(body.toString('utf8')) as { elements: { nodes: Array<{ data: { id: string } }>; edges: Array<{ data: { id: string } }> } };
      return sortedIds({ nodes: elements.nodes.map((n) => n.data.id), edges: elements.edges.map((e) => e.data.id) });
    }
    case 'graphml':
    case 'gexf':
      return sortedIds(xmlElementIds(body.toString('utf8')));
    case 'csv':
      return idsOf(readCsvZip(body).input);
    case 'cypher':
      return idsOf(readCypherScript(body.toString('utf8')).input);
  }
}
