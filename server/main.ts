/**
 * Composition root: read the config, open the chosen engine, seed an empty store, serve HTTP.
 * The only module that knows both engines. Run directly (`node dist/server/main.js`) it starts the app;
 * tests import `startMultivector` to run the same thing on port 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createApp } from './http/create-app';
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
  close(): Promise<void>;
}

export interface StartOptions {
  clientDir?: string;
  seedDir?: string;
  log?: (message: string, err?: unknown) => void;
}

const RETRY_MS = 5_000;

/** Opens the configured engine. Neo4j opens lazily (the driver connects on first use). */
export async function openStore(config: AppConfig): Promise<GraphStore> {
  if (config.engine === 'neo4j') {
    if (!config.neo4j) throw new ConfigError('NEO4J_URI is required when GRAPH_ENGINE is neo4j');
    return Neo4jGraphStore.create(config.neo4j);
  }
  return KuzuGraphStore.open({ dataDir: config.dataDir });
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
  const vocabulary = await readVocabulary(options.seedDir ?? SEED_DIR);
  const app = createApp({ store, console: config.cypher, vocabulary, clientDir: options.clientDir ?? CLIENT_DIR, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    store,
    server,
    close: async () => {
      preparation.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await store.close();
    },
  };
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
  const shutdown = (signal: string): void => {
    console.log(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) void main();
