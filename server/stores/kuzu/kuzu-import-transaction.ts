/**
 * The write side of an import on the embedded engine: the ImportTransaction the domain's import plan drives,
 * writing through prepared CREATEs, MERGEs, or COPY where Kuzu allows it, or into a staged import's spool.
 */
import type { Connection, KuzuValue, PreparedStatement } from 'kuzu';
import type { GraphEdge, GraphNode, PropertyValue } from '../../domain/graph-model';
import type { ImportRecord } from '../../domain/import-model';
import type { EdgeKey, EdgeWrite, ImportBatchEntry, ImportTransaction } from '../../domain/ports/graph-store';
import {
  DOCUMENT_LABEL,
  IMPORT_BATCH_LABEL,
  IMPORT_LABEL,
  fromStoredDocument,
  toStoredDocument,
  toStoredEdge,
  toStoredImportRecord,
  toStoredNode,
} from '../stored-graph';
import type { EdgeSpool } from './kuzu-edge-spool';
import { IS_ENTITY, toEdge, toNode } from './kuzu-records';
import { discard, eachRow, type Row } from './kuzu-result-rows';
import { quoteIdentifier, type KuzuSchema } from './kuzu-schema';
import { columnParam, copyable, decodeColumn, encodeCell, valueExpression } from './kuzu-values';

/** What the write side needs of the store: its schema and its per-connection statement cache and MERGE. */
export interface WriteContext {
  schema: KuzuSchema;
  prepared(c: Connection, query: string): Promise<PreparedStatement>;
  mergeNode(c: Connection, table: string, props: Record<string, PropertyValue>): Promise<void>;
}

/** Property assignments `{id: $id, col: <parameter $c<i> as the column's type>, ...}` of every column of a table. */
function creates(ctx: WriteContext, table: string): { cols: Array<[string, string]>; map: string } {
  const cols = [...ctx.schema.columns(table)].filter(([col]) => col !== 'id');
  const map = ['id: $id', ...cols.map(([col, type], i) => `${quoteIdentifier(col)}: ${valueExpression(`c${i}`, type)}`)].join(', ');
  return { cols, map };
}

/**
 * `COPY kind FROM (UNWIND $rows ...)` for new nodes, on a staging copy only (see kuzu-file-swap.ts): about
 * a hundred times faster than one CREATE per node, and a failure there throws the whole copy away.
 * Cells travel as text, as in copyEdges. False (nothing written) when a value cannot travel so.
 */
async function copyNodes(ctx: WriteContext, run: (q: string, params?: Record<string, KuzuValue>) => Promise<Row[]>, kind: string, nodes: readonly GraphNode[]): Promise<boolean> {
  const stored = nodes.map((n) => toStoredNode(n));
  if (!stored.every(copyable)) return false;
  const cols = [...ctx.schema.columns(kind)];
  const rows = stored.map((st) => {
    const row: Record<string, KuzuValue> = {};
    cols.forEach(([col], i) => (row[`c${i}`] = encodeCell(st[col])));
    return row;
  });
  await run(`COPY ${quoteIdentifier(kind)} FROM (UNWIND $rows AS row RETURN ${cols.map(decodeColumn).join(', ')})`, { rows });
  return true;
}

/**
 * `COPY type FROM (UNWIND $rows ...)` for relationships into a table that was empty when the transaction
 * began, about 20x faster than one CREATE per row. Only there: in kuzu 0.11.3 rolling back a COPY into a
 * table that already had rows empties the table, while rolling back a COPY into an empty one leaves it empty.
 * Every field travels as text ("" = missing, "v" + text = present, lists joined with U+001F) because the
 * binding types each field of a list of maps from its first row (a null there fails, an integer there
 * garbles later doubles); the statement casts the text back to the column's type.
 */
async function copyEdges(
  ctx: WriteContext,
  run: (q: string, params?: Record<string, KuzuValue>) => Promise<Row[]>,
  type: string,
  from: string,
  to: string,
  ws: readonly EdgeWrite[],
  stored: ReadonlyArray<Record<string, PropertyValue>>,
): Promise<void> {
  const cols = [...ctx.schema.columns(type)];
  const rows = ws.map((w, j) => {
    const row: Record<string, KuzuValue> = { s: w.edge.source, t: w.edge.target };
    cols.forEach(([col], i) => (row[`c${i}`] = encodeCell(stored[j]?.[col])));
    return row;
  });
  const pair = ctx.schema.pairsOf(type) > 1 ? ` (from='${from.replace(/'/g, '')}', to='${to.replace(/'/g, '')}')` : '';
  await run(`COPY ${quoteIdentifier(type)} FROM (UNWIND $rows AS row RETURN row.s, row.t, ${cols.map(decodeColumn).join(', ')})${pair}`, { rows });
}

