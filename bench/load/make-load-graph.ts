/**
 * The graph of `LOAD_GRAPH=1m npm run load`: the bench's synthetic graph (bench/synthetic-graph.ts; 100k nodes,
 * 1M relationships by default) bulk-loaded into a DATA_DIR, plus `load-sample.json` there: nodes that have
 * relationships, from which the load run draws its neighbourhood centres and path ends. A DATA_DIR that
 * already holds the same graph is kept as it is (loading 1M relationships takes minutes).
 *
 * usage: node dist/bench/load/make-load-graph.js <dataDir> <nodes> <relationships> [seed]
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readVocabulary } from '../../server/seed/seed-loader';
import { SEED_DIR } from '../../server/project-paths';
import type { PropertyType } from '../../server/domain/seed-schema';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { createRandom, generateSyntheticGraph } from '../synthetic-graph';

/** Nodes kept in the sample: enough that a 30 s run at a few hundred requests a second rarely repeats a pair. */
const SAMPLE_NODES = 2_000;

async function main(): Promise<void> {
  const [dataDir, nodesArg, edgesArg, seedArg] = process.argv.slice(2);
  const nodes = Number(nodesArg);
  const edges = Number(edgesArg);
  const seed = Number(seedArg ?? 42);
  if (!dataDir || !Number.isInteger(nodes) || !Number.isInteger(edges) || nodes <= 0 || edges <= 0) {
    throw new Error('usage: make-load-graph <dataDir> <nodes> <relationships> [seed]');
  }
  const samplePath = path.join(dataDir, 'load-sample.json');
  const store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 1536 * 2 ** 20 });
  try {
    await store.init();
    const held = await store.counts();
    if (held.nodes === nodes && held.edges === edges && existsSync(samplePath)) {
      console.log(`${dataDir} already holds the load graph (${nodes} nodes, ${edges} relationships); kept.`);
      return;
    }
    if (held.nodes > 0) throw new Error(`${dataDir} holds another graph (${held.nodes} nodes, ${held.edges} relationships); give an empty LOAD_DATA_DIR`);
    const t0 = performance.now();
    const vocabulary = await readVocabulary(SEED_DIR);
    const graph = generateSyntheticGraph(vocabulary, { nodes, edges, seed });
    // The declared types as the bench declares them (bench/run-bench.ts), so the columns are the app's.
    const propertyTypes: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number' };
    for (const p of vocabulary.properties) propertyTypes[p.key] = p.type;
    console.log(`Generated ${nodes} nodes and ${edges} relationships in ${Math.round((performance.now() - t0) / 1000)} s; loading.`);
    const t1 = performance.now();
    await store.bulkLoad({ nodes: graph.nodes, edges: graph.edges, documents: graph.documents, propertyTypes });
    console.log(`Loaded in ${Math.round((performance.now() - t1) / 1000)} s.`);
    // Endpoints of random relationships: drawn as the generator draws them, so hubs appear as often as in use.
    const random = createRandom(seed + 1);
    const sample = new Set<string>();
    while (sample.size < SAMPLE_NODES) {
      const e = graph.edges[Math.floor(random() * graph.edges.length)];
      if (e) sample.add(random() < 0.5 ? e.source : e.target);
    }
    writeFileSync(samplePath, `${JSON.stringify({ nodes, edges, seed, ids: [...sample] })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
