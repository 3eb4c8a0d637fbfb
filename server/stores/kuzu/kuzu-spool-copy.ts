/**
 * The end of a staged import: its spooled relationships copied into emptied tables (a table that holds rows is
 * rebuilt from its stored rows plus the spool), then the nodes an undo removes deleted.
 */
import { promises as fs } from 'node:fs';
import type { Connection, KuzuValue } from 'kuzu';
import type { PropertyValue } from '../../domain/graph-model';
import { TooLargeError } from '../../domain/errors';
import type { EdgeSpool } from './kuzu-edge-spool';
import { eachRow, type Row } from './kuzu-result-rows';
import { quoteIdentifier, type KuzuSchema } from './kuzu-schema';
import { jsonCell } from './kuzu-values';

const REMOVE_NODES_BATCH = 10_000;

/** The rows of relationship table `type`. */
export async function relCount(type: string, run: (q: string) => Promise<Row[]>): Promise<number> {
  const [row] = await run(`MATCH ()-[r:${quoteIdentifier(type)}]->() RETURN count(r) AS c`);
  return Number(row?.c ?? 0);
}

/**
 * Copies a staged import's spooled relationships, one COPY per type and endpoint pair. A table that holds
 * rows is rebuilt first: its stored rows (less those removed) join the spool, it is dropped and created
 * again empty, and each pair is copied whole (kuzu 0.11.3 is fast only into empty storage, see EdgeSpool).
 * Then the nodes an undo removes go. On a staging copy only: every statement commits on its own and a
 * failure throws the copy away.
 */
export async function copySpool(schema: KuzuSchema, spool: EdgeSpool, c: Connection, run: (q: string, params?: Record<string, KuzuValue>) => Promise<Row[]>): Promise<void> {
  const types = new Set(spool.types());
  // Tables holding a removed relationship are rebuilt too. One read of each table's ids finds them: looking
  // the types up per batch of removals (UNWIND into an unlabelled pattern) scanned every table each time,
  // about 0.6 s a batch at 1M relationships.
  if (spool.removedEdges.size > 0) {
    for (const type of schema.relTables()) {
      if (!types.has(type) && (await holdsAny(c, type, spool.removedEdges))) types.add(type);
    }
  }
  for (const type of types) {
    const table = quoteIdentifier(type);
    if ((await relCount(type, run)) > 0) {
      for (const [from, to] of schema.pairs(type)) await spoolStored(schema, c, type, from, to, spool);
      await schema.recreateRelTable(type, run);
    }
    for (const { from, to, file, rows } of await spool.finish(type)) {
      try {
        // Names are validated identifiers (see kuzu-schema.ts); the path is ours (mkdtemp); COPY takes no parameters.
        await run(`COPY ${table} FROM '${file.replace(/'/g, "''")}' (from='${from.replace(/'/g, '')}', to='${to.replace(/'/g, '')}')`);
      } catch (err) {
        if (!/buffer pool is full/i.test(String((err as Error | undefined)?.message))) throw err;
        throw new TooLargeError(
          'The import needs more memory than its buffer pool (IMPORT_MEMORY_MB) allows: ' +
            `${type} from ${from} to ${to} holds ${rows} relationships with the import, and the embedded engine copies them ` +
            'in one piece. Raise IMPORT_MEMORY_MB (about 1 GB per million relationships with a short quote each) and import again; nothing was imported.',
        );
      }
      await fs.rm(file, { force: true });
    }
  }
  // Nodes an undo removes, now that their relationships are gone; DELETE (not DETACH) still refuses a node
  // that has any left. UNWIND into an indexed match: `IN $ids` tests every row against the whole list.
  for (let i = 0; i < spool.removedNodes.length; i += REMOVE_NODES_BATCH) {
    const ids = spool.removedNodes.slice(i, i + REMOVE_NODES_BATCH);
    for (const kind of schema.entityTables()) {
      await run(`UNWIND $ids AS x MATCH (n:${quoteIdentifier(kind)} {id: x}) DELETE n`, { ids });
    }
  }
}

/** Whether relationship table `type` holds one of `ids` (reads its ids until the first hit). */
function holdsAny(c: Connection, type: string, ids: ReadonlySet<string>): Promise<boolean> {
  return eachRow(c, `MATCH ()-[r:${quoteIdentifier(type)}]->() RETURN r.id AS id`, (row) => !ids.has(String(row.id)));
}

/** Reads the stored relationships of one pair of `type` into the spool, in time slices (see ReadSlice). */
async function spoolStored(schema: KuzuSchema, c: Connection, type: string, from: string, to: string, spool: EdgeSpool): Promise<void> {
  const cols = [...schema.columns(type).keys()];
  const query =
    `MATCH (a:${quoteIdentifier(from)})-[r:${quoteIdentifier(type)}]->(b:${quoteIdentifier(to)}) ` +
    `RETURN a.id AS _s, b.id AS _t, ${cols.map((col) => `r.${quoteIdentifier(col)} AS ${quoteIdentifier(col)}`).join(', ')}`;
  await eachRow(c, query, (row) => {
    if (spool.removedEdges.has(String(row.id))) return;
    const out: Record<string, unknown> = { from: row._s, to: row._t };
    for (const col of cols) out[col] = jsonCell(row[col] as PropertyValue | undefined);
    return spool.addRow(type, from, to, out);
  });
}
