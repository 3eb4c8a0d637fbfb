/**
 * Kuzu's catalogue as the store sees it: which node and relationship tables exist, their columns and
 * types, and the DDL that adds what new data needs (CREATE NODE/REL TABLE, ALTER TABLE ... ADD, and
 * ALTER TABLE ... ADD FROM x TO y for a new endpoint pair). Names reach DDL only after they match the
 * vocabulary's naming rules, and are quoted as identifiers besides.
 */
import { PASCAL_CASE, UPPER_SNAKE, CAMEL_CASE, type PropertyType } from '../../domain/seed-schema';
import { InvalidRequestError } from '../../domain/errors';
import { INTERNAL_LABELS } from '../stored-graph';

type Run = (query: string) => Promise<Array<Record<string, unknown>>>;

interface TableInfo {
  kind: 'NODE' | 'REL';
  columns: Map<string, string>;
  pairs: Set<string>;
}

const KUZU_TYPES: Record<PropertyType, string> = {
  string: 'STRING',
  date: 'STRING',
  number: 'DOUBLE',
  boolean: 'BOOL', // Kuzu's catalogue reports BOOLEAN columns as BOOL: use its own name so reloaded schemas compare equal
  'string[]': 'STRING[]',
  'number[]': 'DOUBLE[]',
};

export function kuzuColumnType(type: PropertyType | string): string {
  return (KUZU_TYPES as Record<string, string>)[type] ?? type;
}

/** Backtick-quotes an identifier; names are validated before, this is the second fence. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function assertName(name: string, pattern: RegExp, what: string): void {
  if (!pattern.test(name)) throw new InvalidRequestError(`${what} "${name}" does not follow the naming rules`);
}

/**
 * The columns a new table is created with, in the order wanted (`id` apart: every table has it first), as Kuzu
 * types. In the CREATE statement rather than one ALTER TABLE ... ADD each: every DDL statement commits alone
 * (a log fsync each), and the seed graph's ~630 columns cost ~0.25-0.45 s as ALTERs.
 */
function newColumns(wanted: ReadonlyMap<string, PropertyType>): Array<[string, string]> {
  const created: Array<[string, string]> = [];
  for (const [col, type] of wanted) {
    if (col === 'id') continue;
    assertName(col, CAMEL_CASE, 'Property');
    created.push([col, kuzuColumnType(type)]);
  }
  return created;
}

function columnDefinitions(columns: ReadonlyArray<[string, string]>): string[] {
  return columns.map(([col, kuzuType]) => `${quoteIdentifier(col)} ${kuzuType}`);
}

export class KuzuSchema {
  private tables = new Map<string, TableInfo>();
  /** Whether the catalogue was read (or adopted) at least once. */
  private loaded = false;

  constructor(private readonly run: Run) {}

  /**
   * Takes `other`'s catalogue as its own (a deep copy), when `other` has read one: a copy of the database
   * file has the same catalogue, and reading it costs a query or two per table (about 200 on the seed graph).
   * False when there was nothing to take.
   */
  adopt(other: KuzuSchema): boolean {
    if (!other.loaded) return false;
    this.tables = new Map(
      [...other.tables].map(([name, t]) => [name, { kind: t.kind, columns: new Map(t.columns), pairs: new Set(t.pairs) }]),
    );
    this.loaded = true;
    return true;
  }

