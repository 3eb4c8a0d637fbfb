/**
 * Where the time of a neighbourhood answer goes on the embedded engine, phase by phase, over a graph already
 * loaded (`npm run bench -- --data-dir DIR`, or bench/load's folder): the walk on the graph index, the cap, the
 * induced relationships, node reads, relationship reads, serialisation; then getNeighborhood as the branch
 * assembles it, and the engine's own queries for the same centre: the bench's two statements (the star, then
 * every relationship of a ring-1 node) and a third that adds what the API also returns (relationships between
 * two nodes both two hops out), so the ratio compares like with like. Two sample sets: the bench's (depth 2,
 * limit 2,000, answers of at most 2,000 elements) and the 1M load run's (load-sample.json, depth 1 or 2,
 * limit 200). A tool for finding the cost, not a measure with targets (run-bench.ts has those).
 *
 * Build: esbuild bench/neighbourhood-profile.ts --bundle --platform=node --target=node20 --packages=external --outfile=dist/bench/neighbourhood-profile.js
 * Run:   node dist/bench/neighbourhood-profile.js --data-dir DIR [--samples 20 --set bench|load|both]
 *        --variants  also reads each answer's relationships by getEdges' plan and by kind pairs on one connection, counting wrong answers
 *        --ab        only this build's getNeighborhood against the engine's three statements (for main-vs-branch runs)
 *        --throughput [--threads N]  answers per second over the load run's draws, one and four at once
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KuzuValue, QueryResult } from 'kuzu';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { withGraphIndex } from '../server/stores/graph-index/indexed-graph-store';
import { getNeighborhood } from '../server/domain/traversal';
import { adjacencyInSlices } from '../server/domain/sliced-adjacency';
import type { GraphStore } from '../server/domain/ports/graph-store';
import { KeptGraphIndex } from '../server/stores/graph-index/kept-graph-index';
import { planEdgeReads } from '../server/stores/kuzu/kuzu-edge-reads';
import { openRawKuzuConnection } from '../server/stores/kuzu/kuzu-database-slots';
import { createRandom } from './synthetic-graph';
import { arg, ms, summary } from './profile-cli';

/** The engine's own depth-2 statements (the bench's two, then the third the API's answer also needs). */
export function engineDepth2(kind: string): string[] {
  const k = `\`${kind}\``;
  return [
    `MATCH (a:${k})-[r]-(m) WHERE a.id = $id RETURN r, m LIMIT 2000`,
    `MATCH (a:${k})-[]-(m)-[r]-(b) WHERE a.id = $id RETURN DISTINCT r, b LIMIT 2000`,
    // Relationships from a node two hops out to any node within two hops: those joining two two-hop nodes.
    `MATCH (a:${k})-[]-(m)-[]-(b) WHERE a.id = $id WITH collect(DISTINCT b.id) AS ids ` +
      `MATCH (a2:${k})-[]-(m2)-[]-(b2)-[r]->(c) WHERE a2.id = $id AND list_contains(ids, c.id) RETURN DISTINCT r, b2.id, c.id LIMIT 2000`,
  ];
}

