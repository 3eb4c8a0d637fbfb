/* global fetch, performance -- Node 20 has them; the lint config names only the CommonJS globals for .mjs scripts */
/**
 * Do many distinct console queries make the embedded engine grow without bound? kuzu 0.11.3 keeps every
 * statement a connection prepares until that connection closes. Starts the built server (dist/server/main.js,
 * embedded engine, seeded from graph-seed/ in a fresh temporary DATA_DIR) and sends CONSOLE_MEMORY_TEXTS
 * (default 10,000) distinct console texts (`... WHERE n.name <> 'x<i>' ...`), CONSOLE_MEMORY_CONCURRENCY
 * (default 4) at a time (CONSOLE_MEMORY_QUERY sets another text, `{i}` standing for its number); at 0, 1k, 5k and every CONSOLE_MEMORY_EVERY texts (default 1,000) it prints the
 * resident memory of the engine process. Each answer is checked (one Country id).
 *
 *   npm run build:server && node bench/console-memory.mjs
 *
 * Linux only (reads /proc). Any other variable of the environment reaches the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childrenOf, rssMb, startBuiltServer } from './built-server.mjs';

const texts = Number(process.env.CONSOLE_MEMORY_TEXTS ?? 10_000);
const every = Number(process.env.CONSOLE_MEMORY_EVERY ?? 1_000);
const concurrency = Number(process.env.CONSOLE_MEMORY_CONCURRENCY ?? 4);
/** The console text, `{i}` replaced by the text's number; its answer must have one row. */
const template = process.env.CONSOLE_MEMORY_QUERY ?? "MATCH (n:Country) WHERE n.name <> 'x{i}' RETURN n.id AS id ORDER BY id LIMIT 1";




async function consoleQuery(url, i) {
  const query = template.replaceAll('{i}', String(i));
  const res = await fetch(`${url}/api/cypher`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = await res.json();
  if (res.status !== 200 || body.rows?.length !== 1) throw new Error(`text ${i}: ${res.status} ${JSON.stringify(body)}`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'multivector-console-memory-'));
const { child, url } = await startBuiltServer(dataDir, { RATE_LIMIT_CYPHER: '1000000' });
try {
  const engine = childrenOf(child.pid)[0];
  const row = (n, ms) => console.log(`${String(n).padStart(6)} distinct texts  engine ${String(rssMb(engine)).padStart(5)} MB  server ${String(rssMb(child.pid)).padStart(5)} MB${ms === undefined ? '' : `  (${(ms / every).toFixed(2)} ms per text, ${concurrency} at a time)`}`);
  row(0);
  let next = 1;
  let started = performance.now();
  const worker = async () => {
    while (next <= texts) {
      const i = next;
      next += 1;
      await consoleQuery(url, i);
      if (i % every === 0) {
        row(i, performance.now() - started);
        started = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const health = await (await fetch(`${url}/api/health`)).json();
  console.log(`engine process pid ${engine}, now ${health.engineProcess?.pid} (a restart would show a new pid)`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
