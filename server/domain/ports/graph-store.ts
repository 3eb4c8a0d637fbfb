/**
 * The port every graph engine implements. Use cases in server/domain talk only to this interface and
 * receive plain wire objects; engine driver types never cross it. Primitives are deliberately small
 * (look-ups by id, one-hop adjacency, a guarded read query, an idempotent upsert) so that traversal
 * logic lives once, in the domain, and both engines give the same answers.
 */
import type { Direction, EngineName, EngineProcessHealth, Graph, GraphEdge, GraphNode, StorageStatus } from '../graph-model';
import type { PropertyType, SeedDocument } from '../seed-schema';
import type { ImportRecord, RecordKind } from '../import-model';

/** A node with its relationships and the nodes at their other ends (itself too, for a self-loop), any order. */
export interface NodeStar {
  node: GraphNode;
  edges: GraphEdge[];
  neighbors: GraphNode[];
}

/** The nodes and relationships of a subgraph (a neighbourhood's), any order. */
export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One relationship seen from the adjacency index: enough to walk the graph without loading properties. */
export interface EdgeRef {
  id: string;
  type: string;
  source: string;
  target: string;
}

export interface AdjacencyFilter {
  /** Only these relationship types (none given: all). */
  types?: readonly string[];
  /** Only relationships whose derived interval (yearFrom..yearTo, open ends) includes this year. */
  year?: number;
}

/**
 * Every relationship's adjacency row, in columns (one array per field, all of one length): how the graph
 * index (stores/graph-index/) is loaded. Columns, not an object per relationship: a few arrays cross a
 * process boundary (structured clone) and a driver's records far faster than a million small objects.
 * Null years are open ends; kinds are the endpoints' labels; `status` is the relationship's `status`
 * property where the engine reads it (absent: not read).
 */
export interface AdjacencyColumns {
  id: string[];
  type: string[];
  source: string[];
  target: string[];
  yearFrom: Array<number | null>;
  yearTo: Array<number | null>;
  sourceKind: string[];
  targetKind: string[];
  status?: Array<string | null>;
}

/** A relationship citing one of the documents asked about, with the first of them its sources name. */
export interface CitingEdge extends EdgeRef {
  document: string;
}

/** What edgesCitingDocuments answers: the first `limit` citing relationships by id, and how many there are. */
export interface CitingEdges {
  edges: CitingEdge[];
  total: number;
}

export interface CitingEdgesOptions {
  /** Relationships listed at most (the total still counts them all). */
  limit: number;
  /** Relationships left out of the answer and the total (an undo's own relationships). */
  excluding?: readonly string[];
}

/**
 * A stored document's text digest (documentTextDigest in domain/document-text-digest.ts), for an index
 * of the texts to tell which changed without reading them; null when the engine cannot tell it (Neo4j:
 * a text written without the app's digest), which means "read it to know".
 */
export interface DocumentTextStamp {
  id: string;
  digest: string | null;
}

export interface ReadQueryOptions {
  timeoutMs: number;
  /** Rows beyond this are not read; the result says `truncated`. */
  maxRows: number;
  /** Aborted when the client went away: engines that can cancel a running query do so. */
  signal?: AbortSignal;
}

/** A read query's result with engine values already turned into plain JSON. */
export interface ReadQueryResult {
  columns: string[];
  rows: unknown[][];
  /** Ids of the nodes and relationships that appeared anywhere in the rows (for drawing). */
  nodeIds: string[];
  edgeIds: string[];
  /**
   * The source documents that appeared in the rows, as nodes of kind DOCUMENT_KIND: getNodes reads entities
   * only, so these travel whole. Their ids are not in nodeIds.
   */
  documents: GraphNode[];
  truncated: boolean;
}

export interface UpsertInput {
  nodes: GraphNode[];
  edges: GraphEdge[];
  documents: SeedDocument[];
  /** Declared property types, so typed engines (Kuzu) create the right columns. */
  propertyTypes: Record<string, PropertyType>;
}

