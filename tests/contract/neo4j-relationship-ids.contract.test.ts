/**
 * Neo4j only (skipped without NEO4J_URI): relationships are found by id through one `rel_id_<type>` index
 * per relationship type (server/stores/neo4j/neo4j-relationship-ids.ts), never by reading every
 * relationship; a type another client adds later is still found; seeks and the scan the store uses for
 * very long id lists answer alike. The raw driver here plays the other client and reads the schema
 * and the plan, which the port does not expose.
 */
// The other client, SHOW INDEXES and EXPLAIN need a session of their own, outside the store.
// eslint-disable-next-line no-restricted-imports
import neo4j, { type Driver, type QueryResult } from 'neo4j-driver';
import { engineFactories, openSeeded } from '../support/engines';
import { neo4jTestSettings } from '../support/neo4j-test-database';
import { readSeedDirectory } from '../../server/seed/seed-loader';
import { MINI_SEED_DIR } from '../support/test-server';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import type { GraphEdge, GraphNode } from '../../server/domain/graph-model';
import { relationshipIdIndexName, relationshipsByIdQuery } from '../../server/stores/neo4j/neo4j-relationship-ids';

const factory = engineFactories().find((f) => f.name === 'neo4j');
const settings = neo4jTestSettings();
const neo4jDescribe = factory && settings ? describe : describe.skip;

/** Every operator name of a plan tree (e.g. DirectedRelationshipIndexSeek@neo4j). */
function operators(plan: { operatorType: string; children: unknown[] } | false): string[] {
  if (!plan) return [];
  return [plan.operatorType, ...plan.children.flatMap((c) => operators(c as { operatorType: string; children: unknown[] }))];
}

