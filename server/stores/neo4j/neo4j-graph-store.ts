/**
 * The Neo4j engine (Neo4j 5, single instance, cluster or Aura): one driver per process, every session
 * naming its database and access mode (neo4j-runner.ts), reads in READ transactions, each write in one WRITE
 * transaction, every value a
 * parameter. Labels and relationship types reach Cypher only after matching the vocabulary's naming
 * rules. Every entity carries the shared `Entity` label besides its kind, so one uniqueness constraint
 * (which also serves as the id index) covers all kinds; relationships are found by id through one index per
 * relationship type (neo4j-relationship-ids.ts). The `neo4j-driver` import stays in this folder.
 */
import neo4j, { Neo4jError, type Node, type Record as DriverRecord, type Transaction } from 'neo4j-driver';
import type { Direction, Graph, GraphEdge, GraphNode } from '../../domain/graph-model';
import { InvalidRequestError, RequestAbortedError } from '../../domain/errors';
import { PASCAL_CASE, UPPER_SNAKE, type SeedDocument } from '../../domain/seed-schema';
import type { ImportRecord } from '../../domain/import-model';
import type {
  AdjacencyColumns,
  AdjacencyFilter,
  CitingEdges,
  CitingEdgesOptions,
  DocumentTextStamp,
  EdgeRef,
  GraphCounts,
  GraphStore,
  ImportBatchEntry,
  ImportSchemaNeeds,
  ImportTransaction,
  NodeStar,
  ReadQueryOptions,
  ReadQueryResult,
  StreamSelection,
  UpsertInput,
  UpsertSummary,
} from '../../domain/ports/graph-store';
import { finishRows } from '../read-result';
import { adjacencyWhere } from '../adjacency-filter';
import {
  DOCUMENT_LABEL,
  ENTITY_LABEL,
  IMPORT_BATCH_LABEL,
  IMPORT_LABEL,
  fromStoredDocument,
  fromStoredEdge,
  fromStoredImportBatch,
  fromStoredImportRecord,
  withoutText,
  toStoredEdge,
  toStoredNode,
} from '../stored-graph';
import { Neo4jRunner } from './neo4j-runner';
import { Neo4jSchema } from './neo4j-schema';
import { readDocumentTextStamps, readEdgesCitingDocuments, toNeo4jDocument } from './neo4j-documents';
import { WRITE_BATCH_ROWS, chunks, label } from './neo4j-cypher-text';
import { neo4jImportTransaction } from './neo4j-import-transaction';
import { STAR_QUERY, toStar } from './neo4j-star-read';
import { NODE_COLUMNS, kindOf, nodeOf, plainProperties, toDriverParams, toGraphNode, toPlain } from './neo4j-values';
import {
  EDGE_COLUMNS,
  RELATIONSHIPS_BY_ID_FALLBACK_QUERY,
  RELATIONSHIP_TYPES_QUERY,
  relationshipsByIdQuery,
} from './neo4j-relationship-ids';
import { emptyAdjacencyColumns } from '../graph-index/graph-index';
import {
  ADJACENCY_BLOCK_ROWS,
  BULK_BATCH,
  IMPORT_TIMEOUT_MS,
  RELATIONSHIP_COUNT_QUERY,
  SEEKS_BEFORE_COUNTING,
  STREAM_FETCH_ROWS,
  STREAM_TIMEOUT_MS,
  type Neo4jStoreOptions,
} from './neo4j-store-options';

export type { Neo4jStoreOptions } from './neo4j-store-options';

/** The `c` of a one-row count query, as a number. */
async function countOf(tx: Transaction, query: string): Promise<number> {
  return Number(toPlain((await tx.run(query)).records[0]?.get('c')) ?? 0);
}

export class Neo4jGraphStore implements GraphStore {
  readonly engine = 'neo4j' as const;
  private documents: Map<string, SeedDocument> | undefined;
  private readonly internalTimeoutMs: number;
  private readonly schema: Neo4jSchema;

