/**
 * `npm run fuzz -- --minutes N`: runs console queries through the guard into a real embedded store in a
 * forked child (crash-runner.ts) and prints how many ran, engine restarts, refusals by reason and the
 * crashers found, deduplicated by shape. A crash does not stop the run: the child is restarted.
 *
 * Options: --minutes N   fuzz for N minutes (default 1; 0 skips the fuzz)
 *          --tck all|read|write   first run the openCypher TCK corpus (../shared/tck/queries.json)
 *          --seed S      fast-check seed (default: the time)
 *          --data-dir D  keep the seeded store in D and reuse it (default: a temporary folder)
 *          --queries F   run the queries of F first (one per line: a query, or a JSON {"query", "params"})
 *          --matrix      run every allowed function with no argument and one of each kind (see functionArgumentMatrix)
 *          --out FILE    also write the report as JSON
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { consoleQuery, functionArgumentMatrix } from '../../tests/support/console-query-arbitrary';
import { readTckQueries } from '../../tests/support/tck-corpus';
import { CrashRunner } from './crash-runner';
import { FuzzTally, queryShape } from './fuzz-report';

interface Options {
  minutes: number;
  tck: 'all' | 'read' | 'write' | undefined;
  seed: number;
  dataDir: string | undefined;
  queries: string | undefined;
  matrix: boolean;
  out: string | undefined;
}

function readOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const minutes = Number(get('minutes') ?? 1);
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error('--minutes takes a number of minutes, 0 or more');
  const tck = get('tck');
  if (tck !== undefined && tck !== 'all' && tck !== 'read' && tck !== 'write') throw new Error('--tck takes all, read or write');
  const seed = Number(get('seed') ?? Date.now() % 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error('--seed takes an integer');
  return { minutes, tck, seed, dataDir: get('data-dir'), queries: get('queries'), matrix: argv.includes('--matrix'), out: get('out') };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'multivector-fuzz-'));
  const runner = new CrashRunner({ workerFile: path.join(__dirname, 'fuzz-worker.js'), dataDir });
  const report: Record<string, unknown> = { seed: options.seed };
  try {
    const nodes = await runner.start();
    console.log(`Store open in ${dataDir}: ${nodes} nodes. Seed ${options.seed}.`);
    if (options.queries) {
      const tally = new FuzzTally();
      const started = runner.restarts;
      for (const line of readFileSync(options.queries, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
        const { query, params } = line.startsWith('{') ? (JSON.parse(line) as { query: string; params?: Record<string, unknown> }) : { query: line, params: {} };
        const o = await runner.run(query, params ?? {});
        tally.add(query, params ?? {}, queryShape(query), o);
        console.log(`  ${o.outcome.padEnd(8)} ${query}  ${JSON.stringify(params ?? {})}  ${o.exit ?? o.message?.slice(0, 120) ?? ''}`);
      }
      console.log(tally.format(`Queries of ${options.queries}`, runner.restarts - started));
      report.queries = tally.toJSON();
    }
    if (options.matrix) {
      const tally = new FuzzTally();
      const started = runner.restarts;
      for (const s of functionArgumentMatrix()) {
        const o = await runner.run(s.query, s.params);
        tally.add(s.query, s.params, s.shape, o);
      }
      console.log(tally.format('Function x argument matrix', runner.restarts - started));
      report.matrix = tally.toJSON();
    }
    if (options.tck) {
      const corpus = readTckQueries().filter((q) => options.tck === 'all' || q.class === options.tck);
      const tally = new FuzzTally();
      const writes = new FuzzTally();
      const started = runner.restarts;
      for (const q of corpus) {
        const o = await runner.run(q.query, q.params);
        (q.class === 'write' ? writes : tally).add(q.query, q.params, queryShape(q.query), o);
        if (o.outcome === 'crashed' || o.outcome === 'hung') console.log(`  ${o.outcome} (${o.exit}) on TCK #${q.id}: ${q.query.replace(/\s+/g, ' ')}  ${JSON.stringify(q.params)}`);
      }
      console.log(tally.format('TCK read queries', runner.restarts - started));
      if (writes.total > 0) console.log(writes.format('TCK write queries', 0));
      report.tck = { read: tally.toJSON(), write: writes.toJSON() };
    }
    if (options.minutes > 0) {
      const tally = new FuzzTally();
      const started = runner.restarts;
      const until = Date.now() + options.minutes * 60_000;
      // fc.sample is eager: draw batches, each from its own seed derived from the run's.
      for (let batch = 0; Date.now() < until; batch += 1) {
        for (const s of fc.sample(consoleQuery(), { numRuns: 200, seed: options.seed + batch })) {
          if (Date.now() >= until) break;
          const o = await runner.run(s.query, s.params);
          tally.add(s.query, s.params, s.shape, o);
          if (o.outcome === 'crashed' || o.outcome === 'hung') console.log(`  ${o.outcome} (${o.exit}): ${s.query}  ${JSON.stringify(s.params)}`);
        }
      }
      console.log(tally.format(`Fuzz (${options.minutes} min)`, runner.restarts - started));
      report.fuzz = tally.toJSON();
    }
  } finally {
    await runner.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  if (options.out) writeFileSync(options.out, JSON.stringify(report, null, 2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