async function main(): Promise<void> {
  const dataDir = arg('data-dir');
  const samples = Number(arg('samples', '20'));
  const set = arg('set', 'both');
  const threads = process.argv.includes('--threads') ? Number(arg('threads')) : undefined;
  const raw = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 1536 * 1024 * 1024, queryThreads: threads });
  await raw.init();
  await raw.prepareAdjacencyIndex();
  const indexed = withGraphIndex(raw, { enabled: true, maxAgeMs: 0 });
  await indexed.ready();
  const store: GraphStore = indexed.store;
  const kept = new KeptGraphIndex((onColumns) => raw.loadAdjacency(onColumns));
  await kept.ready();
  const conn = await openRawKuzuConnection(dataDir);
  if (!conn) throw new Error('no raw connection');
  const runStatements = async (statements: string[], id: string): Promise<number[]> => {
    const counts: number[] = [];
    for (const q of statements) {
      const res = (await conn.execute(await conn.prepare(q), { id } as Record<string, KuzuValue>)) as QueryResult;
      counts.push(res.getAllSync().length);
      res.close();
    }
    return counts;
  };
  const phases: Record<string, number[]> = {};
  const note = (k: string, v: number): void => void (phases[k] ??= []).push(v);

  const variants = process.argv.includes('--variants');
  /** One read on the raw connection: its rows' relationship ids. */
  const readIds = async (query: string, params: Record<string, KuzuValue>): Promise<string[]> => {
    const res = (await conn.execute(await conn.prepare(query), params)) as QueryResult;
    const ids = res.getAllSync().map((row) => String((row.r as Record<string, KuzuValue>).id));
    res.close();
    return ids;
  };
  /** The induced relationships read per (source kind, target kind), against getEdges' plan; one connection each. */
  const edgeVariants = async (label: string, edgeIds: string[]): Promise<void> => {
    const wanted = new Set(edgeIds);
    const check = (name: string, got: string[]): void => {
      const mine = new Set(got.filter((x) => wanted.has(x)));
      if (mine.size !== wanted.size) note(`${label}: WRONG ${name} (count)`, wanted.size - mine.size);
    };
    let t = performance.now();
    const planned: string[] = [];
    for (const r of planEdgeReads(edgeIds, (x) => kept.locate(x), () => true)) {
      const got = await readIds(r.query, r.params);
      planned.push(...(r.keep ? got.filter((x) => r.keep!.has(x)) : got));
    }
    note(`${label}: v getEdges plan, 1 conn`, ms(t));
    check('plan', planned);
    const pairs = new Map<string, { sk: string; tk: string; s: Set<string>; t: Set<string>; types: Set<string> }>();
    for (const id of edgeIds) {
      const at = kept.locate(id)!;
      const key = `${at.sourceKind}|${at.targetKind}`;
      let p = pairs.get(key);
      if (!p) pairs.set(key, (p = { sk: at.sourceKind, tk: at.targetKind, s: new Set(), t: new Set(), types: new Set() }));
      p.s.add(at.source);
      p.t.add(at.target);
      p.types.add(at.type);
    }
    note(`${label}: v kind pairs (count)`, pairs.size);
    for (const typed of [false, true]) {
      t = performance.now();
      const got: string[] = [];
      let rows = 0;
      for (const p of pairs.values()) {
        const rel = typed ? `[r:${[...p.types].sort().map((x) => `\`${x}\``).join('|')}]` : '[r]';
        const ids = await readIds(`MATCH (a:\`${p.sk}\`)-${rel}->(b:\`${p.tk}\`) WHERE a.id IN $s AND b.id IN $t RETURN r, a.id AS s, b.id AS t`, { s: [...p.s], t: [...p.t] });
        rows += ids.length;
        got.push(...ids);
      }
      note(`${label}: v kind-pair ${typed ? 'typed' : 'untyped'}, 1 conn`, ms(t));
      note(`${label}: v kind-pair ${typed ? 'typed' : 'untyped'} rows (count)`, rows);
      check(`kind-pair ${typed}`, got);
    }
  };

  /** The previous assembly (main's getNeighborhood), phase by phase. */
  const profileOld = async (label: string, id: string, depth: number, limit: number): Promise<void> => {
    let t = performance.now();
    const included = new Set<string>([id]);
    let frontier = [id];
    let truncated = false;
    let walkRefs = 0;
    for (let level = 0; level < depth && frontier.length > 0 && !truncated; level += 1) {
      const refs = await adjacencyInSlices(store, frontier, 'any');
      walkRefs += refs.length;
      const next: string[] = [];
      const candidates = [...new Set(refs.flatMap((r) => [r.source, r.target]))].sort();
      for (const n of candidates) {
        if (included.has(n)) continue;
        if (included.size >= limit) {
          truncated = true;
          break;
        }
        included.add(n);
        next.push(n);
      }
      frontier = next;
    }
    note(`${label}: walk + cap`, ms(t));
    t = performance.now();
    const ids = [...included];
    const out = await adjacencyInSlices(store, ids, 'out');
    const edgeIds = out.filter((r) => included.has(r.source) && included.has(r.target)).map((r) => r.id);
    note(`${label}: induced refs`, ms(t));
    note(`${label}: refs walked (count)`, walkRefs + out.length);
    t = performance.now();
    const nodes = await store.getNodes(ids);
    note(`${label}: getNodes`, ms(t));
    note(`${label}: nodes (count)`, ids.length);
    note(`${label}: node kinds (count)`, new Set(ids.map((x) => kept.kindOf(x))).size);
    t = performance.now();
    const edges = await store.getEdges(edgeIds);
    note(`${label}: getEdges`, ms(t));
    note(`${label}: edges (count)`, edgeIds.length);
    note(`${label}: edge reads (count)`, planEdgeReads(edgeIds, (x) => kept.locate(x), () => true).length);
    if (variants) await edgeVariants(label, edgeIds);
    t = performance.now();
    JSON.stringify({ nodes, edges, truncated });
    note(`${label}: serialise`, ms(t));
    t = performance.now();
    const answer = await getNeighborhood(store, { id, depth, limit });
    note(`${label}: getNeighborhood (this build)`, ms(t));
    note(`${label}: answer elements (count)`, answer.nodes.length + answer.edges.length);
  };

  const kindOf = (id: string): string => kept.kindOf(id) ?? '';
  if (set === 'bench' || set === 'both') {
    // The bench's depth-2 samples: few nodes within two hops (engine pre-check), an answer of at most 2,000 elements.
    const random = createRandom(43);
    const res0 = (await conn.query(`MATCH (n) WHERE NOT label(n) IN ['SourceDocument', 'Import', 'ImportBatch'] RETURN n.id AS id`)) as QueryResult;
    const all = res0.getAllSync().map((r) => String(r.id)).sort();
    res0.close();
    const chosen: string[] = [];
    for (let tries = 0; chosen.length < samples && tries < samples * 20; tries += 1) {
      const id = all[Math.floor(random() * all.length)]!;
      const k = kindOf(id);
      // A node without relationships is not in the index: nothing to profile.
      if (k === '') continue;
      const res = (await conn.execute(await conn.prepare(`MATCH (a:\`${k}\`)-[]-(m)-[]-(b) WHERE a.id = $id RETURN DISTINCT b.id`), { id })) as QueryResult;
      const n = res.getAllSync().length;
      res.close();
      if (n > 250) continue;
      const answer = await getNeighborhood(store, { id, depth: 2, limit: 2000 });
      if (answer.nodes.length + answer.edges.length <= 2000) chosen.push(id);
    }
    const ab = process.argv.includes('--ab');
    for (const [i, id] of chosen.entries()) {
      if (ab) {
        // This build's answer against the engine's own three statements, alternating which runs first.
        const api = async (): Promise<void> => {
          const t0 = performance.now();
          await getNeighborhood(store, { id, depth: 2, limit: 2000 });
          note('ab d2: getNeighborhood', ms(t0));
        };
        const engine = async (): Promise<void> => {
          const t0 = performance.now();
          await runStatements(engineDepth2(kindOf(id)), id);
          note('ab d2: engine, 3 statements', ms(t0));
        };
        for (const f of i % 2 === 0 ? [api, engine] : [engine, api]) await f();
        continue;
      }
      await profileOld('bench d2', id, 2, 2000);
      let t = performance.now();
      const two = await runStatements(engineDepth2(kindOf(id)).slice(0, 2), id);
      note('bench d2: engine, bench statements (2)', ms(t));
      note('bench d2: engine rows, bench statements (count)', two.reduce((a, b) => a + b, 0));
      t = performance.now();
      const three = await runStatements(engineDepth2(kindOf(id)), id);
      note('bench d2: engine, induced (3 statements)', ms(t));
      note('bench d2: engine rows, third statement (count)', three[2] ?? 0);
      // The three statements' relationships against the API's: the same set?
      const api = await getNeighborhood(store, { id, depth: 2, limit: 2000 });
      const engineIds = new Set<string>();
      for (const q of engineDepth2(kindOf(id))) for (const x of await readIds(q, { id })) engineIds.add(x);
      const apiIds = new Set(api.edges.map((e) => e.id));
      const same = engineIds.size === apiIds.size && [...apiIds].every((x) => engineIds.has(x));
      if (!same) note('bench d2: engine and API relationships differ (count)', Math.abs(engineIds.size - apiIds.size) + 0.001);
      note('bench d2: API nodes / engine distinct nodes (count)', api.nodes.length);
    }
  }
  if (process.argv.includes('--throughput')) {
    // Answers per second over the load run's draws, one at a time and four at once (the server's TRAVERSALS_AT_ONCE).
    const ids = (JSON.parse(readFileSync(path.join(dataDir, 'load-sample.json'), 'utf8')) as { ids: string[] }).ids;
    const random = createRandom(9);
    const draws = Array.from({ length: samples }, () => ({ id: ids[Math.floor(random() * ids.length)]!, depth: random() < 0.5 ? 1 : 2 }));
    for (const concurrency of [1, 4, 1, 4]) {
      const queue = [...draws];
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) await getNeighborhood(store, { id: d.id, depth: d.depth, limit: 200 });
      }));
      const seconds = (performance.now() - t0) / 1000;
      console.log(`throughput: threads ${threads ?? 'default'}, ${concurrency} at once: ${(draws.length / seconds).toFixed(1)} answers/s over ${draws.length}`);
    }
  } else if (set === 'load' || set === 'both') {
    const file = path.join(dataDir, 'load-sample.json');
    if (existsSync(file)) {
      const ids = (JSON.parse(readFileSync(file, 'utf8')) as { ids: string[] }).ids;
      const random = createRandom(7);
      for (let i = 0; i < samples; i += 1) {
        const id = ids[Math.floor(random() * ids.length)]!;
        const depth = random() < 0.5 ? 1 : 2;
        if (process.argv.includes('--ab')) {
          const t0 = performance.now();
          await getNeighborhood(store, { id, depth, limit: 200 });
          note(`ab load d${depth}: getNeighborhood`, ms(t0));
          continue;
        }
        await profileOld(`load d${depth}`, id, depth, 200);
      }
    }
  }
  for (const [k, v] of Object.entries(phases).sort(([a], [b]) => (a < b ? -1 : 1))) console.log(summary(k, v));
  await indexed.store.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
