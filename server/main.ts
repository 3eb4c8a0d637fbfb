/**
 * Composition root: read the config, open the chosen engine, seed an empty store, serve HTTP.
 * The only module that knows both engines. Run directly (`node dist/server/main.js`) it starts the app;
 * tests import `startMultivector` to run the same thing on port 0.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type AppConfig } from './config';
import type { createApp } from './http/create-app';
import type { isWriteRequest } from './http/security';
import { warmUpCypherParser } from './domain/cypher-parser';
import { seedIfEmpty } from './domain/seed-graph';
import { DomainError } from './domain/errors';
import { StoreReadiness } from './domain/store-readiness';
import { readVocabulary, SeedValidationError } from './seed/seed-loader';
import type { Vocabulary } from './domain/seed-schema';
import { CLIENT_DIR, SEED_DIR } from './project-paths';
import type { GraphStore } from './domain/ports/graph-store';
import type { Neo4jGraphStore } from './stores/neo4j/neo4j-graph-store';
import { DataDirLockedError, DataDirUnopenableError } from './stores/kuzu/data-dir-errors';
import { holdsNoDatabase } from './stores/kuzu/data-dir-files';
import { EngineProcessStore } from './stores/kuzu/engine-process/engine-process-store';
import { withGraphIndex } from './stores/graph-index/indexed-graph-store';
import { withRecordCache } from './stores/record-cache/cached-records-store';
import { logEventLoopDelay } from './event-loop-stats';

export interface RunningApp {
  url: string;
  store: GraphStore;
  server: Server;
  /**
   * Stops accepting requests, drains those in flight (reads at most `graceMs`; writes until they are
   * answered), then closes the engine cleanly.
   */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  clientDir?: string;
  seedDir?: string;
  log?: (message: string, err?: unknown) => void;
}

/** Pause between attempts to prepare a store that cannot be reached (Neo4j fails fast while it is down). */
const RETRY_MS = 1_000;
/** How long a shutdown waits for requests in flight; a console query is capped well below it by default. */
const DRAIN_GRACE_MS = 15_000;

export interface OpenStoreOptions {
  log?: (message: string) => void;
}

/**
 * Opens the configured engine. Neo4j opens lazily (the driver connects on first use). The server runs the
 * embedded engine in a supervised process of its own, so a crash of the engine restarts that process
 * instead of stopping the server (the CLIs open it in their own process: server/cli/open-cli-store.ts).
 */
export async function openStore(config: AppConfig, options: OpenStoreOptions = {}): Promise<GraphStore> {
  if (config.engine === 'neo4j') {
    if (!config.neo4j) throw new ConfigError('NEO4J_URI is required when GRAPH_ENGINE is neo4j');
    // Loaded only for this engine: the driver costs the embedded start ~0.1 s of CPU for nothing.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- required lazily on purpose (above); typed by the import type
    const neo4j = require('./stores/neo4j/neo4j-graph-store') as { Neo4jGraphStore: typeof Neo4jGraphStore };
    return neo4j.Neo4jGraphStore.create(config.neo4j);
  }
  // Forks the engine process within this call (before its first await), so it boots while the caller works on.
  return EngineProcessStore.open({
    dataDir: config.dataDir,
    bufferPoolBytes: config.engineMemoryMb * 2 ** 20,
    importBufferPoolBytes: config.importMemoryMb * 2 ** 20,
    queryThreads: config.kuzuQueryThreads,
    log: options.log,
  });
}

/**
 * Prepares the store (schema, then the seed when empty). With Neo4j unreachable it keeps retrying in the
 * background while the server answers 503, so the app comes up before its database does. `readiness` says
 * where it is, for /api/health ("starting" until the seed has committed).
 */