  private constructor(private readonly runner: Neo4jRunner, options: Neo4jStoreOptions) {
    this.internalTimeoutMs = options.internalTimeoutMs ?? 30_000;
    this.schema = new Neo4jSchema(runner);
  }

  /**
   * Creates the driver; it connects lazily, so a Neo4j that is down now does not stop start-up. Transactions
   * are retried by the runner, not the driver (see neo4j-runner.ts); a silent host costs connectionTimeout
   * once, then Neo4j counts as down and calls fail at once until the probe reaches it.
   */
  static create(options: Neo4jStoreOptions): Neo4jGraphStore {
    const driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      userAgent: 'multivector/0.1',
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
    });
    return new Neo4jGraphStore(new Neo4jRunner(driver, options.database, options.uri), options);
  }

  /** Runs one read query in a READ transaction and returns its records as objects. */
  private read(query: string, params: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
    return this.runner.transaction(
      'READ',
      async (tx) => (await tx.run(query, toDriverParams(params))).records.map((r) => r.toObject() as Record<string, unknown>),
      { timeoutMs: this.internalTimeoutMs },
    );
  }

  async init(): Promise<void> {
    await this.schema.init();
  }

  async ping(): Promise<void> {
    await this.runner.ping();
  }

  async counts(): Promise<GraphCounts> {
    // Both counts come from Neo4j's count store (no scan); one transaction instead of one each.
    const [nodes, edges] = await this.runner.transaction(
      'READ',
      async (tx): Promise<[number, number]> => {
        const nodes = await countOf(tx, `MATCH (n:${ENTITY_LABEL}) RETURN count(n) AS c`);
        return [nodes, await countOf(tx, RELATIONSHIP_COUNT_QUERY)];
      },
      { timeoutMs: this.internalTimeoutMs },
    );
    return { nodes, edges };
  }

  async searchCandidates(needle: string, limit: number): Promise<GraphNode[]> {
    const rows = await this.read(
      `MATCH (n:${ENTITY_LABEL}) WHERE toLower(n.name) CONTAINS $q ` +
        'OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $q) RETURN n LIMIT $limit',
      { q: needle, limit },
    );
    return rows.map((r) => toGraphNode(r.n as Node));
  }

  async getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    if (ids.length === 0) return [];
    const params = toDriverParams({ ids: [...ids] });
    const records = await this.runner.transaction(
      'READ',
      async (tx) => (await tx.run(`MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids ${NODE_COLUMNS}`, params)).records,
      { timeoutMs: this.internalTimeoutMs },
    );
    return records.map(nodeOf);
  }

  /**
   * By per-type index seeks (neo4j-relationship-ids.ts), or by one scan when the ids are so many that the
   * seeks (types x ids) would outnumber the relationships a scan reads; in one READ transaction with the
   * look-up again of ids not found, over types another client may have added since the store started.
   */
  async getEdges(ids: readonly string[]): Promise<GraphEdge[]> {
    if (ids.length === 0) return [];
    const docs = await this.documentCatalog();
    const known = this.schema.relationshipTypes;
    const seeks = known.length * ids.length;
    const records = await this.runner.transaction(
      'READ',
      async (tx) => {
        // Counted only for a look-up large enough to matter, and then now, in this transaction: another
        // client may have loaded or emptied the graph since any earlier count.
        const byScan = seeks > SEEKS_BEFORE_COUNTING && seeks > (await countOf(tx, RELATIONSHIP_COUNT_QUERY));
        if (known.length === 0 || byScan) {
          return (await tx.run(RELATIONSHIPS_BY_ID_FALLBACK_QUERY, toDriverParams({ ids: [...ids], known: [] }))).records;
        }
        const found = (await tx.run(relationshipsByIdQuery(known), toDriverParams({ ids: [...ids] }))).records;
        const seen = new Set(found.map((r) => String((r.get('p') as { id?: unknown }).id)));
        const missing = ids.filter((id) => !seen.has(id));
        if (missing.length === 0) return found;
        const inUse = (await tx.run(RELATIONSHIP_TYPES_QUERY)).records.map((r) => String(r.get('relationshipType')));
        if (inUse.every((t) => known.includes(t))) return found;
        this.schema.learnTypes(inUse);
        const more = await tx.run(RELATIONSHIPS_BY_ID_FALLBACK_QUERY, toDriverParams({ ids: missing, known: [...known] }));
        return [...found, ...more.records];
      },
      { timeoutMs: this.internalTimeoutMs },
    );
    return records.map((r) => this.edgeOf(r, docs));
  }

  /** Node details in one query (neo4j-star-read.ts) instead of an adjacency, a node and a relationship read. */
  async getStar(id: string): Promise<NodeStar | null> {
    const docs = await this.documentCatalog();
    const records = await this.runner.transaction('READ', async (tx) => (await tx.run(STAR_QUERY, { id })).records, {
      timeoutMs: this.internalTimeoutMs,
    });
    return toStar(records, docs);
  }

  /** A record of RETURN type, p (the properties), s, t as a wire edge. */
  private edgeOf(record: DriverRecord, docs: ReadonlyMap<string, SeedDocument>): GraphEdge {
    const props = plainProperties(record.get('p') as Record<string, unknown>);
    return fromStoredEdge(String(record.get('type')), String(record.get('s')), String(record.get('t')), props, docs);
  }

  async adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): Promise<EdgeRef[]> {
    if (ids.length === 0) return [];
    const { where, params } = adjacencyWhere(filter, 'type(r)');
    params.ids = [...ids];
    const ret = 'RETURN r.id AS id, type(r) AS type, a.id AS s, b.id AS t';
    const match = `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL})`;
    const out: EdgeRef[] = [];
    const seen = new Set<string>();
    const collect = (rows: Array<Record<string, unknown>>): void => {
      for (const r of rows) {
        const id = String(r.id);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ id, type: String(r.type), source: String(r.s), target: String(r.t) });
      }
    };
    if (direction === 'any') {
      // Both directions in one undirected match (one round trip, not two); a relationship between two of
      // the ids comes back once from each end, hence the `seen` set.
      const both = `MATCH (a:${ENTITY_LABEL})-[r]-(b:${ENTITY_LABEL}) WHERE a.id IN $ids${where} ` +
        'RETURN r.id AS id, type(r) AS type, startNode(r).id AS s, endNode(r).id AS t';
      collect(await this.read(both, params));
      return out;
    }
    if (direction === 'out') collect(await this.read(`${match} WHERE a.id IN $ids${where} ${ret}`, params));
    else collect(await this.read(`${match} WHERE b.id IN $ids${where} ${ret}`, params));
    return out;
  }

  async runReadQuery(query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryResult> {
    // A client that goes away frees the query at once: the runner closes the session on abort.
    const { columns, rows, more } = await this.runner.transaction(
      'READ',
      async (tx) => {
        const result = tx.run(query, toDriverParams(params));
        const keys = (await result.keys()) as string[];
        const out: unknown[][] = [];
        let extra = false;
        for await (const record of result) {
          if (options.signal?.aborted) throw new RequestAbortedError();
          if (out.length >= options.maxRows) {
            extra = true;
            break;
          }
          out.push(keys.map((k) => toPlain(record.get(k))));
        }
        return { columns: keys, rows: out, more: extra };
      },
      { timeoutMs: options.timeoutMs, signal: options.signal },
    );
    return finishRows(columns, rows, more, (ids) => this.getEdges(ids));
  }

  async readAll(): Promise<Graph> {
    const nodeRecords = await this.runner.transaction(
      'READ',
      async (tx) => (await tx.run(`MATCH (n:${ENTITY_LABEL}) ${NODE_COLUMNS}`)).records,
      { timeoutMs: this.internalTimeoutMs },
    );
    const edgeRecords = await this.runner.transaction(
      'READ',
      async (tx) => (await tx.run(`MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) ${EDGE_COLUMNS}`)).records,
      { timeoutMs: this.internalTimeoutMs },
    );
    const docs = await this.documentCatalog();
    return { nodes: nodeRecords.map(nodeOf), edges: edgeRecords.map((r) => this.edgeOf(r, docs)) };
  }

  async *streamNodes(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphNode[]> {
    if (selection !== 'all' && selection.length === 0) return;
    yield* selection === 'all'
      ? this.stream(`MATCH (n:${ENTITY_LABEL}) ${NODE_COLUMNS}`, {}, chunkSize, nodeOf)
      : this.stream(`MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids ${NODE_COLUMNS}`, { ids: [...selection] }, chunkSize, nodeOf);
  }

  async *streamEdges(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphEdge[]> {
    if (selection !== 'all' && selection.length === 0) return;
    const docs = await this.documentCatalog();
    const toEdge = (r: DriverRecord): GraphEdge => this.edgeOf(r, docs);
    const match = `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL})`;
    const ret = EDGE_COLUMNS;
    yield* selection === 'all'
      ? this.stream(`${match} ${ret}`, {}, chunkSize, toEdge)
      : this.stream(`${match} WHERE a.id IN $ids AND b.id IN $ids ${ret}`, { ids: [...selection] }, chunkSize, toEdge);
  }

  /** Every relationship's adjacency row in blocks of columns (the graph index's load), read like a stream. */
  async loadAdjacency(onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
    // toFloat: years stored as INTEGER would come back as driver Integers; floats are plain numbers.
    const query =
      `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) RETURN r.id AS id, type(r) AS type, a.id AS s, b.id AS t, ` +
      'toFloat(r.yearFrom) AS f, toFloat(r.yearTo) AS u, labels(a) AS sk, labels(b) AS tk, r.status AS st';
    const toRow = (r: DriverRecord): Record<string, unknown> => r.toObject() as Record<string, unknown>;
    for await (const rows of this.stream(query, {}, ADJACENCY_BLOCK_ROWS, toRow)) {
      const block = emptyAdjacencyColumns();
      block.status = [];
      for (const r of rows) {
        block.id.push(String(r.id));
        block.type.push(String(r.type));
        block.source.push(String(r.s));
        block.target.push(String(r.t));
        block.yearFrom.push(typeof r.f === 'number' ? r.f : null);
        block.yearTo.push(typeof r.u === 'number' ? r.u : null);
        block.sourceKind.push(kindOf(r.sk as string[]));
        block.targetKind.push(kindOf(r.tk as string[]));
        block.status.push(typeof r.st === 'string' ? r.st : null);
      }
      onColumns(block);
    }
  }

  /**
   * Runs one read query in an explicit READ transaction and hands its records out in chunks as they arrive.
   * The driver pulls `fetchSize` records at a time and pauses the server while the consumer is behind, so
   * memory stays at about one chunk. The runner's transaction() cannot be used: its callback cannot yield,
   * and a retry after records were handed out would repeat them. The finally block closes (rolls back) the
   * transaction and the session also when the consumer stops early.
   */
  private async *stream<T>(query: string, params: Record<string, unknown>, chunkSize: number, map: (record: DriverRecord) => T): AsyncGenerator<T[]> {
    this.runner.availability.assertUp();
    const size = Math.max(1, Math.floor(chunkSize));
    const session = this.runner.session('READ', Math.max(size, STREAM_FETCH_ROWS));
    let tx: Transaction | undefined;
    try {
      let chunk: T[] = [];
      try {
        tx = await session.beginTransaction({ timeout: STREAM_TIMEOUT_MS });
        for await (const record of tx.run(query, toDriverParams(params))) {
          chunk.push(map(record));
          if (chunk.length >= size) {
            yield chunk;
            chunk = [];
          }
        }
      } catch (err) {
        throw this.runner.mapError(err, STREAM_TIMEOUT_MS);
      }
      if (chunk.length > 0) yield chunk;
    } finally {
      await tx?.close().catch(() => undefined);
      await session.close();
    }
  }

  async listDocuments(): Promise<SeedDocument[]> {
    return [...(await this.documentCatalog(true)).values()];
  }

  private async documentCatalog(fresh = false): Promise<Map<string, SeedDocument>> {
    if (!this.documents || fresh) {
      const rows = await this.read(`MATCH (d:${DOCUMENT_LABEL}) RETURN d`);
      this.documents = new Map(
        rows.map((r) => {
          const d = withoutText(fromStoredDocument(plainProperties((r.d as Node).properties as Record<string, unknown>)));
          return [d.id, d];
        }),
      );
    }
    return this.documents;
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return readEdgesCitingDocuments((q, p) => this.read(q, p), documentIds, options);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return readDocumentTextStamps((q, p) => this.read(q, p));
  }

  async getDocument(id: string): Promise<SeedDocument | undefined> {
    const rows = await this.read(`MATCH (d:${DOCUMENT_LABEL} {id: $id}) RETURN d`, { id });
    const row = rows[0];
    return row ? fromStoredDocument(plainProperties((row.d as Node).properties as Record<string, unknown>)) : undefined;
  }

  async upsert(input: UpsertInput): Promise<UpsertSummary> {
    // Validate every label and type before the transaction opens.
    const byKind = new Map<string, Array<Record<string, unknown>>>();
    for (const n of input.nodes) {
      label(n.kind, PASCAL_CASE, 'Kind');
      byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), toStoredNode(n)]);
    }
    const byType = new Map<string, Array<Record<string, unknown>>>();
    for (const e of input.edges) {
      label(e.type, UPPER_SNAKE, 'Relationship type');
      byType.set(e.type, [...(byType.get(e.type) ?? []), { source: e.source, target: e.target, id: e.id, props: toStoredEdge(e) }]);
    }
    await this.schema.ensureRelationshipIndexes(byType.keys());
    // One transaction: the whole input lands or nothing does.
    await this.runner.transaction(
      'WRITE',
      async (tx) => {
        for (const rows of chunks(input.documents.map(toNeo4jDocument), WRITE_BATCH_ROWS)) {
          await tx.run(`UNWIND $rows AS row MERGE (d:${DOCUMENT_LABEL} {id: row.id}) SET d = row`, toDriverParams({ rows }));
        }
        for (const [kind, all] of byKind) {
          for (const rows of chunks(all, WRITE_BATCH_ROWS)) {
            await tx.run(
              `UNWIND $rows AS row MERGE (n:${ENTITY_LABEL} {id: row.id}) SET n = row SET n:${label(kind, PASCAL_CASE, 'Kind')}`,
              toDriverParams({ rows }),
            );
          }
        }
        for (const [type, all] of byType) {
          for (const rows of chunks(all, WRITE_BATCH_ROWS)) {
            const summary = await tx.run(
              `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target}) ` +
                `MERGE (a)-[r:${label(type, UPPER_SNAKE, 'Relationship type')} {id: row.id}]->(b) SET r = row.props RETURN count(r) AS c`,
              toDriverParams({ rows }),
            );
            const written = Number(toPlain(summary.records[0]?.get('c')) ?? 0);
            if (written !== rows.length) {
              throw new InvalidRequestError(`${rows.length - written} ${type} relationship(s) join a node that does not exist.`);
            }
          }
        }
      },
      { timeoutMs: 600_000 },
    );
    this.documents = undefined;
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  async bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
    const seen = new Set<string>();
    for (const x of [...input.nodes, ...input.edges]) {
      if (seen.has(x.id)) throw new InvalidRequestError(`The id "${x.id}" appears twice in the bulk load.`);
      seen.add(x.id);
    }
    seen.clear();
    const byKind = new Map<string, Array<Record<string, unknown>>>();
    for (const n of input.nodes) {
      label(n.kind, PASCAL_CASE, 'Kind');
      const rows = byKind.get(n.kind);
      if (rows) rows.push(toStoredNode(n));
      else byKind.set(n.kind, [toStoredNode(n)]);
    }
    const byType = new Map<string, Array<Record<string, unknown>>>();
    for (const e of input.edges) {
      label(e.type, UPPER_SNAKE, 'Relationship type');
      const row = { source: e.source, target: e.target, props: toStoredEdge(e) };
      const rows = byType.get(e.type);
      if (rows) rows.push(row);
      else byType.set(e.type, [row]);
    }
    // Before the load, so each index is built empty and kept up as rows arrive, and is online when it ends.
    await this.schema.ensureRelationshipIndexes(byType.keys());
    // Each batch is its own write transaction, so a million rows never sit in one transaction's memory.
    const write = (query: string, rows: Array<Record<string, unknown>>): Promise<number> => {
      const params = toDriverParams({ rows });
      return this.runner.transaction(
        'WRITE',
        async (tx) => {
          try {
            const result = await tx.run(query, params);
            return Number(toPlain(result.records[0]?.get('c')) ?? 0);
          } catch (err) {
            // The entity_id constraint refusing a duplicate is the caller's mistake, not a failed statement.
            if (err instanceof Neo4jError && err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
              throw new InvalidRequestError(`Bulk load refused: ${err.message}`);
            }
            throw err;
          }
        },
        { timeoutMs: 600_000 },
      );
    };
    try {
      for (const rows of chunks(input.documents.map(toNeo4jDocument), BULK_BATCH)) {
        await write(`UNWIND $rows AS row MERGE (d:${DOCUMENT_LABEL} {id: row.id}) SET d = row RETURN count(d) AS c`, rows);
      }
      for (const [kind, all] of byKind) {
        for (const rows of chunks(all, BULK_BATCH)) {
          // CREATE, not MERGE: ids are new by contract, and the entity_id constraint refuses a duplicate.
          await write(`UNWIND $rows AS row CREATE (n:${ENTITY_LABEL}:${label(kind, PASCAL_CASE, 'Kind')}) SET n = row RETURN count(n) AS c`, rows);
        }
      }
      for (const [type, all] of byType) {
        for (const rows of chunks(all, BULK_BATCH)) {
          const written = await write(
            `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target}) ` +
              `CREATE (a)-[r:${label(type, UPPER_SNAKE, 'Relationship type')}]->(b) SET r = row.props RETURN count(r) AS c`,
            rows,
          );
          if (written !== rows.length) {
            throw new InvalidRequestError(`${rows.length - written} ${type} relationship(s) join a node that does not exist.`);
          }
        }
      }
    } finally {
      this.documents = undefined;
    }
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  /**
   * One WRITE transaction holding every batch (UNWIND of up to 1000 rows per statement). Indexes the
   * import's look-ups need (relationship id per type, the log's ids) are schema commands, which Neo4j runs
   * only in their own auto-commit transactions: they are created first; an index left by a failed import is
   * harmless. The runner may call `work` again after a transient failure; `work` starts from scratch.
   */
  async runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>): Promise<T> {
    const types = [...needs.edgeColumns.keys()].map((t) => {
      label(t, UPPER_SNAKE, 'Relationship type');
      return t;
    });
    for (const kind of needs.nodeColumns.keys()) label(kind, PASCAL_CASE, 'Kind');
    await this.schema.ensureImportSchema(types);
    try {
      return await this.runner.transaction('WRITE', (tx) => work(neo4jImportTransaction(tx)), { timeoutMs: IMPORT_TIMEOUT_MS });
    } finally {
      this.documents = undefined;
    }
  }

  async listImports(): Promise<ImportRecord[]> {
    const rows = await this.read(`MATCH (i:${IMPORT_LABEL}) RETURN i ORDER BY i.at DESC, i.id DESC`);
    return rows.map((r) => fromStoredImportRecord(plainProperties((r.i as Node).properties as Record<string, unknown>)));
  }

  async readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    const rows = await this.read(`MATCH (b:${IMPORT_BATCH_LABEL} {importId: $id}) RETURN b ORDER BY b.seq`, { id: importId });
    return rows.map((r) => fromStoredImportBatch(plainProperties((r.b as Node).properties as Record<string, unknown>)));
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}