export interface UpsertSummary {
  nodes: number;
  edges: number;
  documents: number;
}

export interface GraphCounts {
  nodes: number;
  edges: number;
}

/**
 * Which part of the graph a stream reads: everything, or the nodes with these ids (for relationships: those
 * whose both ends are among them).
 */
export type StreamSelection = 'all' | readonly string[];

/** One table of the engine's catalogue: a node label or relationship type with its property types. */
export interface CatalogueTable {
  name: string;
  /** Property name -> type (seed-schema's names: string, number, boolean, date, string[], number[]; others as the engine names them). */
  properties: Record<string, string>;
}

/**
 * What a typed engine's catalogue holds, for the console's translation into its dialect: node tables (entity
 * kinds and SourceDocument, not the store's internal bookkeeping) and relationship tables.
 */
export interface GraphCatalogue {
  nodeTables: CatalogueTable[];
  relTables: CatalogueTable[];
}

/**
 * What pathCandidates() is asked: the search of traversal.ts's findPaths for a query without a year, every
 * relationship read from the store's own memory. The answer must be exactly what that search lists.
 */
export interface PathCandidateQuery {
  from: string;
  to: string;
  direction: Direction;
  maxHops: number;
  /** The answer's k: the search stops at the first bound where this many paths hold. */
  limit: number;
  /** Paths listed at most at that bound (more than k, so ranking by ties chooses among them). */
  candidateLimit: number;
  /** Only these relationship types are walked (none given: all). */
  types?: readonly string[];
  /** Types the search fetches but never takes as a hop (metonym links, see metonyms.ts). */
  noHopTypes: readonly string[];
  /** Relationships fetched at most: past it the answer is `tooLarge`. */
  edgeBudget: number;
  /** Depth-first steps per listing; past it the paths found so far are the answer. */
  stepBudget: number;
}

/** Candidate paths as node ids in walk order, shortest first, then in order of node ids; or the search was too broad. */
export type PathCandidates = { paths: string[][]; tooLarge?: undefined } | { paths?: undefined; tooLarge: true };