/**
 * The transaction an import writes through on connection `c` (its statements go through `run`): COPY into
 * tables empty before it when `copyAnywhere` or the table allows, relationships into `spool` when staged.
 */
export function importTransaction(
  ctx: WriteContext,
  run: (q: string, params?: Record<string, KuzuValue>) => Promise<Row[]>,
  c: Connection,
  filledBefore: ReadonlySet<string>,
  copyAnywhere: boolean,
  spool?: EdgeSpool,
): ImportTransaction {
  const edgesBefore = filledBefore.size;
  const hasRels = (): boolean => ctx.schema.relTables().length > 0;
  // The ids of the relationships stored before the import, read once: Kuzu has no index on a relationship
  // property, so each look-up by id scans every table (0.6 s a batch of 1,000 at 1M relationships), and
  // most batches of a big import hold no stored id at all. About 80 bytes an id.
  let storedIds: Promise<Set<string>> | undefined;
  // And those this transaction wrote, so a look-up still reads its own writes (spooled ones are not in the
  // database until the end, as before). One transaction holds at most IMPORT_STAGED_FROM records or so.
  const writtenIds = new Set<string>();
  const readStoredIds = async (): Promise<Set<string>> => {
    const ids = new Set<string>();
    for (const table of filledBefore) {
      await eachRow(c, `MATCH ()-[r:${quoteIdentifier(table)}]->() RETURN r.id AS id`, (row) => {
        ids.add(String(row.id));
      });
    }
    return ids;
  };
  return {
    findNodes: async (ids) => {
      if (ids.length === 0 || ctx.schema.entityTables().length === 0) return [];
      // UNWIND + equality joins by hash; `IN $ids` tests every row against the whole list (20x slower at 100k).
      return (await run(`UNWIND $ids AS x MATCH (n) WHERE n.id = x AND ${IS_ENTITY} RETURN n`, { ids: [...ids] })).map((r) =>
        toNode(r.n),
      );
    },
    findEdges: async (keys) => {
      // Only ids stored before the transaction or written in it can match; neither: no look-up.
      if (keys.length === 0 || !hasRels() || (edgesBefore === 0 && writtenIds.size === 0)) return [];
      const stored = edgesBefore === 0 ? writtenIds : await (storedIds ??= readStoredIds());
      const ids = keys.map((k) => k.id).filter((id) => stored.has(id) || writtenIds.has(id));
      if (ids.length === 0) return [];
      const rows = await run('UNWIND $ids AS x MATCH (a)-[r]->(b) WHERE r.id = x RETURN r, a.id AS s, b.id AS t', { ids });
      // One per id: inside a transaction kuzu 0.11.3 returns a relationship created in it twice when its table
      // has a pair from a kind to itself (Country -> Country), once after the commit.
      const byId = new Map<string, GraphEdge>();
      for (const row of rows) {
        const e = toEdge(row.r, String(row.s), String(row.t), new Map());
        if (!byId.has(e.id)) byId.set(e.id, e);
      }
      return [...byId.values()];
    },
    findDocuments: async (ids) => {
      if (ids.length === 0) return [];
      const rows = await run(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.id IN $ids RETURN d`, { ids: [...ids] });
      return rows.map((r) => fromStoredDocument(r.d as Record<string, unknown>));
    },
    putNodes: async (fresh, replace) => {
      const byKind = new Map<string, GraphNode[]>();
      for (const n of fresh) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
      // One prepared CREATE per node. Not COPY: in kuzu 0.11.3 rolling back a COPY into a relationship table
      // that already has rows empties the table. Not UNWIND of a list of maps either: the binding types each
      // field from the first row, so a null there fails ("vector with ANY type") and an integer there makes
      // later doubles come back as garbage (2.5 read back as 4612811918334231000).
      for (const [kind, nodes] of byKind) {
        if (copyAnywhere && (await copyNodes(ctx, run, kind, nodes))) continue;
        const { cols, map } = creates(ctx, kind);
        const ps = await ctx.prepared(c, `CREATE (n:${quoteIdentifier(kind)} {${map}})`);
        for (const n of nodes) {
          const stored = toStoredNode(n);
          const params: Record<string, KuzuValue> = { id: n.id };
          cols.forEach(([col, colType], i) => (params[`c${i}`] = columnParam(stored[col], colType)));
          await discard(c.execute(ps, params));
        }
      }
      for (const n of replace) await ctx.mergeNode(c, n.kind, toStoredNode(n));
    },
    putEdges: async (edges: readonly EdgeWrite[]) => {
      const groups = new Map<string, EdgeWrite[]>();
      for (const w of edges) {
        const key = `${w.edge.type}\u0000${w.fromKind}\u0000${w.toKind}`;
        groups.set(key, [...(groups.get(key) ?? []), w]);
      }
      for (const [key, ws] of groups) {
        const [type, from, to] = key.split('\u0000') as [string, string, string];
        if (spool) {
          await spool.add(type, from, to, [...ctx.schema.columns(type).keys()], ws.map((w) => w.edge));
          continue;
        }
        for (const w of ws) writtenIds.add(w.edge.id);
        const stored = ws.map((w) => toStoredEdge(w.edge));
        if (!filledBefore.has(type) && stored.every(copyable)) {
          await copyEdges(ctx, run, type, from, to, ws, stored);
          continue;
        }
        // One prepared CREATE per relationship: UNWIND with MATCH joins by scanning the node tables in kuzu
        // 0.11.3 (about 1 ms a row), and UNWIND of maps is unsafe (see putNodes).
        const { cols, map } = creates(ctx, type);
        const ps = await ctx.prepared(
          c,
          `MATCH (a:${quoteIdentifier(from)} {id: $s}), (b:${quoteIdentifier(to)} {id: $t}) CREATE (a)-[r:${quoteIdentifier(type)} {${map}}]->(b)`,
        );
        for (const [j, w] of ws.entries()) {
          const params: Record<string, KuzuValue> = { id: w.edge.id, s: w.edge.source, t: w.edge.target };
          cols.forEach(([col, colType], i) => (params[`c${i}`] = columnParam(stored[j]?.[col], colType)));
          await discard(c.execute(ps, params));
        }
      }
    },
    putDocuments: async (fresh, replace) => {
      for (const d of [...fresh, ...replace]) await ctx.mergeNode(c, DOCUMENT_LABEL, toStoredDocument(d));
    },
    removeEdges: async (keys: readonly EdgeKey[]) => {
      if (keys.length === 0 || !hasRels()) return;
      const ids = keys.map((k) => k.id);
      if (spool) {
        // Staged: the tables holding them are rebuilt without them (see EdgeSpool.removedEdges and copySpool).
        for (const id of ids) spool.removedEdges.add(id);
        return;
      }
      await run('UNWIND $ids AS x MATCH ()-[r]->() WHERE r.id = x DELETE r', { ids });
    },
    removeNodes: async (ids) => {
      if (ids.length === 0) return;
      if (spool) {
        // After the rebuild removed their relationships (see copySpool).
        spool.removedNodes.push(...ids);
        return;
      }
      // DELETE (not DETACH DELETE): a node that still has relationships makes Kuzu fail, and the transaction with it.
      for (const table of ctx.schema.entityTables()) {
        await run(`MATCH (n:${quoteIdentifier(table)}) WHERE n.id IN $ids DELETE n`, { ids: [...ids] });
      }
    },
    removeDocuments: async (ids) => {
      if (ids.length === 0) return;
      await run(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.id IN $ids DELETE d`, { ids: [...ids] });
    },
    putImportBatch: async (entry: ImportBatchEntry) => {
      await ctx.mergeNode(c, IMPORT_BATCH_LABEL, {
        id: `${entry.importId}#${entry.seq}`,
        importId: entry.importId,
        seq: entry.seq,
        recordKind: entry.recordKind,
        added: entry.added,
        addedFrom: entry.addedFrom,
        changed: entry.changed,
        changedFrom: entry.changedFrom,
        previous: entry.previous,
      });
    },
    putImportRecord: async (record: ImportRecord) => {
      await ctx.mergeNode(c, IMPORT_LABEL, toStoredImportRecord(record));
    },
  };
}
