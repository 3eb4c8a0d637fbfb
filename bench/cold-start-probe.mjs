/**
 * Cold start probe: starts the built server (`node dist/server/main.js`) on a fresh DATA_DIR (empty + seed),
 * then again on the same folder (existing), and reports the wall time until /api/health answers 200 and the
 * CPU the server and its engine process used until then (from /proc, Linux only). Several builds can be
 * alternated round by round, so a before/after comparison sees the same machine load.
 *
 *   node bench/cold-start-probe.mjs [--rounds 3] [project-root ...]   (default: this checkout)
 */
/* global performance, fetch, setTimeout -- Node's globals; this folder's lint config is for browser pages */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
let rounds = 3;
const roots = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else roots.push(path.resolve(args[i]));
}
if (roots.length === 0) roots.push(process.cwd());

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process and its live children (the engine process), from /proc. */
function cpuSeconds(pid) {
  const read = (p) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name: state is [0], utime [11], stime [12].
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  };
  let total = read(pid);
  for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
    try {
      total += read(child);
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

async function start(root, dataDir) {
  const port = 3100 + Math.floor(Math.random() * 800);
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), GRAPH_ENGINE: 'embedded', NEO4J_URI: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr.slice(0, 500)}`);
      if (performance.now() - started > 60_000) throw new Error('the server did not answer within 60 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return { ms: Math.round(performance.now() - started), cpu: cpuSeconds(child.pid) };
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
for (let round = 1; round <= rounds; round += 1) {
  for (const root of roots) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mv-cold-'));
    try {
      const loadBefore = load();
      const empty = await start(root, dir);
      const existing = await start(root, dir);
      console.log(
        `round ${round} ${root}: empty + seed ${empty.ms} ms (CPU ${empty.cpu.toFixed(2)} s), existing ${existing.ms} ms (CPU ${existing.cpu.toFixed(2)} s); load ${loadBefore}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
