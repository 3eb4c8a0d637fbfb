/**
 * The Neo4j store's schema: the constraints it creates at start and before an import, and the `rel_id_<type>`
 * index of every relationship type (neo4j-relationship-ids.ts), with the sorted list of types a look-up by
 * ids branches over. Schema commands run only in auto-commit transactions, so each runs on a WRITE session
 * of its own, never inside the runner's explicit transactions.
 */
import { Neo4jError, type Session } from 'neo4j-driver';
import { DOCUMENT_LABEL, ENTITY_LABEL, IMPORT_BATCH_LABEL, IMPORT_LABEL } from '../stored-graph';
import type { Neo4jRunner } from './neo4j-runner';
import { RELATIONSHIP_TYPES_QUERY, createRelationshipIdIndex, isIndexableType } from './neo4j-relationship-ids';

export class Neo4jSchema {
  /** Relationship types known to be in the database, sorted: the branches of a look-up by ids. */
  private knownTypes: readonly string[] = [];
  /** Types whose `rel_id_<type>` index this store created or confirmed since it started. */
  private readonly indexedTypes = new Set<string>();

  constructor(private readonly runner: Neo4jRunner) {}

  /** The types known now; learnTypes replaces the list rather than changing it, so a caller may keep it. */
  get relationshipTypes(): readonly string[] {
    return this.knownTypes;
  }

  /** The constraints (the entity_id one is also the id index), and the id index of every type already stored. */
  async init(): Promise<void> {
    await this.onWriteSession(async (session) => {
      await session.run(`CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`);
      await session.run(`CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (d:${DOCUMENT_LABEL}) REQUIRE d.id IS UNIQUE`);
      // Every type already stored gets its id index (a graph loaded before these indexes existed, or by
      // another client): look-ups by relationship id are index seeks from the first request on.
      const types = (await session.run(RELATIONSHIP_TYPES_QUERY)).records.map((r) => String(r.get('relationshipType')));
      await this.createIndexes(session, types.filter(isIndexableType));
    });
  }

  /** What an import's look-ups need: the import log's id and batch indexes, and each of `types`' id index. */
  async ensureImportSchema(types: readonly string[]): Promise<void> {
    await this.onWriteSession(async (session) => {
      await session.run(`CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:${IMPORT_LABEL}) REQUIRE i.id IS UNIQUE`);
      await session.run(`CREATE INDEX import_batch_import IF NOT EXISTS FOR (b:${IMPORT_BATCH_LABEL}) ON (b.importId)`);
      await this.createIndexes(session, types);
    });
  }

  /** Makes sure the types a write is about to store have their id index (one round trip per new type). */
  async ensureRelationshipIndexes(types: Iterable<string>): Promise<void> {
    const missing = [...new Set(types)].filter((t) => !this.indexedTypes.has(t));
    if (missing.length === 0) return;
    await this.onWriteSession((session) => this.createIndexes(session, missing));
  }

  /** Adds types to the look-up's branches (kept sorted, so the query text and its cached plan stay stable). */
  learnTypes(types: readonly string[]): void {
    const fresh = types.filter((t) => isIndexableType(t) && !this.knownTypes.includes(t));
    if (fresh.length > 0) this.knownTypes = [...this.knownTypes, ...new Set(fresh)].sort();
  }

  /** Creates the id index of each type not indexed yet, in `session` (schema commands: auto-commit only). */
  private async createIndexes(session: Session, types: readonly string[]): Promise<void> {
    for (const type of types) {
      if (this.indexedTypes.has(type)) continue;
      try {
        await session.run(createRelationshipIdIndex(type));
      } catch (err) {
        // A schema rule Neo4j will not add this index beside (an administrator's relationship key or
        // uniqueness constraint on the id, whose own index serves the same seek): look-ups still work, at
        // worst by a scan of that type, so neither start-up nor the write fails for it.
        if (!(err instanceof Neo4jError && err.code.startsWith('Neo.ClientError.Schema.'))) throw err;
      }
      this.indexedTypes.add(type);
    }
    this.learnTypes(types);
  }

  /** Runs `work` on a WRITE session of its own (auto-commit), closed afterwards, through the runner's guard. */
  private async onWriteSession(work: (session: Session) => Promise<void>): Promise<void> {
    await this.runner.guard(async () => {
      const session = this.runner.session('WRITE');
      try {
        await work(session);
      } finally {
        await session.close();
      }
    });
  }
}