function prepareStore(
  store: GraphStore,
  config: AppConfig,
  seedDir: string,
  log: (m: string, e?: unknown) => void,
  whileSeeding: () => void,
): { ready: Promise<void>; readiness: StoreReadiness; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastMessage: string | undefined;
  const readiness = new StoreReadiness();
  const attempt = async (): Promise<void> => {
    readiness.markAttempt();
    await store.init();
    if (config.seedOnStart) {
      const summary = await seedIfEmpty(store, seedDir, { meanwhile: whileSeeding });
      if (summary) log(`Seeded the empty ${store.engine} store: ${summary.nodes} nodes, ${summary.edges} relationships, ${summary.documents} documents.`);
    }
  };
  const ready = new Promise<void>((resolve, reject) => {
    const run = (): void => {
      attempt().then(() => {
        readiness.markReady();
        resolve();
      }, (err: unknown) => {
        if (stopped) return resolve();
        if (err instanceof DomainError && err.code === 'engine_unavailable') {
          readiness.markFailed(err.message);
          // Once per reason, not once per attempt.
          if (err.message !== lastMessage) log(`${err.message} Retrying every ${RETRY_MS / 1000} s.`);
          lastMessage = err.message;
          timer = setTimeout(run, RETRY_MS);
        } else {
          readiness.markFailed(err instanceof DomainError ? err.message : 'Preparing the graph store failed; the server log says why.');
          reject(err);
        }
      });
    };
    run();
  });
  return { ready, readiness, stop: () => { stopped = true; if (timer) clearTimeout(timer); } };
}

/** What serving needs besides the store: the HTTP layer's modules and the vocabulary. */
interface ServingParts {
  createApp: typeof createApp;
  isWriteRequest: typeof isWriteRequest;
  vocabulary: Vocabulary;
}

/**
 * Loads what serving needs and the store does not: the HTTP layer (its modules are most of the server's
 * ~1 s of module loading) and the seed vocabulary. Run while the engine process boots, on the other core, or
 * on a folder without a database while the engine writes the seed (see startMultivector).
 */
async function loadServingParts(seedDir: string): Promise<ServingParts> {
  // Required here, not imported at the top, so that they load after the engine process was forked; this
  // module's CommonJS output is what `import` would become anyway. Typed by the import types above.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const http = require('./http/create-app') as { createApp: typeof createApp };
  const security = require('./http/security') as { isWriteRequest: typeof isWriteRequest };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const vocabulary = await readVocabulary(seedDir);
  return { createApp: http.createApp, isWriteRequest: security.isWriteRequest, vocabulary };
}

