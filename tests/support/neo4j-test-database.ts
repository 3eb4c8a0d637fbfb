/**
 * Test support: borrowing the Neo4j test database so a suite leaves it as it found it.
 *
 * A suite that writes to Neo4j takes a lease first: an exclusive lock (test files run in parallel jest
 * workers, and two suites emptying one database under each other fail each other), then a snapshot of
 * every node and relationship, then an empty database. Releasing the lease empties the database again,
 * writes the snapshot back and unlocks. So a database that was empty stays empty (the next app start
 * seeds it), and one holding a seeded graph gets it back. Test support only: the app never does this.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';

export interface Neo4jSettings {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export interface Neo4jLease {
  /** Empties the database, writes back what it held before the lease, and unlocks it. */
  release(): Promise<void>;
}

/** How long a suite waits for another one to release the database before it fails, naming the lock. */
export const LEASE_WAIT_MS = 10 * 60 * 1000;
/** Largest database a lease snapshots (it is held in memory): larger ones are surely not a test database. */
const SNAPSHOT_LIMIT = 50_000;
const BATCH = 1_000;

/** The Neo4j the tests may use (NEO4J_URI and friends), or undefined when none is configured. */
export function neo4jTestSettings(): Neo4jSettings | undefined {
  const uri = process.env.NEO4J_URI;
  if (!uri) return undefined;
  return {
    uri,
    user: process.env.NEO4J_USER ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? '',
    database: process.env.NEO4J_DATABASE ?? 'neo4j',
  };
}

interface StoredNode {
  key: string;
  labels: string[];
  props: Record<string, unknown>;
}
interface StoredRelationship {
  start: string;
  end: string;
  type: string;
  props: Record<string, unknown>;
}
interface Snapshot {
  nodes: StoredNode[];
  relationships: StoredRelationship[];
}

/** Takes the lock on the test database, snapshots it and empties it. */
export async function leaseNeo4jDatabase(settings: Neo4jSettings): Promise<Neo4jLease> {
  const unlock = await lock(settings);
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
  let snapshot: Snapshot;
  try {
    snapshot = await takeSnapshot(driver, settings);
    await wipe(driver, settings);
  } catch (err) {
    await driver.close();
    unlock();
    throw err;
  }
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      try {
        await wipe(driver, settings);
        await restore(driver, settings, snapshot);
      } finally {
        await driver.close();
        unlock();
      }
    },
  };
}

const write = async (driver: Driver, settings: Neo4jSettings, query: string, params: Record<string, unknown> = {}) => {
  const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    return (await session.run(query, params)).records;
  } finally {
    await session.close();
  }
};

async function wipe(driver: Driver, settings: Neo4jSettings): Promise<void> {
  await write(driver, settings, 'MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
}

async function takeSnapshot(driver: Driver, settings: Neo4jSettings): Promise<Snapshot> {
  const count = async (query: string): Promise<number> => Number((await write(driver, settings, query))[0]?.get('c') ?? 0);
  const nodes = await count('MATCH (n) RETURN count(n) AS c');
  const relationships = await count('MATCH ()-[r]->() RETURN count(r) AS c');
  if (nodes + relationships > SNAPSHOT_LIMIT) {
    throw new Error(
      `The Neo4j test database "${settings.database}" at ${settings.uri} holds ${nodes} nodes and ${relationships} relationships: ` +
        `the tests empty it and write it back afterwards only up to ${SNAPSHOT_LIMIT} of them. Point NEO4J_URI / NEO4J_DATABASE at a throwaway database.`,
    );
  }
  if (nodes === 0) return { nodes: [], relationships: [] };
  // Values stay driver values (Integer, temporal, point), so they are written back with their types.
  const nodeRecords = await write(driver, settings, 'MATCH (n) RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props');
  const relRecords = await write(
    driver,
    settings,
    'MATCH (a)-[r]->(b) RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS props',
  );
  return {
    nodes: nodeRecords.map((r) => ({ key: r.get('key') as string, labels: r.get('labels') as string[], props: r.get('props') as Record<string, unknown> })),
    relationships: relRecords.map((r) => ({
      start: r.get('start') as string,
      end: r.get('end') as string,
      type: r.get('type') as string,
      props: r.get('props') as Record<string, unknown>,
    })),
  };
}

/** A label or type as Cypher text: names come from the database itself, backticks doubled. */
const quoted = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

async function restore(driver: Driver, settings: Neo4jSettings, snapshot: Snapshot): Promise<void> {
  // Labels and types cannot be parameters: one statement per label set and per type.
  const newKeys = new Map<string, string>();
  for (const group of groupBy(snapshot.nodes, (n) => JSON.stringify(n.labels)).values()) {
    const labels = (group[0]?.labels ?? []).map((l) => `:${quoted(l)}`).join('');
    for (let i = 0; i < group.length; i += BATCH) {
      const rows = group.slice(i, i + BATCH).map((n) => ({ key: n.key, props: n.props }));
      const created = await write(driver, settings, `UNWIND $rows AS row CREATE (n${labels}) SET n = row.props RETURN row.key AS old, elementId(n) AS key`, { rows });
      for (const r of created) newKeys.set(r.get('old') as string, r.get('key') as string);
    }
  }
  for (const [type, group] of groupBy(snapshot.relationships, (r) => r.type)) {
    for (let i = 0; i < group.length; i += BATCH) {
      const rows = group.slice(i, i + BATCH).map((r) => ({ start: newKeys.get(r.start), end: newKeys.get(r.end), props: r.props }));
      await write(
        driver,
        settings,
        `UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.start MATCH (b) WHERE elementId(b) = row.end CREATE (a)-[r:${quoted(type)}]->(b) SET r = row.props`,
        { rows },
      );
    }
  }
}

/**
 * An exclusive lock file per Neo4j database, shared by every jest worker on this machine. A lock whose
 * process is gone, or that this process holds from an earlier test file (a worker runs one file at a time
 * and each file releases its lease in afterAll), is taken over.
 */
async function lock(settings: Neo4jSettings): Promise<() => void> {
  const id = createHash('sha256').update(`${settings.uri}\n${settings.database}`).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `multivector-neo4j-test-${id}.lock`);
  const deadline = Date.now() + LEASE_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to unlock.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (isStale(file)) {
      try {
        unlinkSync(file);
      } catch {
        // Another waiter took it over first.
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Waited ${LEASE_WAIT_MS / 60_000} min for the Neo4j test database; its lock ${file} is still held.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function isStale(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return false; // Gone already, or being written: try again.
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
