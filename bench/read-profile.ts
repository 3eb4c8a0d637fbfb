/**
 * Where the time of a path, depth-2 neighbourhood or node-details answer goes on the embedded engine, phase by
 * phase, over a graph already loaded by `npm run bench -- --data-dir DIR` (same --nodes, --edges, --seed):
 * the search on the graph index, then getNodes and getEdges, and each of getEdges' planned reads with its
 * row count. A tool for finding the next cost, not a measure with targets (run-bench.ts has those).
 *
 * Build: esbuild bench/read-profile.ts --bundle --platform=node --target=node20 --packages=external --outfile=dist/bench/read-profile.js
 * Run:   node dist/bench/read-profile.js --data-dir DIR [--nodes 100000 --edges 1000000 --seed 42 --samples 20]
 */
import { readVocabulary } from '../server/seed/seed-loader';
import { SEED_DIR } from '../server/project-paths';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { withGraphIndex } from '../server/stores/graph-index/indexed-graph-store';
import { rankPathIds } from '../server/domain/traversal';
import type { GraphStore } from '../server/domain/ports/graph-store';
import { KeptGraphIndex } from '../server/stores/graph-index/kept-graph-index';
import { planEdgeReads } from '../server/stores/kuzu/kuzu-edge-reads';
import { openRawKuzuConnection } from '../server/stores/kuzu/kuzu-database-slots';
import type { KuzuValue, QueryResult } from 'kuzu';
import { createRandom, generateSyntheticGraph } from './synthetic-graph';
import { arg, ms, summary } from './profile-cli';

async function main(): Promise<void> {
  const nodes = Number(arg('nodes', '100000'));
  const edges = Number(arg('edges', '1000000'));
  const seed = Number(arg('seed', '42'));
  const samples = Number(arg('samples', '20'));
  const vocabulary = await readVocabulary(SEED_DIR);
  const graph = generateSyntheticGraph(vocabulary, { nodes, edges, seed });
  const raw = await KuzuGraphStore.open({ dataDir: arg('data-dir'), bufferPoolBytes: 1536 * 1024 * 1024 });
  await raw.init();
  await raw.prepareAdjacencyIndex();
  const indexed = withGraphIndex(raw, { enabled: true, maxAgeMs: 0 });
  await indexed.ready();
  const store: GraphStore = indexed.store;
  const random = createRandom(seed + 7);
  const kept = new KeptGraphIndex((onColumns) => raw.loadAdjacency(onColumns));
  await kept.ready();
  const conn = await openRawKuzuConnection(arg('data-dir'));
  if (!conn) throw new Error('no raw connection');
  const verbose = process.argv.includes('--verbose');
  /** Each planned read of getEdges alone, one after the other, with its rows. */
  const planned = async (label: string, ids: string[]): Promise<void> => {
    for (const r of planEdgeReads(ids, (id) => kept.locate(id), () => true)) {
      const t = performance.now();
      const ps = await conn.prepare(r.query);
      const res = (await conn.execute(ps, r.params as Record<string, KuzuValue>)) as QueryResult;
      const rows = res.getAllSync().length;
      res.close();
      const took = ms(t);
      const n = Array.isArray(r.params.ids) ? r.params.ids.length : Array.isArray(r.params.p) ? (r.params.p as unknown[]).length : 1;
      if (verbose) console.log(`  ${label} ${took} ms, ${n} wanted, ${rows} rows: ${r.query.slice(0, 140)}`);
      note(`${label} read ms`, took);
    }
  };
  const pickNode = (): string => graph.nodes[Math.floor(random() * graph.nodes.length)]!.id;

  const phases: Record<string, number[]> = {};
  const note = (k: string, v: number): void => void (phases[k] ??= []).push(v);
  // --only details: node details alone; --only paths: paths alone (a quick A/B of one change).
  const only = process.argv.includes('--only') ? arg('only') : undefined;
  for (let i = 0; i < samples; i += 1) {
    const from = pickNode();
    const to = pickNode();
    if (only === 'details') {
      const centre = pickNode();
      let t = performance.now();
      const own = await store.adjacency([centre], 'any');
      const ends = [centre, ...own.map((r) => (r.source === centre ? r.target : r.source))];
      await Promise.all([store.getNodes(ends), store.getEdges(own.map((r) => r.id))]);
      note('details: all', ms(t));
      // Then each part alone, and the engine's own query (the bench's yardstick), on the same centre.
      t = performance.now();
      await store.getNodes(ends);
      note('details: getNodes alone', ms(t));
      note('details: node kinds', new Set(ends.map((id) => kept.kindOf(id))).size);
      t = performance.now();
      await store.getEdges(own.map((r) => r.id));
      note('details: getEdges alone', ms(t));
      note('details: edge reads', planEdgeReads(own.map((r) => r.id), (id) => kept.locate(id), () => true).length);
      t = performance.now();
      const res = (await conn.execute(await conn.prepare(`MATCH (a:\`${kept.kindOf(centre) ?? ''}\`)-[r]-(b) WHERE a.id = $id RETURN a, r, b`), { id: centre })) as QueryResult;
      res.getAllSync();
      res.close();
      note('details: engine query', ms(t));
      t = performance.now();
      await raw.getStar(centre);
      note('details: getStar (one read)', ms(t));
      continue;
    }
    let t = performance.now();
    const ranked = await rankPathIds(store, { from, to, maxHops: 6, limit: 10, direction: 'any' });
    note('paths: search', ms(t));
    const nodeIds = [...new Set(ranked.flatMap((p) => p.nodes))];
    const edgeIds = [...new Set(ranked.flatMap((p) => p.hopTies.flat()))];
    t = performance.now();
    await store.getNodes(nodeIds);
    note('paths: getNodes', ms(t));
    t = performance.now();
    await store.getEdges(edgeIds);
    note('paths: getEdges', ms(t));
    note('paths: edges read', edgeIds.length);
    await planned('paths', edgeIds);
    if (only === 'paths') continue;

    const centre = pickNode();
    t = performance.now();
    const refs = await store.adjacency([centre], 'any');
    const ids = new Set([centre, ...refs.flatMap((r) => [r.source, r.target])]);
    if (ids.size <= 60) {
      const ring = await store.adjacency([...ids], 'any');
      for (const r of ring) ids.add(r.source).add(r.target);
      if (ids.size <= 300) {
        const inside = (await store.adjacency([...ids], 'out')).filter((r) => ids.has(r.target)).map((r) => r.id);
        note('depth 2: adjacency', ms(t));
        t = performance.now();
        await store.getNodes([...ids]);
        note('depth 2: getNodes', ms(t));
        t = performance.now();
        await store.getEdges(inside);
        note('depth 2: getEdges', ms(t));
        note('depth 2: edges read', inside.length);
        await planned('depth 2', inside);
      }
    }
    t = performance.now();
    const own = await store.adjacency([centre], 'any');
    await Promise.all([store.getNodes([centre, ...own.map((r) => (r.source === centre ? r.target : r.source))]), store.getEdges(own.map((r) => r.id))]);
    note('details: all', ms(t));
    note('details: edges read', own.length);
    await planned('details', own.map((r) => r.id));
  }
  for (const [k, v] of Object.entries(phases)) console.log(summary(k, v));
  await indexed.store.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
