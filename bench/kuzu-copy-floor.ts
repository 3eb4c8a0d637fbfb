/**
 * The engine column of the bulk-load benchmark: how long Kuzu's own COPY takes to load the same graph when
 * its files are already written. A fresh database gets the loaded database's tables (read from its
 * catalogue), one plain JSON file per node table and per relationship table and FROM/TO pair is written
 * untimed, and only the COPY statements are timed, in one transaction (the engine at its best). The gap
 * between this and `bulkLoad` is what the store adds (serialising, writing files, schema work).
 */
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection, QueryResult } from 'kuzu';
import type { UpsertInput } from '../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { openRawKuzuConnection } from '../server/stores/kuzu/kuzu-database-slots';
import { toStoredEdge, toStoredNode } from '../server/stores/stored-graph';

export interface CopyFloor {
  seconds: number;
  relationshipsPerSecond: number;
  statements: number;
  /** Median time of one COPY statement. */
  medianCopyMs: number;
}

async function rows(conn: Connection, query: string): Promise<Array<Record<string, unknown>>> {
  const r = await conn.query(query);
  const result = (Array.isArray(r) ? r[0] : r) as QueryResult;
  const out: Array<Record<string, unknown>> = [];
  while (result.hasNext()) out.push(result.getNextSync() as Record<string, unknown>);
  result.close();
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** The DDL that recreates the entity and relationship tables of `loaded` (node tables first). */
async function copySchema(loaded: Connection): Promise<string[]> {
  const nodes: string[] = [];
  const rels: string[] = [];
  for (const t of await rows(loaded, 'CALL show_tables() RETURN *')) {
    const name = String(t.name);
    const cols = (await rows(loaded, `CALL table_info('${name.replace(/'/g, '')}') RETURN *`)).map(
      (c) => `${quote(String(c.name))} ${String(c.type)}${c['primary key'] === true ? ' PRIMARY KEY' : ''}`,
    );
    if (t.type === 'REL') {
      const pairs = (await rows(loaded, `CALL show_connection('${name.replace(/'/g, '')}') RETURN *`)).map(
        (p) => `FROM ${quote(String(p['source table name']))} TO ${quote(String(p['destination table name']))}`,
      );
      rels.push(`CREATE REL TABLE ${quote(name)}(${[...pairs, ...cols].join(', ')})`);
    } else {
      nodes.push(`CREATE NODE TABLE ${quote(name)}(${cols.join(', ')})`);
    }
  }
  return [...nodes, ...rels];
}

/** Loads `input`'s nodes and relationships with raw COPY into a fresh database shaped like `loaded`'s. */
export async function measureCopyFloor(loaded: Connection, input: UpsertInput): Promise<CopyFloor> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'multivector-floor-'));
  const files = mkdtempSync(path.join(os.tmpdir(), 'multivector-floor-files-'));
  try {
    const store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 1536 * 1024 * 1024, poolSize: 1 });
    const conn = await openRawKuzuConnection(dataDir);
    if (!conn) throw new Error('no raw connection to the floor database');
    for (const ddl of await copySchema(loaded)) await rows(conn, ddl);
    const columnsOf = async (table: string): Promise<string[]> =>
      (await rows(conn, `CALL table_info('${table.replace(/'/g, '')}') RETURN *`)).map((c) => String(c.name));

    const statements: string[] = [];
    const kindOf = new Map(input.nodes.map((n) => [n.id, n.kind]));
    const byKind = groupBy(input.nodes, (n) => n.kind);
    for (const [kind, nodes] of byKind) {
      const cols = await columnsOf(kind);
      const file = path.join(files, `${statements.length}.json`);
      const text = nodes.map((n) => {
        const stored = toStoredNode(n);
        return JSON.stringify(Object.fromEntries(cols.map((c) => [c, stored[c] ?? null])));
      });
      await fs.writeFile(file, `[${text.join(',\n')}]`);
      statements.push(`COPY ${quote(kind)} FROM '${file}'`);
    }
    const byPair = groupBy(input.edges, (e) => `${e.type}\u0000${kindOf.get(e.source) ?? ''}\u0000${kindOf.get(e.target) ?? ''}`);
    const relColumns = new Map<string, string[]>();
    for (const [key, edges] of byPair) {
      const [type, from, to] = key.split('\u0000') as [string, string, string];
      const cols = relColumns.get(type) ?? (await columnsOf(type));
      relColumns.set(type, cols);
      const file = path.join(files, `${statements.length}.json`);
      const text = edges.map((e) => {
        const stored = toStoredEdge(e);
        return JSON.stringify({ from: e.source, to: e.target, ...Object.fromEntries(cols.map((c) => [c, stored[c] ?? null])) });
      });
      await fs.writeFile(file, `[${text.join(',\n')}]`);
      statements.push(`COPY ${quote(type)} FROM '${file}' (from='${from}', to='${to}')`);
    }

    const each: number[] = [];
    const t0 = performance.now();
    await rows(conn, 'BEGIN TRANSACTION');
    for (const s of statements) {
      const t = performance.now();
      await rows(conn, s);
      each.push(performance.now() - t);
    }
    await rows(conn, 'COMMIT');
    const seconds = (performance.now() - t0) / 1000;
    each.sort((a, b) => a - b);
    await store.close();
    return {
      seconds: Math.round(seconds * 10) / 10,
      relationshipsPerSecond: Math.round(input.edges.length / seconds),
      statements: statements.length,
      medianCopyMs: Math.round(each[each.length >> 1] ?? 0),
    };
  } finally {
    rmSync(files, { recursive: true, force: true });
    // The Database stays open until exit (see kuzu-graph-store.ts); the folder goes at exit.
    process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  }
}
