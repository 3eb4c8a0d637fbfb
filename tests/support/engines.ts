/**
 * The engines a contract test runs against: always the embedded Kuzu store (fresh temp folder), in this
 * process and behind the engine process boundary the server uses, and
 * Neo4j when NEO4J_URI is set. The Neo4j database named by NEO4J_DATABASE is emptied first: point the
 * tests at a throwaway instance (CI uses a service container).
 */
import neo4j from 'neo4j-driver';
import type { GraphStore } from '../../server/stores/graph-store';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { EngineProcessStore } from '../../server/stores/kuzu/engine-process/engine-process-store';
import { Neo4jGraphStore } from '../../server/stores/neo4j/neo4j-graph-store';
import { seedStore } from '../../server/domain/seed-graph';
import { makeTempDir } from './temp-dirs';
import { MINI_SEED_DIR } from './test-server';

export interface EngineFactory {
  /** `embedded-process`: the same Kuzu store behind the engine process boundary, as the server runs it. */
  name: 'embedded' | 'embedded-process' | 'neo4j';
  open(): Promise<GraphStore>;
}

function neo4jSettings(): { uri: string; user: string; password: string; database: string } | undefined {
  const uri = process.env.NEO4J_URI;
  if (!uri) return undefined;
  return {
    uri,
    user: process.env.NEO4J_USER ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? '',
    database: process.env.NEO4J_DATABASE ?? 'neo4j',
  };
}

/** Deletes everything in the test Neo4j database (test support only; the app never does this). */
async function wipeNeo4j(settings: NonNullable<ReturnType<typeof neo4jSettings>>): Promise<void> {
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

export function engineFactories(): EngineFactory[] {
  const factories: EngineFactory[] = [
    { name: 'embedded', open: async () => KuzuGraphStore.open({ dataDir: makeTempDir() }) },
    { name: 'embedded-process', open: async () => EngineProcessStore.open({ dataDir: makeTempDir() }) },
  ];
  const settings = neo4jSettings();
  if (settings) {
    factories.push({
      name: 'neo4j',
      open: async () => {
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
