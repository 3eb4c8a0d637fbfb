/* global fetch -- Node 20 has it; the lint config names only the CommonJS globals for .mjs scripts */
/**
 * Does an analyst editing all day make the embedded engine grow without bound? Starts the built server
 * (dist/server/main.js, embedded engine, seeded from graph-seed/ in a fresh temporary DATA_DIR), creates one
 * entity through /api/edits, then replaces it WRITE_MEMORY_WRITES times (default 200), each a new description:
 * every edit is an import written on a copy of the database file that is then swapped in. Every
 * WRITE_MEMORY_EVERY writes (default 20) it prints the resident memory of the server and of the engine process,
 * the engine's open file descriptors and how many of them name deleted files (a swapped-out generation still held).
 *
 *   npm run build:server && node bench/write-memory.mjs
 *
 * Linux only (reads /proc). Any other variable of the environment reaches the server (e.g. KUZU_BUFFER_POOL_MB).
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childrenOf, rssMb, startBuiltServer } from './built-server.mjs';

const writes = Number(process.env.WRITE_MEMORY_WRITES ?? 200);
const every = Number(process.env.WRITE_MEMORY_EVERY ?? 20);
const ADMIN = 'write-memory-bench-token-0123456789';
const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };




function fds(pid) {
  const dir = `/proc/${pid}/fd`;
  const targets = readdirSync(dir).map((fd) => {
    try {
      return readlinkSync(path.join(dir, fd));
    } catch {
      return '';
    }
  });
  return { open: targets.length, deleted: targets.filter((t) => t.endsWith(' (deleted)')).length };
}

async function edit(url, method, p, body) {
  const res = await fetch(`${url}/api/edits${p}`, { method, headers: auth, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'multivector-write-memory-'));
const { child, url } = await startBuiltServer(dataDir, { ADMIN_TOKEN: ADMIN });
try {
  const engine = childrenOf(child.pid)[0];
  const entity = { kind: 'Country', name: 'Write Memory Probe', aliases: [], description: 'edit 0' };
  const row = (n) => {
    const f = fds(engine);
    console.log(`${String(n).padStart(4)} writes  server ${String(rssMb(child.pid)).padStart(5)} MB  engine ${String(rssMb(engine)).padStart(5)} MB (anonymous ${String(rssMb(engine, 'RssAnon')).padStart(5)} MB)  engine fds ${f.open} (deleted ${f.deleted})`);
  };
  row(0);
  await edit(url, 'POST', '/entities', { ...entity, id: 'write-memory-probe' });
  for (let i = 1; i <= writes; i += 1) {
    await edit(url, 'PUT', '/entities/write-memory-probe', { ...entity, description: `edit ${i}` });
    if (i % every === 0) row(i);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
