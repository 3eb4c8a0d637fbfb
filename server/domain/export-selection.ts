/**
 * The export use case: turns a parsed export request into what a format writer takes (ExportInput), a
 * human title and a file name. Every check that can fail (unknown ids, a write query, a search too broad)
 * runs here, before the caller writes the first byte, so a bad request gets a clean 400 JSON.
 *
 * The whole graph and a set of node ids are streamed from the engine twice: a first pass finds the property
 * keys (header-first formats need them before the data) and the documents cited; the second feeds the
 * writer. Neither pass holds the graph in memory. Neighbourhoods, paths and query results are bounded by
 * their own limits and reuse the use cases that answer them on screen, so an export holds what the view shows.
 */
import type { ExportInput } from '../export/export-writer';
import { EXPORT_MEDIA } from '../export/export-writer';
import { collectPropertyKeys } from '../export/collect-property-keys';
import type { GraphStore, StreamSelection } from './ports/graph-store';
import { guardConsoleQuery } from './console-plans';
import { translateForEngine } from './cypher-console';
import type { ConsoleLimits } from './cypher-console';
import { InvalidRequestError, TooLargeError } from './errors';
import type { ExportFormat, ExportSelection, ParsedExportRequest } from './export-request';
import type { Graph, GraphEdge, GraphNode } from './graph-model';
import type { PropertyType, SeedDocument, Vocabulary } from './seed-schema';
import { findPaths, getNeighborhood } from './traversal';
import { resolveTypes } from './vocabulary';

/** Nodes or relationships read from the engine per chunk while streaming. */
export const EXPORT_CHUNK_SIZE = 1_000;
/** A query selection may return at most this many rows; more is refused rather than cut silently. */
export const EXPORT_QUERY_MAX_ROWS = 100_000;

export interface ExportDependencies {
  store: GraphStore;
  vocabulary: Vocabulary;
  /** The console's time limit applies to a query selection. */
  console: Pick<ConsoleLimits, 'timeoutMs'>;
}

export interface PreparedExport {
  format: ExportFormat;
  /** What was selected, in words, e.g. "paths dushanbe → beijing (≤3 hops)". */
  title: string;
  /** What was selected, as a file-name part, e.g. "paths-dushanbe-beijing-3hops". */
  slug: string;
  input: ExportInput;
}

/** Where the nodes and edges of a selection come from, in chunks; each call starts a fresh read. */
interface SelectionSource {
  nodes(): AsyncIterable<readonly GraphNode[]>;
  edges(): AsyncIterable<readonly GraphEdge[]>;
}

/** The chunks; stops (releasing the engine read) between chunks once `signal` is aborted. */
async function* untilAborted<T>(chunks: AsyncIterable<T[]>, signal?: AbortSignal): AsyncGenerator<T[]> {
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    yield chunk;
  }
}

/** The items of the chunks, for the first pass (collectPropertyKeys takes items). */
async function* items<T>(chunks: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const chunk of chunks) yield* chunk;
}

