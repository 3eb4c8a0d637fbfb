/**
 * Composition root: read the config, open the chosen engine, seed an empty store, serve HTTP.
 * The only module that knows both engines. Run directly (`node dist/server/main.js`) it starts the app;
 * tests import `startMultivector` to run the same thing on port 0.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createApp } from './http/create-app';
import { warmUpCypherParser } from './domain/cypher-parser';
import { seedIfEmpty } from './domain/seed-graph';
import { DomainError } from './domain/errors';
import { readVocabulary, SeedValidationError } from './seed/seed-loader';
import { CLIENT_DIR, SEED_DIR } from './project-paths';
import type { GraphStore } from './stores/graph-store';
import { DataDirLockedError, KuzuGraphStore } from './stores/kuzu/kuzu-graph-store';
import { Neo4jGraphStore } from './stores/neo4j/neo4j-graph-store';

export interface RunningApp {
  url: string;
  store: GraphStore;
  server: Server;
  /** Stops accepting requests, drains those in flight (at most `graceMs`), then closes the engine cleanly. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  clientDir?: string;
  seedDir?: string;
  log?: (message: string, err?: unknown) => void;
}

const RETRY_MS = 5_000;
/** How long a shutdown waits for requests in flight; a console query is capped well below it by default. */
const DRAIN_GRACE_MS = 15_000;

/** Opens the configured engine. Neo4j opens lazily (the driver connects on first use). */
export async function openStore(config: AppConfig): Promise<GraphStore> {
  if (config.engine === 'neo4j') {
    if (!config.neo4j) throw new ConfigError('NEO4J_URI is required when GRAPH_ENGINE is neo4j');
    return Neo4jGraphStore.create(config.neo4j);
  }
  return KuzuGraphStore.open({ dataDir: config.dataDir, importBufferPoolBytes: config.importMemoryMb * 2 ** 20 });
}

/**
 * Prepares the store (schema, then the seed when empty). With Neo4j unreachable it keeps retrying in the
 * background while the server answers 503, so the app comes up before its database does.
 */
function prepareStore(store: GraphStore, config: AppConfig, seedDir: string, log: (m: string, e?: unknown) => void): { ready: Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = async (): Promise<void> => {
    await store.init();
    if (config.seedOnStart) {
      const summary = await seedIfEmpty(store, seedDir);
      if (summary) log(`Seeded the empty ${store.engine} store: ${summary.nodes} nodes, ${summary.edges} relationships, ${summary.documents} documents.`);
    }
  };
  const ready = new Promise<void>((resolve, reject) => {
    const run = (): void => {
      attempt().then(resolve, (err: unknown) => {
        if (stopped) return resolve();
        if (err instanceof DomainError && err.code === 'engine_unavailable') {
          log(`${err.message} Retrying in ${RETRY_MS / 1000} s.`);
          timer = setTimeout(run, RETRY_MS);
        } else reject(err);
      });
    };
    run();
  });
  return { ready, stop: () => { stopped = true; if (timer) clearTimeout(timer); } };
}

/** Starts the whole app; resolves once it listens (and, for the embedded engine, once it is seeded). */
export async function startMultivector(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const log = options.log ?? ((m: string, e?: unknown) => (e ? console.error(m, e) : console.log(m)));
  const store = await openStore(config);
  const preparation = prepareStore(store, config, options.seedDir ?? SEED_DIR, log);
  if (config.engine === 'embedded') {
    try {
      await preparation.ready;
    } catch (err) {
      await store.close();
      throw err;
    }
  } else {
    preparation.ready.catch((err: unknown) => log('Preparing the Neo4j store failed', err));
  }
  const seedDir = options.seedDir ?? SEED_DIR;
  const vocabulary = await readVocabulary(seedDir);
  // Load the console's Cypher parser now, so the first console query does not wait for it.
  warmUpCypherParser();
  const app = createApp({ store, console: config.cypher, vocabulary, evidenceHorizon: config.evidenceHorizon, clientDir: options.clientDir ?? CLIENT_DIR, seedDir, security: config.security, importStagedFrom: config.importStagedFrom, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const inFlight = trackInFlight(server);
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    store,
    server,
    close: (graceMs = DRAIN_GRACE_MS) => {
      closing ??= (async () => {
        preparation.stop();
        await drain(server, inFlight, graceMs);
        // After the drain no request uses the store: Kuzu checkpoints its WAL and closes its connections.
        await store.close();
      })();
      return closing;
    },
  };
}

/** Counts requests that have not finished answering, and tells when the count falls to zero. */
function trackInFlight(server: Server): { count(): number; idle(): Promise<void> } {
  let count = 0;
  const waiters: Array<() => void> = [];
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    count += 1;
    res.once('close', () => {
      count -= 1;
      if (count === 0) {
        for (const w of waiters.splice(0)) w();
      }
    });
  });
  return {
    count: () => count,
    idle: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

/**
 * Stops accepting connections, lets the requests in flight finish (at most `graceMs`), then closes what is
 * left. Idle keep-alive connections are closed at once so they cannot carry new requests in.
 */
async function drain(server: Server, inFlight: { idle(): Promise<void> }, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([inFlight.idle(), grace]);
  clearTimeout(timer);
  server.closeAllConnections();
  await closed;
}

async function main(): Promise<void> {
  let running: RunningApp;
  try {
    const config = loadConfig();
    running = await startMultivector(config);
    console.log(`Multivector (${config.engine} engine) on ${running.url}`);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof SeedValidationError) {
      console.error(err.message);
    } else {
      console.error('Multivector could not start:', err instanceof Error ? err.message : err);
    }
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: no new requests; finishing those in flight, then closing the ${running.store.engine} engine`);
    running.close().then(
      () => {
        console.log('Stopped cleanly.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error('Stopping failed:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) void main();