export interface GraphStore {
  readonly engine: EngineName;
  /** Creates constraints/tables that do not exist yet. Safe to call on every start. */
  init(): Promise<void>;
  /** Resolves when the engine answers; rejects with EngineUnavailableError otherwise. */
  ping(): Promise<void>;
  counts(): Promise<GraphCounts>;
  /** Nodes whose name or an alias contains `needle` (already lower-cased), at most `limit`, any order. */
  searchCandidates(needle: string, limit: number): Promise<GraphNode[]>;
  /** The nodes with these ids that exist, in no particular order. */
  getNodes(ids: readonly string[]): Promise<GraphNode[]>;
  /** The relationships with these ids that exist, with their sources resolved. */
  getEdges(ids: readonly string[]): Promise<GraphEdge[]>;
  /**
   * Optional: a node, every relationship touching it (each once) and the nodes at their other ends, in one
   * read shaped like the engine's own star query; null when there is no such node. Without it, node details
   * are assembled from adjacency(), getNodes() and getEdges().
   */
  getStar?(id: string): Promise<NodeStar | null>;
  /**
   * Optional: the nodes `nodeIds` and the relationships `edgeIds` that exist (each relationship joining two of
   * those nodes), the same records as getNodes + getEdges, read in one round trip and as the engine reads an
   * induced subgraph (between the ends' kinds) rather than relationship by relationship. Without it, a
   * neighbourhood reads them with getNodes and getEdges.
   */
  readSubgraph?(nodeIds: readonly string[], edgeIds: readonly string[]): Promise<Subgraph>;
  /** Relationships touching any of `ids` in the given direction, optionally only of some types or valid in a year. */
  adjacency(ids: readonly string[], direction: Direction, filter?: AdjacencyFilter): Promise<EdgeRef[]>;
  /**
   * Optional, cheap: how many relationships touch `ids` in `direction`, ignoring filters (an upper bound of
   * adjacency()'s answer), or undefined when the engine cannot tell without a query. Lets a search expand
   * the side that costs less.
   */
  estimateAdjacency?(ids: readonly string[], direction: Direction): number | undefined;
  /**
   * Optional: the k-shortest search's candidate paths (see PathCandidateQuery) from the store's memory (the
   * graph index), or undefined when it has none current, or when the graph changed while it searched; the
   * caller then walks adjacency(). Asynchronous because a search at 1M can take ~100 ms of CPU: it runs in
   * slices so that other requests are answered meanwhile.
   */
  pathCandidates?(q: PathCandidateQuery): Promise<PathCandidates | undefined>;
  /**
   * Optional: every relationship joining each pair of nodes (either direction, each once, in no particular
   * order) that passes `filter`, from the store's memory, or undefined when it has none current (or the graph
   * changed meanwhile). A path's ties without listing every relationship of a hub at one end of a hop.
   * Asynchronous for the reason pathCandidates is: pairs of hubs are ~100 ms of reading at 1M.
   */
  relationshipsBetween?(pairs: ReadonlyArray<readonly [string, string]>, filter?: AdjacencyFilter): Promise<EdgeRef[] | undefined>;
  /**
   * Reads every relationship's adjacency row (id, type, endpoints, their kinds, hard years) in blocks of
   * columns, calling `onColumns` per block, yielding to the event loop between blocks. Resolves after the
   * last block. What the in-memory graph index is built from.
   */
  loadAdjacency(onColumns: (columns: AdjacencyColumns) => void): Promise<void>;
  /** The engine's tables and their property types; only typed engines (Kuzu) have one. */
  catalogue?(): Promise<GraphCatalogue>;
  /** Runs one read-only statement (already guarded) with parameters, bounded in time and rows. */
  runReadQuery(query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryResult>;
  /** The whole graph (entities and relationships, not the document catalogue). */
  readAll(): Promise<Graph>;
  /**
   * The selection's nodes, in chunks of at most `chunkSize`, read incrementally from the engine's result so
   * the graph is never held in JavaScript memory. Stopping early (break, return) releases the engine's
   * connection or session. Order is unspecified.
   */
  streamNodes(selection: StreamSelection, chunkSize: number): AsyncIterable<GraphNode[]>;
  /** The selection's relationships with their sources resolved, chunked and released like streamNodes. */
  streamEdges(selection: StreamSelection, chunkSize: number): AsyncIterable<GraphEdge[]>;
  /** The source documents (bibliography), without their texts. */
  listDocuments(): Promise<SeedDocument[]>;
  /** One source document with its full text (when stored), or undefined when there is none with this id. */
  getDocument(id: string): Promise<SeedDocument | undefined>;
  /**
   * Relationships whose sources cite any of `documentIds`, sorted by id, in one engine query (no read of
   * every relationship's record): what an undo checks before removing a document it stored.
   */
  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges>;
  /** The stamp of every stored document holding a text (documents without one are left out). */
  documentTextStamps(): Promise<DocumentTextStamp[]>;
  /** MERGE by id: loading the same input twice leaves the store as after once. */
  upsert(input: UpsertInput): Promise<UpsertSummary>;
  /**
   * Loads many new nodes and relationships fast (Kuzu: COPY FROM temporary files; Neo4j: UNWIND batches
   * in several write transactions). Stores the same records upsert would; documents are merged as upsert
   * does. Node and relationship ids must be new: a node id the store already holds is refused with an
   * InvalidRequestError. Not one transaction: a failure can leave earlier tables or batches loaded.
   */
  bulkLoad(input: UpsertInput): Promise<UpsertSummary>;
  /**
   * Runs `work` in one write transaction: everything it writes lands together or not at all (an error,
   * a thrown rollback or the process dying leaves the store as before). `needs` names the tables, columns
   * and relationship endpoint pairs the work will write, so typed engines can prepare them first.
   * `work` may run more than once (Neo4j retries transient failures): it must start from scratch each time.
   * `staged` asks for a large write that must stay in bounded memory: Kuzu runs it on a copy of the database
   * that is swapped in when the work succeeds (same all-or-nothing promise); Neo4j ignores it.
   */
  runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, options?: RunImportOptions): Promise<T>;
  /** The import log, newest first. */
  listImports(): Promise<ImportRecord[]>;
  /** What one import wrote, batch by batch, in the order written. */
  readImportBatches(importId: string): Promise<ImportBatchEntry[]>;
  close(): Promise<void>;
  /** Only for an engine run in a process of its own (the embedded one): its pid, restarts and last crash. */
  engineProcessHealth?(): EngineProcessHealth;
  /**
   * The database generation in use and any recovery at start (the embedded engine, which writes every
   * change into a new generation); absent where the engine keeps its own files (Neo4j).
   */
  storageStatus?(): StorageStatus | undefined;
}

