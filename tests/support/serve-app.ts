/**
 * Starts the app in a process of its own (for tests that must look at the server process itself, e.g.
 * which native modules it loaded): `node --require <register-ts.cjs> tests/support/serve-app.ts DATA_DIR`.
 * Prints one JSON line { url, pid } once it listens, and stops on SIGTERM.
 */
import { loadConfig } from '../../server/config';
import { startMultivector } from '../../server/main';
import { MINI_SEED_DIR } from './test-server';

async function serve(): Promise<void> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: process.argv[2] ?? '', GRAPH_ENGINE: 'embedded', SEED_ON_START: 'auto' });
  const app = await startMultivector(config, { seedDir: MINI_SEED_DIR, log: () => undefined });
  process.stdout.write(`${JSON.stringify({ url: app.url, pid: process.pid })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void serve();
