/**
 * Starts the real app (Express on port 0, real embedded Kuzu in a fresh temp DATA_DIR) for integration
 * and browser tests, seeded from graph-seed/ or another seed folder.
 */
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { startMultivector, type RunningApp } from '../../server/main';
import { PROJECT_ROOT } from '../../server/project-paths';
import { makeTempDir } from './temp-dirs';

export const MINI_SEED_DIR = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'mini-seed');

export interface TestServer {
  baseUrl: string;
  /** The server's own temporary DATA_DIR. */
  dataDir: string;
  app: RunningApp;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Seed the empty store on start (default true). */
  seed?: boolean;
  /** Seed folder (default graph-seed/). */
  seedDir?: string;
  env?: Record<string, string>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = makeTempDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    GRAPH_ENGINE: 'embedded',
    SEED_ON_START: options.seed === false ? 'never' : 'auto',
    // Tests drive many console and export requests from one address; the rate limits have tests of their own.
    RATE_LIMIT_CYPHER: '100000',
    RATE_LIMIT_EXPORT: '100000',
    ...options.env,
  });
  const app = await startMultivector(config, { seedDir: options.seedDir, log: () => undefined });
  return { baseUrl: app.url, dataDir, app, close: () => app.close() };
}