export interface RunImportOptions {
  staged?: boolean;
  /**
   * The work removes relationships whose types `needs` may not name (an undo). The embedded engine stages
   * such work when a relationship table is large (see KuzuGraphStore.runImport); Neo4j ignores it.
   */
  removesRelationships?: boolean;
}

/** The schema an import's writes need: per kind / type, its property keys with types, and endpoint pairs. */
export interface ImportSchemaNeeds {
  nodeColumns: Map<string, Map<string, PropertyType>>;
  edgeColumns: Map<string, Map<string, PropertyType>>;
  /** Per relationship type, the (start kind, end kind) pairs written. */
  edgePairs: Map<string, Array<[string, string]>>;
}

/** A relationship to create, with the kinds of its endpoints (Kuzu stores each kind in its own table). */
export interface EdgeWrite {
  edge: GraphEdge;
  fromKind: string;
  toKind: string;
}

/** Locates a stored relationship: its id, and its start node (Neo4j finds it through that node's index). */
export interface EdgeKey {
  id: string;
  source: string;
}

/**
 * What the log keeps of one batch an import wrote: the ids it added, the ids it changed with each one's
 * previous record (JSON of the wire object), so undo can remove the first and restore the second.
 */
export interface ImportBatchEntry {
  importId: string;
  seq: number;
  recordKind: RecordKind;
  added: string[];
  /** Edges only: the start node of each added edge, parallel to `added`. */
  addedFrom: string[];
  changed: string[];
  /** Edges only: the start node of each changed edge as the import wrote it, parallel to `changed`. */
  changedFrom: string[];
  /** JSON of the record before the import, parallel to `changed`. */
  previous: string[];
}

/** The writes an import makes, inside the one transaction of GraphStore.runImport. */
export interface ImportTransaction {
  /** The stored records with these ids, as the transaction sees them (edges: sources without catalogue fields). */
  findNodes(ids: readonly string[]): Promise<GraphNode[]>;
  findEdges(keys: readonly EdgeKey[]): Promise<GraphEdge[]>;
  findDocuments(ids: readonly string[]): Promise<SeedDocument[]>;
  /** `fresh` have no stored record with their id; `replace` do and are overwritten whole (kind unchanged). */
  putNodes(fresh: readonly GraphNode[], replace: readonly GraphNode[]): Promise<void>;
  /** Creates the edges; an edge being replaced is removed first with removeEdges. */
  putEdges(edges: readonly EdgeWrite[]): Promise<void>;
  putDocuments(fresh: readonly SeedDocument[], replace: readonly SeedDocument[]): Promise<void>;
  removeEdges(keys: readonly EdgeKey[]): Promise<void>;
  /** Removes nodes that no longer have relationships (fails otherwise, so nothing is detached silently). */
  removeNodes(ids: readonly string[]): Promise<void>;
  removeDocuments(ids: readonly string[]): Promise<void>;
  putImportBatch(entry: ImportBatchEntry): Promise<void>;
  /** Creates or overwrites the log entry of an import. */
  putImportRecord(record: ImportRecord): Promise<void>;
}