/** Starts the whole app; resolves once it listens (and, for the embedded engine, once it is seeded). */
export async function startMultivector(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const log = options.log ?? ((m: string, e?: unknown) => (e ? console.error(m, e) : console.log(m)));
  const seedDir = options.seedDir ?? SEED_DIR;
  // The engine process is started first and boots while this thread loads the rest of the app: the two
  // processes have a core each, and one after the other cost ~0.5 s at start (docs/performance.md).
  const opening = openStore(config, { log: (m) => log(m) });
  // Awaited below, after the serving parts; this keeps a failed open from counting as unhandled meanwhile.
  opening.catch(() => undefined);
  // On a folder without a database the seed's bulk load (~1.8 s in the engine process) is most of the start:
  // it is handed over as soon as the engine is up, and the serving parts load while it writes. Elsewhere they
  // load while the engine boots, as there is nothing to write.
  const seedFirst = config.engine === 'embedded' && config.seedOnStart && (await holdsNoDatabase(config.dataDir).catch(() => false));
  let servingLoad: Promise<ServingParts> | undefined = seedFirst ? undefined : loadServingParts(seedDir);
  const servingParts = (): Promise<ServingParts> => (servingLoad ??= loadServingParts(seedDir));
  try {
    if (servingLoad) await servingLoad;
  } catch (err) {
    // A bad vocabulary fails the start; the engine that was starting meanwhile closes with it.
    await opening.then((s) => s.close(), () => undefined);
    throw err;
  }
  const opened = await opening;
  const stopLoopLog = config.eventLoopLogMs > 0 ? logEventLoopDelay(config.eventLoopLogMs, (m) => log(m)) : () => undefined;
  // Traversals (paths, neighbourhoods, influence) walk an in-memory graph index while it is current; every
  // user of the store, the app's routes and the seeding below alike, goes through it so it sees every write.
  // Their records (getNodes, getEdges) are kept per graph stamp beneath the index, which hands writes through.
  const records = withRecordCache(opened, config.recordCache);
  const store = withGraphIndex(records, { ...config.graphIndex, log: (m) => log(m) }).store;
  // Load the console's Cypher parser before listening, so the first console query does not wait for it (~0.4 s,
  // synchronous): while the engine process writes the seed when there is one to write, else right below.
  let parserWarm = false;
  const warmUpParser = (): void => {
    if (parserWarm) return;
    parserWarm = true;
    warmUpCypherParser();
  };
  const whileSeeding = (): void => {
    // Awaited below; meanwhile a bad vocabulary must not count as unhandled.
    servingParts().catch(() => undefined);
    warmUpParser();
  };
  const preparation = prepareStore(store, config, seedDir, log, whileSeeding);
  let serving: ServingParts;
  try {
    if (config.engine === 'embedded') {
      await preparation.ready;
    } else {
      preparation.ready.catch((err: unknown) => log('Preparing the Neo4j store failed', err));
    }
    serving = await servingParts();
  } catch (err) {
    preparation.stop();
    stopLoopLog();
    await store.close();
    throw err;
  }
  warmUpParser();
  const app = serving.createApp({ store, console: config.cypher, vocabulary: serving.vocabulary, evidenceHorizon: config.evidenceHorizon, clientDir: options.clientDir ?? CLIENT_DIR, seedDir, security: config.security, importStagedFrom: config.importStagedFrom, log, readiness: preparation.readiness, readCache: config.readCache });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const inFlight = trackInFlight(server, serving.isWriteRequest);
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
        stopLoopLog();
        await drain(server, inFlight, graceMs);
        // After the drain no request uses the store: Kuzu checkpoints its WAL and closes its connections.
        await store.close();
      })();
      return closing;
    },
  };
}

interface InFlight {
  count(): number;
  /** Resolves when no request is being answered. */
  idle(): Promise<void>;
  /** Resolves when no write request (seed, import, undo) is being answered. */
  writesIdle(): Promise<void>;
}

/** Counts requests (and among them writes) that have not finished answering, and tells when each count falls to zero. */
function trackInFlight(server: Server, isWriteRequest: ServingParts['isWriteRequest']): InFlight {
  const counter = () => {
    let n = 0;
    const waiters: Array<() => void> = [];
    return {
      add: () => void (n += 1),
      done: () => {
        n -= 1;
        if (n === 0) for (const w of waiters.splice(0)) w();
      },
      count: () => n,
      idle: () => (n === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    };
  };
  const all = counter();
  const writes = counter();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const write = path.startsWith('/api/') && isWriteRequest(req.method ?? 'GET', path.slice('/api'.length));
    all.add();
    if (write) writes.add();
    res.once('close', () => {
      all.done();
      if (write) writes.done();
    });
  });
  return { count: all.count, idle: all.idle, writesIdle: writes.idle };
}

/**
 * Stops accepting connections, lets the requests in flight finish, then closes what is left. Idle keep-alive
 * connections are closed at once so they cannot carry new requests in. Reads get at most `graceMs`; a write
 * is always answered: the store finishes it before it closes anyway (its write chain), so cutting the
 * connection at the grace would only hide from the client that its seed or import committed.
 */
async function drain(server: Server, inFlight: InFlight, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([inFlight.idle(), grace]);
  clearTimeout(timer);
  await inFlight.writesIdle();
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
    if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof DataDirUnopenableError || err instanceof SeedValidationError) {
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
