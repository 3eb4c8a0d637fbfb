/**
 * A bulk load's COPYs: the jobs planned per table and endpoint pair, their JSON files (written a bounded
 * chunk at a time, one row's text built without a row object per record), the COPY of one file, and the
 * run of them all on one connection.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'kuzu';
import type { GraphEdge, GraphNode, PropertyValue } from '../../domain/graph-model';
import { InvalidRequestError, QueryFailedError } from '../../domain/errors';
import type { UpsertInput } from '../../domain/ports/graph-store';
import { toStoredEdge, toStoredNode } from '../stored-graph';
import { discard, single, type Row } from './kuzu-result-rows';
import { quoteIdentifier, type KuzuSchema } from './kuzu-schema';

const JSON_ROWS_PER_WRITE = 5_000;

/** Writes rows as one JSON array, a bounded chunk at a time so a large load neither balloons nor stalls. */
async function writeJsonRows<T>(file: string, items: readonly T[], toJson: (item: T) => string): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    for (let i = 0; i < items.length; i += JSON_ROWS_PER_WRITE) {
      const end = Math.min(items.length, i + JSON_ROWS_PER_WRITE);
      let text = i === 0 ? '[' : ',';
      for (let j = i; j < end; j += 1) text += (j === i ? '' : ',\n') + toJson(items[j] as T);
      await handle.write(text);
    }
    await handle.write(items.length === 0 ? '[]' : ']');
  } finally {
    await handle.close();
  }
}

/**
 * The JSON text of one COPY row: `head` (already JSON, e.g. the endpoints) then every column of the table
 * in order, null where the record has no value. Built as text with each value stringified alone: the same
 * JSON as stringifying a row object, without building one per record (about a quarter less serialising time).
 */
function jsonRowEncoder(columns: readonly string[]): (stored: Record<string, PropertyValue>, head?: string) => string {
  const keys = columns.map((c) => `${JSON.stringify(c)}:`);
  return (stored, head = '') => {
    let text = `{${head}`;
    for (let i = 0; i < keys.length; i += 1) {
      const v = stored[columns[i] as string];
      text += `${i === 0 && head === '' ? '' : ','}${keys[i] as string}${v === undefined || v === null ? 'null' : JSON.stringify(v)}`;
    }
    return `${text}}`;
  };
}

/** One COPY of a bulk load: the table, its COPY options and how to write its JSON file. */
export interface BulkCopyJob {
  table: string;
  options: string;
  write: (file: string) => Promise<void>;
}

/** The COPY jobs of a bulk load: one per node table, one per relationship table and FROM/TO pair. */
export function planBulkCopy(schema: KuzuSchema, input: UpsertInput, kindOf: ReadonlyMap<string, string>): BulkCopyJob[] {
  const jobs: BulkCopyJob[] = [];
  const nodeGroups = new Map<string, GraphNode[]>();
  for (const n of input.nodes) {
    const g = nodeGroups.get(n.kind);
    if (g) g.push(n);
    else nodeGroups.set(n.kind, [n]);
  }
  for (const [kind, nodes] of nodeGroups) {
    const encode = jsonRowEncoder([...schema.columns(kind).keys()]);
    jobs.push({ table: kind, options: '', write: (file) => writeJsonRows(file, nodes, (n) => encode(toStoredNode(n))) });
  }
  // type -> from kind -> to kind -> relationships: nested maps, not a joined string key per relationship.
  const edgeGroups = new Map<string, Map<string, Map<string, GraphEdge[]>>>();
  for (const e of input.edges) {
    const from = kindOf.get(e.source) ?? '';
    const to = kindOf.get(e.target) ?? '';
    let byFrom = edgeGroups.get(e.type);
    if (!byFrom) edgeGroups.set(e.type, (byFrom = new Map()));
    let byTo = byFrom.get(from);
    if (!byTo) byFrom.set(from, (byTo = new Map()));
    const g = byTo.get(to);
    if (g) g.push(e);
    else byTo.set(to, [e]);
  }
  for (const [type, byFrom] of edgeGroups) {
    const encode = jsonRowEncoder([...schema.columns(type).keys()]);
    for (const [from, byTo] of byFrom) {
      for (const [to, edges] of byTo) {
        jobs.push({
          table: type,
          // Names are validated identifiers (see kuzu-schema.ts); COPY options take string literals only.
          options: ` (from='${from}', to='${to}')`,
          write: (file) =>
            writeJsonRows(file, edges, (e) => encode(toStoredEdge(e), `"from":${JSON.stringify(e.source)},"to":${JSON.stringify(e.target)}`)),
        });
      }
    }
  }
  return jobs;
}

/** COPY of one JSON file into `table`; a duplicated id is the caller's mistake, anything else the engine's failure. */
export async function copyFromFile(c: Connection, table: string, file: string, options: string): Promise<void> {
  try {
    // The path is ours (mkdtemp), yet quoted defensively: COPY takes no parameter for it.
    single(await c.query(`COPY ${table} FROM '${file.replace(/'/g, "''")}'${options}`)).close();
  } catch (err) {
    const message = (err as Error).message;
    if (/duplicated primary key/i.test(message)) throw new InvalidRequestError(`Bulk load refused: ${message}`);
    throw new QueryFailedError(message);
  }
}

/**
 * Runs `jobs` on `c` (lent by the caller, with the write timeout set), each job's file in `dir`: the next file
 * is written while the engine copies the current one (COPY runs on Kuzu's threads), and removed as soon as
 * copied. With `oneTransaction` (every target table was empty), all COPYs run in one transaction, committed at
 * the end and rolled back on a failure; otherwise each COPY commits alone (see KuzuGraphStore.bulkLoadNow).
 */
export async function runBulkCopy(c: Connection, jobs: readonly BulkCopyJob[], dir: string, oneTransaction: boolean): Promise<void> {
  let written: Promise<void> | undefined;
  let inTransaction = false;
  try {
    if (oneTransaction) {
      await discard(c.query('BEGIN TRANSACTION'));
      inTransaction = true;
    }
    const fileOf = (i: number): string => path.join(dir, `${i}.json`);
    written = jobs[0]?.write(fileOf(0));
    for (let i = 0; i < jobs.length; i += 1) {
      const job = jobs[i] as BulkCopyJob;
      await written;
      written = jobs[i + 1]?.write(fileOf(i + 1));
      // Awaited on the next turn or in finally; a COPY failing first must not leave it unhandled.
      written?.catch(() => undefined);
      await copyFromFile(c, quoteIdentifier(job.table), fileOf(i), job.options);
      // Removed as soon as copied, so the temp folder holds at most two files, not the whole graph.
      await fs.rm(fileOf(i), { force: true });
    }
    if (inTransaction) {
      await discard(c.query('COMMIT'));
      inTransaction = false;
    }
  } finally {
    if (inTransaction) await discard(c.query('ROLLBACK')).catch(() => undefined);
    await written?.catch(() => undefined);
  }
}

/** Whether none of `tables` (node or relationship tables) holds a row; `run` runs on the load's connection. */
export async function tablesEmpty(schema: KuzuSchema, tables: readonly string[], run: (q: string) => Promise<Row[]>): Promise<boolean> {
  for (const table of tables) {
    const match = schema.relTables().includes(table) ? `()-[x:${quoteIdentifier(table)}]->()` : `(x:${quoteIdentifier(table)})`;
    if ((await run(`MATCH ${match} RETURN x.id LIMIT 1`)).length > 0) return false;
  }
  return true;
}
