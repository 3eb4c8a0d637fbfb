/**
 * Ways of reading a paths answer's ties (every relationship of each hop) from the embedded engine, timed side by
 * side on the same ids over a graph already loaded by `npm run bench -- --data-dir DIR` (same --nodes, --edges,
 * --seed): planEdgeReads' one query per (source kind, type, target kind) group as it was (UNWIND + `{id: x.s}`)
 * and as it is (labelled `IN` lists), each also as one UNION ALL text, and fewer, wider reads (types and target
 * kinds listed in one pattern). Each variant
 * runs on one raw connection, its queries one after the other, statements prepared once per text (as the store's
 * cache does), in a rotating order; a variant that misses a relationship or returns others counts a wrong answer.
 *
 * Also tried here at 100k / 1M (12 samples, load 5-6): per group from the cheaper end (source or target by the
 * index's degrees) 492 ms p50 against 310 for the same run's plan; one untyped query per source kind with `IN`
 * lists 508 ms and wrong answers (3 of 12: the unlabelled `IN` trap, UNLABELLED_IN in kuzu-graph-store.ts);
 * untyped per end kind by UNWIND 1.2-1.5 s (hubs' every relationship). A run of 16 samples (load 3.6-4.6):
 * before 224 ms p50 / 346 p95, before as UNION ALL 231 / 347, now 49 / 84, now as UNION ALL 52 / 99, per
 * (source kind, target kind) with `[r:A|B]` 133 / 326 (6 reads), per source kind with types and target kinds
 * listed 146 / 333 (3 reads, 1 wrong answer). Planning one long text costs what the separate reads cost.
 * 2026-12-05 (paths-1m-4): the labelled `IN` lists gave a misplaced row (SOURCE_IN_LISTS in kuzu-edge-reads.ts; each
 * row's ends are now checked against the index); one read per (group, source) by `a.id = $s`, 30 samples at load
 * 7.6-8: 87 ms p50 / 206 p95 with 51 reads against 73 / 210 with 25 for the `IN` lists, 0 wrong answers, so
 * getEdges keeps the lists, checks every row and reads what a wrong row left out per source.
 * Also tried: `a.id IN $s` alone with the wanted ids kept in JS, 81 / 277 (hubs' whole type read), and reads
 * from each relationship's cheaper end untyped, 124 / 270; a connection limited to one thread: within noise.
 *
 * Build: esbuild bench/edge-read-variants.ts --bundle --platform=node --target=node20 --packages=external --outfile=dist/bench/edge-read-variants.js
 * Run:   node dist/bench/edge-read-variants.js --data-dir DIR [--nodes 100000 --edges 1000000 --seed 42 --samples 20]
 */
import type { Connection, KuzuValue, PreparedStatement, QueryResult } from 'kuzu';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { withGraphIndex } from '../server/stores/graph-index/indexed-graph-store';
import { rankPathIds } from '../server/domain/traversal';
import { KeptGraphIndex } from '../server/stores/graph-index/kept-graph-index';
import { planEdgeReads, settleEdgeRows, type EdgeRead } from '../server/stores/kuzu/kuzu-edge-reads';

/** getEdges as it is: the labelled `IN` lists, every row checked against the index, what is missing read again per source. */
const CHECKED = 'now: labelled IN lists, rows checked, missing read per source';
import { quoteIdentifier } from '../server/stores/kuzu/kuzu-schema';
import type { EdgeLocation } from '../server/stores/graph-index/graph-index';
import { openRawKuzuConnection } from '../server/stores/kuzu/kuzu-database-slots';
import { readVocabulary } from '../server/seed/seed-loader';
import { SEED_DIR } from '../server/project-paths';
import { createRandom, generateSyntheticGraph } from './synthetic-graph';
import { arg } from './profile-cli';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? NaN;
};

/** The reads as one UNION ALL text, each branch's parameters renamed apart (`$ids` -> `$ids3`). */
function unionOf(reads: readonly EdgeRead[]): EdgeRead {
  const params: Record<string, KuzuValue> = {};
  const texts = reads.map((r, i) => {
    let q = r.query;
    for (const [name, value] of Object.entries(r.params)) {
      q = q.replace(new RegExp(`\\$${name}\\b`, 'g'), `$${name}${i}`);
      params[`${name}${i}`] = value;
    }
    return q;
  });
  return { query: texts.join(' UNION ALL '), params };
}