neo4jDescribe('relationship ids on Neo4j', () => {
  let store: GraphStore;
  let driver: Driver;
  const run = async (query: string, params: Record<string, unknown> = {}): Promise<QueryResult> => {
    const session = driver.session({ database: settings?.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.run(query, params);
    } finally {
      await session.close();
    }
  };

  beforeAll(async () => {
    store = await openSeeded(factory as NonNullable<typeof factory>);
    driver = neo4j.driver(settings?.uri ?? '', neo4j.auth.basic(settings?.user ?? '', settings?.password ?? ''));
  });

  afterAll(async () => {
    await store?.close();
    await driver?.close();
  });

  test('every relationship type the store wrote has a range index on id named rel_id_<type>', async () => {
    const seed = await readSeedDirectory(MINI_SEED_DIR);
    const types = [...new Set(seed.graph.edges.map((e) => e.type))];
    const result = await run(
      "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties WHERE entityType = 'RELATIONSHIP' RETURN name, type, labelsOrTypes, properties",
    );
    const indexes = new Map(result.records.map((r) => [String(r.get('name')), r.toObject()]));
    for (const type of types) {
      expect(indexes.get(relationshipIdIndexName(type))).toMatchObject({ type: 'RANGE', labelsOrTypes: [type], properties: ['id'] });
    }
  });

  test('once its index is online, a look-up by ids seeks the index instead of scanning relationships', async () => {
    // Enough relationships of one type that no planner prefers reading them all.
    const nodes: GraphNode[] = Array.from({ length: 40 }, (_, i) => ({ id: `plan-node-${i}`, kind: 'Country', name: `Plan ${i}`, aliases: [], properties: {} }));
    const edges: GraphEdge[] = Array.from({ length: 1_000 }, (_, i) => ({
      id: `plan-edge-${i}`,
      type: 'LENDS_TO',
      source: `plan-node-${i % 40}`,
      target: `plan-node-${(i * 7 + 1) % 40}`,
      properties: {},
      sources: [],
    }));
    await store.bulkLoad({ nodes, edges, documents: [], propertyTypes: {} });
    await run('CALL db.awaitIndexes(120)');
    // The LENDS_TO index was sampled when it came online, holding the seed's few rows; Neo4j samples it again
    // only in the background once 5% of it changed, and a plan costed on the old sample may read the type
    // instead. This resamples every index, waits for it and empties the plan cache.
    await run('CALL db.prepareForReplanning()');
    const explained = await run(`EXPLAIN ${relationshipsByIdQuery(['LENDS_TO'])}`, { ids: ['plan-edge-3', 'plan-edge-500'] });
    const ops = operators(explained.summary.plan as { operatorType: string; children: unknown[] } | false);
    expect(ops.some((op) => /RelationshipIndexSeek/.test(op))).toBe(true);
    expect(ops.some((op) => /AllNodesScan|NodeByLabelScan|RelationshipTypeScan|AllRelationshipsScan/.test(op))).toBe(false);
    const found = await store.getEdges(['plan-edge-3', 'plan-edge-500', 'plan-edge-missing']);
    expect(found.map((e) => e.id).sort()).toEqual(['plan-edge-3', 'plan-edge-500']);
    expect(found.find((e) => e.id === 'plan-edge-3')).toMatchObject({ type: 'LENDS_TO', source: 'plan-node-3', target: 'plan-node-22' });
  });

  test('a relationship whose type another client created after the store started is found by id, even one outside the naming rules', async () => {
    await run(
      "MATCH (a:Entity {id: 'alpha'}), (b:Entity {id: 'base-1'}) " +
        "CREATE (a)-[:OTHER_CLIENT_TYPE {id: 'other-client-edge', note: 'x'}]->(b), (a)-[:`other client type` {id: 'odd-type-edge'}]->(b)",
    );
    const wanted = ['other-client-edge', 'odd-type-edge', 'alpha-hosts-base-2012'];
    for (let round = 0; round < 2; round += 1) {
      const found = await store.getEdges(wanted);
      expect(found.map((e) => [e.id, e.type]).sort()).toEqual([
        ['alpha-hosts-base-2012', 'HOSTS_BASE'],
        ['odd-type-edge', 'other client type'],
        ['other-client-edge', 'OTHER_CLIENT_TYPE'],
      ]);
      expect(found.find((e) => e.id === 'other-client-edge')).toMatchObject({ source: 'alpha', target: 'base-1', properties: { note: 'x' } });
    }
    await run("MATCH ()-[r]->() WHERE r.id IN ['other-client-edge', 'odd-type-edge'] DELETE r");
  });

  test('a long id list (read by one scan) and the same ids in short lists (index seeks) give the same edges', async () => {
    // Past 20,000 seeks (types x ids) the store counts the relationships and scans when they are fewer:
    // 3,000 more ids over the seed's types (and the test types above) cross both lines.
    const nodes: GraphNode[] = Array.from({ length: 30 }, (_, i) => ({ id: `scan-node-${i}`, kind: 'Person', name: `Scan ${i}`, aliases: [], properties: {} }));
    const more: GraphEdge[] = Array.from({ length: 3_000 }, (_, i) => ({
      id: `scan-edge-${i}`,
      type: 'WORKS_IN',
      source: `scan-node-${i % 30}`,
      target: `scan-node-${(i * 11 + 1) % 30}`,
      properties: { rank: i },
      sources: [],
    }));
    await store.bulkLoad({ nodes, edges: more, documents: [], propertyTypes: { rank: 'number' } });
    const all = await store.readAll();
    const ids = all.edges.map((e) => e.id);
    expect(ids.length).toBeGreaterThan(3_000);
    const byScan = await store.getEdges(ids);
    const bySeeks: GraphEdge[] = [];
    for (let i = 0; i < ids.length; i += 50) bySeeks.push(...(await store.getEdges(ids.slice(i, i + 50))));
    const sorted = (xs: GraphEdge[]): GraphEdge[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(byScan)).toEqual(sorted(all.edges));
    expect(sorted(bySeeks)).toEqual(sorted(all.edges));
  });
});
