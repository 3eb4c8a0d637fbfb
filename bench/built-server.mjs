/**
 * What the memory scripts (console-memory.mjs, write-memory.mjs) share: the built server (dist/server/main.js,
 * embedded engine, seeded from graph-seed/ in `dataDir`) started as a child on a free port, and the resident
 * memory of it and of its own children read from /proc (Linux only).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the built server on `dataDir` with `env` added; resolves with the child and its URL once it listens. */
export function startBuiltServer(dataDir, env = {}) {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded', NEO4J_URI: '', SEED_ON_START: 'auto', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
}

/** Resident memory of `pid` in MB (`field`: VmRSS, or RssAnon for the anonymous part alone), from /proc. */
export function rssMb(pid, field = 'VmRSS') {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** The children of `pid` (the server's engine process, and a probe while one runs). */
export function childrenOf(pid) {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}