/**
 * planEdgeReads' per-group reads as they were before the labelled `IN` lists (kept here for the side-by-side):
 * `UNWIND $p AS x MATCH (a:Kind {id: x.s})-[r:TYPE]->(b:Kind) WHERE r.id = x.id`, the other reads unchanged.
 */
function withUnwindGroups(reads: readonly EdgeRead[], sourceOf: (id: string) => string): EdgeRead[] {
  return reads.map((r) => {
    const m = /^MATCH (\(a:`[^`]+`\))-(\[r:`[^`]+`\])->(\(b:`[^`]+`\)) WHERE a\.id IN \$s AND r\.id IN \$ids (RETURN .*)$/.exec(r.query);
    if (!m) return r;
    const p = (r.params.ids as string[]).map((id) => ({ s: sourceOf(id), id }));
    return { query: `UNWIND $p AS x MATCH ${m[1]!.replace(')', ' {id: x.s})')}-${m[2]}->${m[3]} WHERE r.id = x.id ${m[4]}`, params: { p: p as unknown as KuzuValue } };
  });
}

/**
 * Fewer reads than planEdgeReads: one per source kind (`bySourceKind`) or per (source kind, target kind), every
 * type and target kind wanted listed in the pattern (`[r:A|B]`, `(b:K1:K2)`), by labelled `IN` lists.
 */
function mergedGroupReads(ids: readonly string[], locate: (id: string) => EdgeLocation | undefined, bySourceKind: boolean): EdgeRead[] {
  const groups = new Map<string, { kind: string; types: Set<string>; targets: Set<string>; s: Set<string>; ids: string[] }>();
  for (const id of ids) {
    const at = locate(id)!;
    const key = bySourceKind ? at.sourceKind : `${at.sourceKind}\u0000${at.targetKind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind: at.sourceKind, types: new Set(), targets: new Set(), s: new Set(), ids: [] }));
    g.types.add(at.type);
    g.targets.add(at.targetKind);
    g.s.add(at.source);
    g.ids.push(id);
  }
  return [...groups.values()].map((g) => ({
    query: `MATCH (a:${quoteIdentifier(g.kind)})-[r:${[...g.types].sort().map(quoteIdentifier).join('|')}]->(b:${[...g.targets].sort().map(quoteIdentifier).join(':')}) WHERE a.id IN $s AND r.id IN $ids RETURN r, a.id AS s, b.id AS t`,
    params: { s: [...g.s], ids: g.ids },
  }));
}

