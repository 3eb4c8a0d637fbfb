/**
 * The in-process side of bench/write-memory.mjs: the embedded store opened in this process (as the CLI and the
 * tests open it), seeded from graph-seed/, then WRITE_MEMORY_WRITES (default 200) one-node upserts, printing
 * this process's resident memory every WRITE_MEMORY_EVERY (default 20), its anonymous part, and the open file
 * descriptors naming deleted files (a swapped-out generation still held).
 *
 *   npm run build:server && node bench/write-memory-in-process.mjs
 *   MALLOC_ARENA_MAX=2 node bench/write-memory-in-process.mjs      # glibc's arenas capped, as the engine process runs
 */
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { KuzuGraphStore } = require(path.join(root, 'dist/server/stores/kuzu/kuzu-graph-store.js'));
const { seedStore } = require(path.join(root, 'dist/server/domain/seed-graph.js'));
const writes = Number(process.env.WRITE_MEMORY_WRITES ?? 200);
const every = Number(process.env.WRITE_MEMORY_EVERY ?? 20);

function mb(field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function deletedFds() {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).endsWith(' (deleted)');
    } catch {
      return false;
    }
  }).length;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'multivector-write-memory-'));
const store = await KuzuGraphStore.open({ dataDir });
try {
  await store.init();
  await seedStore(store);
  const row = (n) => console.log(`${String(n).padStart(4)} writes  rss ${String(mb('VmRSS')).padStart(5)} MB (anonymous ${String(mb('RssAnon')).padStart(5)} MB)  deleted fds ${deletedFds()}`);
  row(0);
  for (let i = 1; i <= writes; i += 1) {
    const node = { id: 'write-memory-probe', kind: 'Country', name: 'Write Memory Probe', aliases: [], properties: { description: `edit ${i}` } };
    await store.upsert({ nodes: [node], edges: [], documents: [], propertyTypes: {} });
    if (i % every === 0) row(i);
  }
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
