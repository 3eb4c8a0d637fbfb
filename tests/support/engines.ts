/**
 * The engines a contract test runs against: always the embedded Kuzu store (fresh temp folder), in this
 * process and behind the engine process boundary the server uses, and Neo4j when NEO4J_URI is set.
 *
 * The rule for every test that writes to Neo4j: it leaves the database as it found it. A later app start
 * seeds an empty database only, so fixtures left behind would stop the seed (and a developer's seeded
 * graph must survive a test run). Suites that use engineFactories() get this without asking: the first call
 * in a test file leases the database for the whole file (lock, snapshot, empty; see neo4j-test-database.ts)
 * and gives it back in the file's afterAll (empty, write the snapshot back, unlock). Any other test that
 * writes to Neo4j takes a lease itself (leaseNeo4jDatabase in beforeAll, release in afterAll). Each
 * Neo4j store a factory opens starts empty, as each embedded one does.
 */
import neo4j from 'neo4j-driver';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { EngineProcessStore } from '../../server/stores/kuzu/engine-process/engine-process-store';
import { Neo4jGraphStore } from '../../server/stores/neo4j/neo4j-graph-store';
import { seedStore } from '../../server/domain/seed-graph';
import { makeTempDir } from './temp-dirs';
import { MINI_SEED_DIR } from './test-server';
import { LEASE_WAIT_MS, leaseNeo4jDatabase, neo4jTestSettings, type Neo4jLease, type Neo4jSettings } from './neo4j-test-database';

export interface EngineFactory {
  /** `embedded-process`: the same Kuzu store behind the engine process boundary, as the server runs it. */
  name: 'embedded' | 'embedded-process' | 'neo4j';
  open(): Promise<GraphStore>;
}

/** The Neo4j the tests may use, or undefined (kept under this name for the suites that import it). */
export const neo4jSettings = neo4jTestSettings;

/** Deletes everything in the (leased) test Neo4j database, so each store opened starts empty. */
export async function wipeNeo4j(settings: Neo4jSettings): Promise<void> {
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
  try {
    const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
}

// Module state lives per test file (jest gives each file its own module registry).
let hooksRegistered = false;
let lease: Neo4jLease | undefined;

/** Leases the Neo4j test database for this test file, once: taken in beforeAll, given back in afterAll. */
function leaseForThisFile(settings: Neo4jSettings): void {
  if (hooksRegistered) return;
  hooksRegistered = true;
  // Waiting for another worker's suite to finish is part of this hook, hence its long timeout.
  beforeAll(async () => {
    lease = await leaseNeo4jDatabase(settings);
  }, LEASE_WAIT_MS + 60_000);
  afterAll(async () => {
    const held = lease;
    lease = undefined;
    await held?.release();
  }, 120_000);
}

export function engineFactories(): EngineFactory[] {
  const factories: EngineFactory[] = [
    { name: 'embedded', open: async () => KuzuGraphStore.open({ dataDir: makeTempDir() }) },
    { name: 'embedded-process', open: async () => EngineProcessStore.open({ dataDir: makeTempDir() }) },
  ];
  const settings = neo4jTestSettings();
  if (settings) {
    leaseForThisFile(settings);
    factories.push({
      name: 'neo4j',
      open: async () => {
        if (!lease) throw new Error('The Neo4j test database is leased in the file\'s beforeAll: open Neo4j stores in a hook or test.');
        await wipeNeo4j(settings);
        return Neo4jGraphStore.create(settings);
      },
    });
  }
  return factories;
}

/** Opens `factory`'s store, ready and holding the mini seed: the starting point of every contract suite. */
export async function openSeeded(factory: EngineFactory): Promise<GraphStore> {
  const store = await factory.open();
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  return store;
}