  /** Reads the catalogue; `via` runs the queries instead of the store's pool (a swap reloads with the pool closed). */
  async load(via: Run = this.run): Promise<void> {
    const run = via;
    const tables = new Map<string, TableInfo>();
    for (const t of await run('CALL show_tables() RETURN *')) {
      const name = String(t.name);
      const kind = t.type === 'REL' ? 'REL' : 'NODE';
      const columns = new Map<string, string>();
      for (const c of await run(`CALL table_info('${name.replace(/'/g, '')}') RETURN *`)) {
        columns.set(String(c.name), String(c.type));
      }
      const pairs = new Set<string>();
      if (kind === 'REL') {
        for (const p of await run(`CALL show_connection('${name.replace(/'/g, '')}') RETURN *`)) {
          pairs.add(`${String(p['source table name'])}\u0000${String(p['destination table name'])}`);
        }
      }
      tables.set(name, { kind, columns, pairs });
    }
    this.tables = tables;
    this.loaded = true;
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  entityTables(): string[] {
    return [...this.tables].filter(([n, t]) => t.kind === 'NODE' && !INTERNAL_LABELS.includes(n)).map(([n]) => n);
  }

  relTables(): string[] {
    return [...this.tables].filter(([, t]) => t.kind === 'REL').map(([n]) => n);
  }

  /** How many FROM/TO pairs a relationship table has. */
  pairsOf(table: string): number {
    return this.tables.get(table)?.pairs.size ?? 0;
  }

  /** The FROM/TO pairs of a relationship table, as [from kind, to kind]. */
  pairs(table: string): Array<[string, string]> {
    return [...(this.tables.get(table)?.pairs ?? [])].map((p) => p.split('\u0000') as [string, string]);
  }

  /**
   * Drops a relationship table and creates it again, empty, with the same pairs and columns (in their order).
   * A staged import rebuilds a table so that its one COPY per pair goes into empty storage (see copySpool).
   */
  async recreateRelTable(type: string, run: Run): Promise<void> {
    const info = this.tables.get(type);
    if (!info || info.kind !== 'REL') throw new Error(`No relationship table ${type}`);
    assertName(type, UPPER_SNAKE, 'Relationship type');
    const fromTo = this.pairs(type).map(([f, t]) => `FROM ${quoteIdentifier(f)} TO ${quoteIdentifier(t)}`);
    await run(`DROP TABLE ${quoteIdentifier(type)}`);
    await run(`CREATE REL TABLE ${quoteIdentifier(type)}(${[...fromTo, ...columnDefinitions([...info.columns])].join(', ')})`);
  }

  /** Columns of a table with their declared property types (Kuzu type names for unknown ones). */
  columns(table: string): Map<string, string> {
    const info = this.tables.get(table);
    if (!info) return new Map();
    const byKuzu = new Map(Object.entries(KUZU_TYPES).map(([k, v]) => [v, k]));
    return new Map([...info.columns].map(([c, t]) => [c, byKuzu.get(t) ?? t]));
  }

  private async addColumns(table: string, wanted: Map<string, PropertyType>, run: Run): Promise<void> {
    const info = this.tables.get(table);
    if (!info) return;
    for (const [col, type] of wanted) {
      assertName(col, CAMEL_CASE, 'Property');
      const have = info.columns.get(col);
      const want = kuzuColumnType(type);
      if (have === undefined) {
        await run(`ALTER TABLE ${quoteIdentifier(table)} ADD ${quoteIdentifier(col)} ${want}`);
        info.columns.set(col, want);
      } else if (have !== want) {
        throw new InvalidRequestError(
          `Property "${col}" of ${table} is stored as ${have} but the new data has ${want}; use one type per property.`,
        );
      }
    }
  }

  /** `run` lets DDL run on a given connection (inside an import's transaction). */
  async ensureNodeTable(kind: string, columns: Map<string, PropertyType>, run: Run = this.run): Promise<void> {
    assertName(kind, PASCAL_CASE, 'Kind');
    if (!this.tables.has(kind)) {
      const created = newColumns(columns);
      await run(`CREATE NODE TABLE ${quoteIdentifier(kind)}(${['id STRING PRIMARY KEY', ...columnDefinitions(created)].join(', ')})`);
      this.tables.set(kind, { kind: 'NODE', columns: new Map([['id', 'STRING'], ...created]), pairs: new Set() });
    }
    // Checks the types of columns the table has (`id` included) and adds the missing ones.
    await this.addColumns(kind, columns, run);
  }

  async ensureRelTable(type: string, pairs: Array<[string, string]>, columns: Map<string, PropertyType>, run: Run = this.run): Promise<void> {
    assertName(type, UPPER_SNAKE, 'Relationship type');
    if (pairs.length === 0) return;
    let info = this.tables.get(type);
    if (!info) {
      const fromTo = pairs.map(([f, t]) => `FROM ${quoteIdentifier(f)} TO ${quoteIdentifier(t)}`);
      const created = newColumns(columns);
      await run(`CREATE REL TABLE ${quoteIdentifier(type)}(${[...fromTo, 'id STRING', ...columnDefinitions(created)].join(', ')})`);
      info = { kind: 'REL', columns: new Map([['id', 'STRING'], ...created]), pairs: new Set(pairs.map(([f, t]) => `${f}\u0000${t}`)) };
      this.tables.set(type, info);
    }
    for (const [f, t] of pairs) {
      const key = `${f}\u0000${t}`;
      if (!info.pairs.has(key)) {
        await run(`ALTER TABLE ${quoteIdentifier(type)} ADD FROM ${quoteIdentifier(f)} TO ${quoteIdentifier(t)}`);
        info.pairs.add(key);
      }
    }
    await this.addColumns(type, columns, run);
  }
}