function storeSource(store: GraphStore, selection: StreamSelection, signal?: AbortSignal): SelectionSource {
  return {
    nodes: () => untilAborted(store.streamNodes(selection, EXPORT_CHUNK_SIZE), signal),
    edges: () => untilAborted(store.streamEdges(selection, EXPORT_CHUNK_SIZE), signal),
  };
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function graphSource(graph: Graph): SelectionSource {
  const nodes = [...graph.nodes].sort(byId);
  const edges = [...graph.edges].sort(byId);
  return {
    nodes: async function* () {
      yield nodes;
    },
    edges: async function* () {
      yield edges;
    },
  };
}

/** Throws a 400 naming the ids that are not in the graph. */
async function requireNodes(store: GraphStore, ids: readonly string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  const found = new Set((await store.getNodes(unique)).map((n) => n.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 10).map((id) => `"${id}"`).join(', ');
  const more = missing.length > 10 ? ` and ${missing.length - 10} more` : '';
  throw new InvalidRequestError(`${field}: no node with id ${shown}${more}`, { field, missing: missing.slice(0, 100) });
}

/**
 * The relationships named in `edgeIds` among those streamed, noting each one met in `met`; none at all (no
 * engine read) when the list is empty.
 */
async function* onlyNamed(chunks: () => AsyncIterable<readonly GraphEdge[]>, wanted: ReadonlySet<string>, met: Set<string>): AsyncGenerator<GraphEdge[]> {
  if (wanted.size === 0) return;
  for await (const chunk of chunks()) {
    const kept = chunk.filter((e) => wanted.has(e.id));
    for (const e of kept) met.add(e.id);
    if (kept.length > 0) yield kept;
  }
}

/** Throws a 400 naming the relationship ids that were not met among the selected nodes' relationships. */
function requireAllMet(wanted: ReadonlySet<string>, met: ReadonlySet<string>): void {
  const missing = [...wanted].filter((id) => !met.has(id));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 10).map((id) => `"${id}"`).join(', ');
  const more = missing.length > 10 ? ` and ${missing.length - 10} more` : '';
  throw new InvalidRequestError(`edgeIds: no relationship with id ${shown}${more} joins two of the ids`, { field: 'edgeIds', missing: missing.slice(0, 100) });
}

/** A file-name part: letters and digits kept (any script), everything else a single dash. */
function part(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'x';
}

function yearSuffix(year: number | undefined): { title: string; slug: string } {
  return year === undefined ? { title: '', slug: '' } : { title: `, in ${year}`, slug: `-${year}` };
}

interface ResolvedSelection {
  source: SelectionSource;
  title: string;
  slug: string;
  /** Checks what only a full read can tell (throws a 400); run after the first pass, before any output. */
  afterFirstPass?: () => void;
}

async function resolveSelection(deps: ExportDependencies, selection: ExportSelection, signal?: AbortSignal): Promise<ResolvedSelection> {
  const { store } = deps;
  switch (selection.kind) {
    case 'all':
      return { source: storeSource(store, 'all', signal), title: 'the whole graph', slug: 'all' };
    case 'nodes': {
      const ids = [...new Set(selection.ids)];
      await requireNodes(store, ids, 'ids');
      const slug = ids.length <= 3 ? `nodes-${ids.map(part).join('-')}` : `${ids.length}-nodes`;
      const nodes = `${ids.length} selected node${ids.length === 1 ? '' : 's'}`;
      if (selection.edgeIds === undefined) {
        return { source: storeSource(store, ids, signal), title: `${nodes} and the relationships among them`, slug };
      }
      // Exactly the named relationships (a drawn view after filters and hides): the ones among the nodes,
      // streamed as for the plain selection and filtered, so a view of thousands costs one read per table and
      // an unknown id costs no engine scan. The first pass meets each one, or the request is refused.
      const wanted = new Set(selection.edgeIds);
      const among = storeSource(store, ids, signal);
      const met = new Set<string>();
      return {
        source: { nodes: among.nodes, edges: () => onlyNamed(among.edges, wanted, met) },
        title: `${nodes} and ${wanted.size} relationship${wanted.size === 1 ? '' : 's'} among them`,
        slug,
        afterFirstPass: () => requireAllMet(wanted, met),
      };
    }
    case 'neighborhood': {
      await requireNodes(store, [selection.focus], 'focus');
      const types = resolveTypes(deps.vocabulary, selection.types, selection.categories);
      const graph = await getNeighborhood(store, { id: selection.focus, depth: selection.depth, types, year: selection.year, direction: selection.direction, limit: selection.limit });
      const y = yearSuffix(selection.year);
      const cut = graph.truncated ? `, cut at ${selection.limit} nodes` : '';
      return {
        source: graphSource(graph),
        title: `neighbourhood of ${selection.focus} (${selection.depth} hop${selection.depth === 1 ? '' : 's'}${y.title}${cut})`,
        slug: `neighborhood-${part(selection.focus)}-${selection.depth}hop${selection.depth === 1 ? '' : 's'}${y.slug}`,
      };
    }
    case 'paths': {
      await requireNodes(store, [selection.from], 'from');
      await requireNodes(store, [selection.to], 'to');
      const types = resolveTypes(deps.vocabulary, selection.types, selection.categories);
      const paths = await findPaths(store, { ...selection, types });
      const nodes = new Map<string, GraphNode>();
      const edges = new Map<string, GraphEdge>();
      for (const p of paths) {
        for (const n of p.nodes) nodes.set(n.id, n);
        for (const e of p.edges) edges.set(e.id, e);
      }
      const y = yearSuffix(selection.year);
      return {
        source: graphSource({ nodes: [...nodes.values()], edges: [...edges.values()] }),
        title: `${paths.length} path${paths.length === 1 ? '' : 's'} ${selection.from} → ${selection.to} (≤${selection.maxHops} hops${y.title})`,
        slug: `paths-${part(selection.from)}-${part(selection.to)}-${selection.maxHops}hops${y.slug}`,
      };
    }
    case 'cypher': {
      // The guard reads the parameters too: without them `IN $ids` looked like IN over null (a crash shape).
      const statement = guardConsoleQuery(selection.query, selection.params ?? {}, { engine: store.engine === 'neo4j' ? 'neo4j' : 'embedded' });
      const translation = await translateForEngine(store, statement);
      const result = await store.runReadQuery(translation?.query ?? statement, selection.params ?? {}, { timeoutMs: deps.console.timeoutMs, maxRows: EXPORT_QUERY_MAX_ROWS });
      if (result.truncated) {
        throw new TooLargeError(`The query returned more than ${EXPORT_QUERY_MAX_ROWS} rows; an export of it would be cut. Narrow it or add a LIMIT.`);
      }
      const [nodes, edges] = await Promise.all([store.getNodes(result.nodeIds), store.getEdges(result.edgeIds)]);
      const oneLine = statement.replace(/\s+/g, ' ').trim();
      return {
        source: graphSource({ nodes, edges }),
        title: `query: ${oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine}`,
        slug: 'query',
      };
    }
  }
}

/** Declared property types of the vocabulary. */
function declaredTypes(vocabulary: Vocabulary): Map<string, PropertyType> {
  return new Map(vocabulary.properties.map((p) => [p.key, p.type]));
}

/**
 * Checks and resolves an export request. Throws InvalidRequestError (unknown ids, types matching no category),
 * QueryRejectedError (a query that writes), QueryFailedError, TooLargeError or EngineUnavailableError, all
 * before any output exists. Once `signal` is aborted (the client went away), streamed reads stop at the next
 * chunk, in the first pass as in the second.
 */
export async function prepareExport(deps: ExportDependencies, request: ParsedExportRequest, signal?: AbortSignal): Promise<PreparedExport> {
  const { source, title, slug, afterFirstPass } = await resolveSelection(deps, request.selection, signal);
  const declared = declaredTypes(deps.vocabulary);
  // First pass: property keys, and the documents the exported edges cite (the bibliography).
  const cited = new Set<string>();
  async function* noteCitations(edges: AsyncIterable<readonly GraphEdge[]>): AsyncGenerator<GraphEdge> {
    for await (const chunk of edges) {
      for (const e of chunk) for (const s of e.sources) cited.add(s.document);
      yield* chunk;
    }
  }
  const keys = await collectPropertyKeys(items(source.nodes()), noteCitations(source.edges()), declared);
  afterFirstPass?.();
  const documents: SeedDocument[] = cited.size === 0 ? [] : (await deps.store.listDocuments()).filter((d) => cited.has(d.id)).sort(byId);
  return {
    format: request.format,
    title,
    slug,
    input: {
      title,
      documents,
      propertyTypes: declared,
      nodePropertyKeys: keys.nodePropertyKeys,
      edgePropertyKeys: keys.edgePropertyKeys,
      nodes: source.nodes(),
      edges: source.edges(),
    },
  };
}

/** The file name of an export: `multivector-<what>-<YYYY-MM-DD>.<ext>`, e.g. multivector-all-2026-05-01.csv.zip. */
export function exportFileName(prepared: Pick<PreparedExport, 'format' | 'slug'>, date: Date = new Date()): string {
  return `multivector-${prepared.slug}-${date.toISOString().slice(0, 10)}${EXPORT_MEDIA[prepared.format].extension}`;
}