async function main(): Promise<void> {
  const nodes = Number(arg('nodes', '100000'));
  const edges = Number(arg('edges', '1000000'));
  const seed = Number(arg('seed', '42'));
  const samples = Number(arg('samples', '20'));
  const graph = generateSyntheticGraph(await readVocabulary(SEED_DIR), { nodes, edges, seed });
  const raw = await KuzuGraphStore.open({ dataDir: arg('data-dir'), bufferPoolBytes: 1536 * 1024 * 1024 });
  await raw.init();
  await raw.prepareAdjacencyIndex();
  const indexed = withGraphIndex(raw, { enabled: true, maxAgeMs: 0 });
  await indexed.ready();
  const kept = new KeptGraphIndex((onColumns) => raw.loadAdjacency(onColumns));
  await kept.ready();
  const conn = (await openRawKuzuConnection(arg('data-dir'))) as Connection;
  const cache = new Map<string, PreparedStatement>();
  let prepares = 0;
  let misplacedRows = 0;
  /** A read's rows as they come, for the checked variant. */
  const runRows = async (read: EdgeRead): Promise<Array<{ r: { id: string }; s: unknown; t: unknown }>> => {
    let ps = cache.get(read.query);
    if (!ps) {
      ps = await conn.prepare(read.query);
      cache.set(read.query, ps);
    }
    const res = (await conn.execute(ps, read.params)) as QueryResult;
    const rows = res.getAllSync() as Array<{ r: { id: string }; s: unknown; t: unknown }>;
    res.close();
    return rows;
  };
  const run = async (read: EdgeRead): Promise<string[]> => {
    let ps = cache.get(read.query);
    if (!ps) {
      prepares += 1;
      ps = await conn.prepare(read.query);
      if (!ps.isSuccess()) throw new Error(`${ps.getErrorMessage()}\n${read.query.slice(0, 300)}`);
      cache.set(read.query, ps);
    }
    const res = (await conn.execute(ps, read.params)) as QueryResult;
    const rows = res.getAllSync() as Array<{ r: { id: string }; s: unknown; t: unknown }>;
    res.close();
    // A row whose relationship is not between the ends it came with is a wrong answer too (SOURCE_IN_LISTS).
    for (const row of rows) {
      const at = kept.locate(String(row.r.id));
      if (at && (at.source !== row.s || at.target !== row.t)) misplacedRows += 1;
    }
    return rows.map((row) => String(row.r.id));
  };
  const locate = (id: string): EdgeLocation | undefined => kept.locate(id);
  const plan = (ids: string[]): EdgeRead[] => planEdgeReads(ids, locate, () => true);
  const variants: Record<string, (ids: string[]) => EdgeRead[]> = {
    'before: per group, UNWIND + {id: x.s}': (ids) => withUnwindGroups(plan(ids), (id) => locate(id)!.source),
    'before, as one UNION ALL': (ids) => [unionOf(withUnwindGroups(plan(ids), (id) => locate(id)!.source))],
    'labelled IN lists, rows unchecked': plan,
    'per group and source, a.id = $s': (ids) => planEdgeReads(ids, locate, () => true, true),
    'labelled IN lists, as one UNION ALL': (ids) => [unionOf(plan(ids))],
    'per (source kind, target kind), types listed': (ids) => mergedGroupReads(ids, locate, false),
    'per source kind, types and target kinds listed': (ids) => mergedGroupReads(ids, locate, true),
  };
  variants[CHECKED] = plan;
  const names = Object.keys(variants);
  const times: Record<string, number[]> = {};
  const queries: Record<string, number[]> = {};
  const wrong: Record<string, number> = {};
  const random = createRandom(seed + 7);
  const pickNode = (): string => graph.nodes[Math.floor(random() * graph.nodes.length)]!.id;
  for (let i = 0; i < samples; i += 1) {
    const ranked = await rankPathIds(indexed.store, { from: pickNode(), to: pickNode(), maxHops: 6, limit: 10, direction: 'any' });
    const ids = [...new Set(ranked.flatMap((p) => p.hopTies.flat()))];
    if (ids.length === 0) continue;
    const want = new Set(ids);
    let expected: string | undefined;
    for (let v = 0; v < names.length; v += 1) {
      const name = names[(i + v) % names.length]!;
      const t = performance.now();
      misplacedRows = 0;
      let reads = variants[name]!(ids);
      let got: string[];
      if (name !== CHECKED) got = (await Promise.all(reads.map(async (r) => (await run(r)).filter((id) => want.has(id))))).flat();
      else {
        // As getEdges: rows whose ends are not the relationship's dropped, what is missing read per source.
        const rows = (await Promise.all(reads.map((r) => runRows(r)))).flat();
        const first = settleEdgeRows(rows, ids, locate);
        const again = first.missing.length > 0 ? (await Promise.all(planEdgeReads(first.missing, locate, () => true, true).map((r) => runRows(r)))).flat() : [];
        const settled = [...first.rows, ...settleEdgeRows(again, first.missing, locate).rows];
        reads = [...reads, ...(first.missing.length > 0 ? planEdgeReads(first.missing, locate, () => true, true) : [])];
        misplacedRows = settled.filter((row) => { const at = locate(String(row.r.id)); return at !== undefined && (at.source !== row.s || at.target !== row.t); }).length;
        got = settled.map((row) => String(row.r.id));
      }
      (times[name] ??= []).push(performance.now() - t);
      (queries[name] ??= []).push(reads.length);
      const key = [...new Set(got)].sort().join(',');
      if (misplacedRows > 0 || new Set(got).size !== want.size || (expected !== undefined && key !== expected)) wrong[name] = (wrong[name] ?? 0) + 1;
      else expected = key;
    }
  }
  for (const name of names) {
    console.log(`${name}: p50 ${median(times[name]!).toFixed(1)} ms, p95 ${p95(times[name]!).toFixed(1)} ms, queries p50 ${median(queries[name]!)}, wrong answers ${wrong[name] ?? 0} (n ${times[name]!.length})`);
  }
  console.log(`statements prepared: ${prepares}`);
  await indexed.store.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
