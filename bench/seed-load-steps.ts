/**
 * Where the first start's seed goes: opens the embedded store on a fresh folder in this process, seeds it as
 * the server does (seedIfEmpty -> bulkLoad on a copy, swapped in), and prints the wall time of open, seed and
 * close, and the engine's statements grouped by kind (time and count). Statements are timed by wrapping the
 * binding's Connection.query, so what is left of the seed's time is files (copy, fsync, swap) and JSON.
 *
 *   npx esbuild bench/seed-load-steps.ts --bundle --platform=node --target=node20 --packages=external \
 *     --outfile=dist/bench/seed-load-steps.js && node dist/bench/seed-load-steps.js [--rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kuzu from 'kuzu';
import { seedIfEmpty } from '../server/domain/seed-graph';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';

const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;

const byKind = new Map<string, { ms: number; n: number }>();
function kindOf(statement: string): string {
  const words = statement.trim().split(/\s+/);
  const head = words.slice(0, 2).join(' ').toUpperCase();
  if (head.startsWith('CREATE NODE') || head.startsWith('CREATE REL')) return head + ' TABLE';
  if (head.startsWith('ALTER')) return /\bADD FROM\b/i.test(statement) ? 'ALTER ADD FROM' : 'ALTER ADD column';
  if (head.startsWith('CALL')) return `CALL ${words[1]?.split('(')[0] ?? ''}`;
  return words[0]?.toUpperCase() ?? '?';
}

// The binding's query, timed: every statement the store runs, whatever file sends it.
const proto = kuzu.Connection.prototype as unknown as { query: (...a: unknown[]) => Promise<unknown> };
const query = proto.query;
proto.query = async function timed(this: unknown, ...args: unknown[]) {
  const started = performance.now();
  try {
    return await query.apply(this, args);
  } finally {
    const k = kindOf(String(args[0]));
      if (process.env.SEED_STEPS_TRACE && !/^(ALTER|CREATE|COPY|MATCH)/.test(k)) console.log(`    ${k} ${Math.round(performance.now() - started)} ms`);
    const t = byKind.get(k) ?? { ms: 0, n: 0 };
    t.ms += performance.now() - started;
    t.n += 1;
    byKind.set(k, t);
  }
};

async function main(): Promise<void> {
  for (let round = 1; round <= rounds; round += 1) {
    byKind.clear();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mv-seed-steps-'));
    try {
      const t0 = performance.now();
      const store = await KuzuGraphStore.open({ dataDir: dir });
      await store.init();
      const t1 = performance.now();
      await seedIfEmpty(store);
      const t2 = performance.now();
      await store.close();
      const t3 = performance.now();
      const statements = [...byKind].sort((a, b) => b[1].ms - a[1].ms);
      const inStatements = statements.reduce((s, [, t]) => s + t.ms, 0);
      console.log(
        `round ${round}: open ${Math.round(t1 - t0)} ms, seed ${Math.round(t2 - t1)} ms (statements ${Math.round(inStatements)} ms), ` +
          `close ${Math.round(t3 - t2)} ms; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
      );
      for (const [k, t] of statements) console.log(`  ${k.padEnd(22)} ${String(t.n).padStart(4)} x ${Math.round(t.ms).toString().padStart(5)} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
