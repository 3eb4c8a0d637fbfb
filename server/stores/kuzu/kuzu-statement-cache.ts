/**
 * Prepared statements per connection: preparing costs about as much as running a small indexed look-up, so
 * the store's own parameterised queries and an upsert's MERGEs are prepared once per (connection, query).
 * Apart from the store so that the write side (MERGE statements, the import transaction) can use it too.
 */
import type { Connection, PreparedStatement } from 'kuzu';

export class KuzuStatementCache {
  private statements = new WeakMap<Connection, Map<string, PreparedStatement>>();

  /** The statement `query` prepared on `c`, prepared now if it was not; throws the engine's message when it does not prepare. */
  async prepared(c: Connection, query: string): Promise<PreparedStatement> {
    let cache = this.statements.get(c);
    if (!cache) this.statements.set(c, (cache = new Map()));
    let ps = cache.get(query);
    if (!ps) {
      ps = await c.prepare(query);
      if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
      cache.set(query, ps);
    }
    return ps;
  }

  /** Forgets every statement: after a write, DDL (new tables, columns, FROM/TO pairs) can change what one binds to. */
  forget(): void {
    this.statements = new WeakMap();
  }
}
