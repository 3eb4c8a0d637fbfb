/**
 * The embedded store's writes of whole inputs on its own database (GraphStore.upsert and bulkLoad; the store
 * runs them on a copy, see kuzu-file-swap.ts): the tables, columns and FROM/TO pairs the input needs are
 * created first (DDL outside any data transaction), then the data goes in as MERGEs in one transaction
 * (kuzu-merge-statements.ts) or as COPYs from JSON files (kuzu-bulk-copy.ts). Imports have their own
 * protocol (kuzu-import-run.ts).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidRequestError } from '../../domain/errors';
import type { GraphNode } from '../../domain/graph-model';
import type { UpsertInput, UpsertSummary } from '../../domain/ports/graph-store';
import { DOCUMENT_LABEL, DOCUMENT_PROPERTY_TYPES } from '../stored-graph';
import type { BoundedRun } from './kuzu-bounded-run';
import { planBulkCopy, runBulkCopy, tablesEmpty } from './kuzu-bulk-copy';
import type { KuzuConnectionPool } from './kuzu-connection-pool';
import type { WriteContext } from './kuzu-import-transaction';
import { mergeInput } from './kuzu-merge-statements';
import type { KuzuSchema } from './kuzu-schema';
import { WRITE_TIMEOUT_MS } from './kuzu-store-options';
import { upsertColumns } from './kuzu-upsert-columns';

/** What a write needs of the store whose database it writes. */
export interface StoreWriteContext {
  pool: KuzuConnectionPool;
  schema: KuzuSchema;
  run: BoundedRun;
  /** The store's internal timeout, given back to a connection the write held under the long write limit. */
  timeoutMs: number;
  /** The store's schema and statement cache as the MERGEs and the import transaction use them. */
  write: WriteContext;
  getNodes(ids: readonly string[]): Promise<GraphNode[]>;
  /** Forgets what the store derived from the stored graph; called once the write's connection is back, failed or not. */
  forgetDerived(): void;
}

/**
 * Creates the tables, columns and FROM/TO pairs `input` needs (DDL runs outside any data transaction)
 * and answers each endpoint's kind, looking up nodes the input does not carry.
 */
async function prepareSchema(ctx: StoreWriteContext, input: UpsertInput): Promise<Map<string, string>> {
  const kindOf = new Map<string, string>();
  for (const n of input.nodes) kindOf.set(n.id, n.kind);
  const missing = new Set<string>();
  for (const e of input.edges) {
    if (!kindOf.has(e.source)) missing.add(e.source);
    if (!kindOf.has(e.target)) missing.add(e.target);
  }
  for (const n of await ctx.getNodes([...missing])) kindOf.set(n.id, n.kind);
  const { nodeColumns, relColumns, relPairs } = upsertColumns(ctx.schema, input, kindOf);
  if (input.documents.length > 0) {
    await ctx.schema.ensureNodeTable(DOCUMENT_LABEL, new Map(Object.entries(DOCUMENT_PROPERTY_TYPES).filter(([k]) => k !== 'id')));
  }
  for (const [kind, cols] of nodeColumns) await ctx.schema.ensureNodeTable(kind, cols);
  for (const [type, cols] of relColumns) await ctx.schema.ensureRelTable(type, relPairs.get(type) ?? [], cols);
  return kindOf;
}

/** MERGEs `input` by id: the schema first, then the data in one transaction, so a failure leaves the store as it was. */
export async function upsertOn(ctx: StoreWriteContext, input: UpsertInput): Promise<UpsertSummary> {
  const kindOf = await prepareSchema(ctx, input);
  // Data: one transaction, so a failure leaves the store as it was.
  const c = await ctx.pool.acquire();
  try {
    c.setQueryTimeout(WRITE_TIMEOUT_MS);
    await mergeInput(ctx.write, c, input, kindOf);
  } finally {
    c.setQueryTimeout(ctx.timeoutMs);
    ctx.pool.release(c);
    ctx.forgetDerived();
  }
  return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
}

/**
 * COPY FROM temporary JSON files, one per node table and one per relationship table and FROM/TO pair.
 * JSON rather than CSV: Kuzu's CSV reader keeps the quotes of quoted strings inside lists, and quotes
 * (evidence) hold commas, quotes and newlines; its JSON reader round-trips them exactly.
 * The next file is written while the engine copies the current one (COPY runs on Kuzu's threads).
 * When every table the load writes to is empty, all COPYs run in one transaction: a failure leaves the
 * tables empty, and the load skips a commit per COPY (about half the time of ~300 small COPYs here).
 * Into tables that hold rows each COPY commits alone, because kuzu 0.11.3 empties a table that had rows
 * when it rolls back a COPY into it.
 */
export async function bulkLoadOn(ctx: StoreWriteContext, input: UpsertInput): Promise<UpsertSummary> {
  const seen = new Set<string>();
  for (const xs of [input.nodes, input.edges]) {
    for (const x of xs) {
      if (seen.has(x.id)) throw new InvalidRequestError(`The id "${x.id}" appears twice in the bulk load.`);
      seen.add(x.id);
    }
  }
  seen.clear();
  // Tables this load creates are empty: only those that existed before are asked (a query each, ~75 on the seed).
  const existed = new Set([...input.nodes.map((n) => n.kind), ...input.edges.map((e) => e.type)].filter((t) => ctx.schema.has(t)));
  const kindOf = await prepareSchema(ctx, input);
  // Documents are few and shared between loads: MERGE them as upsert does.
  if (input.documents.length > 0) await upsertOn(ctx, { ...input, nodes: [], edges: [] });
  const jobs = planBulkCopy(ctx.schema, input, kindOf);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'multivector-bulk-'));
  const c = await ctx.pool.acquire();
  try {
    const asked = [...new Set(jobs.map((j) => j.table))].filter((t) => existed.has(t));
    const empty = await tablesEmpty(ctx.schema, asked, (q) => ctx.run(q, undefined, c));
    c.setQueryTimeout(WRITE_TIMEOUT_MS);
    await runBulkCopy(c, jobs, dir, empty);
  } finally {
    c.setQueryTimeout(ctx.timeoutMs);
    ctx.pool.release(c);
    await fs.rm(dir, { recursive: true, force: true });
    ctx.forgetDerived();
  }
  return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
}
