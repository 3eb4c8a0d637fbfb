/**
 * The path search on the graph index's arrays (index-path-search.ts) must list exactly what the search of
 * traversal.ts lists over adjacency(): checked on random graphs with hubs, parallel relationships, self-loops
 * and metonym links, in every direction and with type filters, against a brute-force listing of every simple
 * path and against the domain's own search on the same index. The search runs in slices: sliced as finely as
 * it can be, and with several searches of one index interleaved, each answer is what it is alone.
 */
import { GraphIndexBuilder, emptyAdjacencyColumns, type GraphIndex } from '../../server/stores/graph-index/graph-index';
import { rankPathIds } from '../../server/domain/traversal';
import type { Direction } from '../../server/domain/graph-model';
import type { GraphStore, PathCandidateQuery } from '../../server/domain/ports/graph-store';
import { createRandom } from '../../bench/synthetic-graph';
import { SliceClock } from '../../server/stores/graph-index/slice-clock';
import { MAX_PATH_SEARCH_SCRATCHES } from '../../server/stores/graph-index/path-search-scratch';

/** A clock that pauses the search at every point where it may pause. */
const finestSlices = (): SliceClock => new SliceClock(0, 0);

interface Row {
  id: string;
  type: string;
  source: string;
  target: string;
}

const TYPES = ['ALLY_OF', 'LENDS_TO', 'HOSTS_BASE', 'CAPITAL_OF'];

/** Heavy-tailed endpoints (a few hubs), some parallel relationships and self-loops. */
function randomRows(seed: number, nodes: number, edges: number): Row[] {
  const random = createRandom(seed);
  const end = (): string => `n${Math.floor(nodes * random() ** 2.5)}`;
  const rows: Row[] = [];
  for (let i = 0; i < edges; i += 1) {
    const source = end();
    const target = random() < 0.02 ? source : end();
    const type = TYPES[Math.floor(random() * TYPES.length)] as string;
    rows.push({ id: `e${i}`, type, source, target });
    if (random() < 0.05) rows.push({ id: `e${i}p`, type: TYPES[0] as string, source, target });
  }
  return rows;
}

function indexOf(rows: Row[]): GraphIndex {
  const builder = new GraphIndexBuilder(rows.length);
  const c = emptyAdjacencyColumns();
  for (const r of rows) {
    c.id.push(r.id);
    c.type.push(r.type);
    c.source.push(r.source);
    c.target.push(r.target);
    c.yearFrom.push(null);
    c.yearTo.push(null);
    c.sourceKind.push('Country');
    c.targetKind.push('Country');
  }
  builder.add(c);
  return builder.seal();
}

/** Every simple path of at most maxHops hops, shortest first, then in order of node ids: the plain reference. */
function everyPath(rows: Row[], q: PathCandidateQuery): string[][] {
  const next = new Map<string, Set<string>>();
  const link = (u: string, v: string): void => void (next.get(u) ?? next.set(u, new Set()).get(u)!).add(v);
  for (const r of rows) {
    if (r.source === r.target || q.noHopTypes.includes(r.type)) continue;
    if (q.types && q.types.length > 0 && !q.types.includes(r.type)) continue;
    if (q.direction !== 'in') link(r.source, r.target);
    if (q.direction !== 'out') link(r.target, r.source);
  }
  const out: string[][] = [];
  const path = [q.from];
  const walk = (u: string): void => {
    if (u === q.to) return void out.push([...path]);
    if (path.length > q.maxHops) return;
    for (const v of next.get(u) ?? []) {
      if (path.includes(v)) continue;
      path.push(v);
      walk(v);
      path.pop();
    }
  };
  walk(q.from);
  const byIds = (a: string[], b: string[]): number => {
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return (a[i] as string) < (b[i] as string) ? -1 : 1;
    return 0;
  };
  return out.sort((a, b) => a.length - b.length || byIds(a, b));
}

/** The index as a store: with its in-memory search and ties, or without them (the domain then walks adjacency()). */
function storeOf(index: GraphIndex, inMemory: boolean): GraphStore {
  const store = {
    adjacency: (ids: readonly string[], direction: Direction, filter?: { types?: string[]; year?: number }) => Promise.resolve(index.adjacency(ids, direction, filter ?? {})),
    estimateAdjacency: (ids: readonly string[], direction: Direction) => index.degreeSum(ids, direction),
    pathCandidates: inMemory ? (q: PathCandidateQuery) => index.pathCandidates(q) : undefined,
    relationshipsBetween: inMemory ? (pairs: Array<[string, string]>, filter?: { year?: number }) => index.between(pairs, filter ?? {}) : undefined,
  };
  // Only what the path search calls: adjacency, its estimate and the in-memory search and ties.
  return store as unknown as GraphStore;
}

const query = (from: string, to: string, direction: Direction, limit: number, maxHops: number, types?: string[], metonyms = true): PathCandidateQuery => ({
  from,
  to,
  direction,
  maxHops,
  limit,
  candidateLimit: limit * 5,
  types,
  noHopTypes: metonyms ? ['CAPITAL_OF', 'SEAT_OF'] : [],
  edgeBudget: 200_000,
  stepBudget: 2_000_000,
});

describe('path search on the graph index', () => {
  const graphs = [randomRows(1, 40, 120), randomRows(2, 120, 500), randomRows(3, 300, 900)];

  it('lists a prefix of every simple path in order (shortest first, then by node ids), complete up to its last length', async () => {
    let checked = 0;
    let nonEmpty = 0;
    for (const [g, rows] of graphs.entries()) {
      const index = indexOf(rows);
      const random = createRandom(100 + g);
      const nodes = [...new Set(rows.flatMap((r) => [r.source, r.target]))];
      for (let i = 0; i < 40; i += 1) {
        const from = nodes[Math.floor(random() * nodes.length)] as string;
        const to = nodes[Math.floor(random() * nodes.length)] as string;
        if (from === to) continue;
        const direction = (['any', 'out', 'in'] as const)[i % 3] as Direction;
        const types = i % 4 === 3 ? ['ALLY_OF', 'LENDS_TO'] : undefined;
        const q = query(from, to, direction, 1 + (i % 6), 2 + (i % 3), types, i % 5 !== 4);
        const answer = await index.pathCandidates(q);
        if (!answer.paths) throw new Error('unexpectedly too large');
        expect(await index.pathCandidates(q, finestSlices())).toEqual(answer);
        const all = everyPath(rows, q);
        expect(answer.paths).toEqual(all.slice(0, answer.paths.length));
        expect(answer.paths.length).toBeGreaterThanOrEqual(Math.min(q.limit, all.length));
        expect(answer.paths.length).toBeLessThanOrEqual(q.candidateLimit);
        const last = answer.paths[answer.paths.length - 1];
        const following = all[answer.paths.length];
        if (last && following && answer.paths.length < q.candidateLimit) expect(following.length).toBeGreaterThan(last.length);
        checked += 1;
        if (answer.paths.length > 0) nonEmpty += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(nonEmpty).toBeGreaterThan(checked / 3);
  });

  it('gives the domain search the same ranked paths and ties as its walk over adjacency()', async () => {
    let compared = 0;
    for (const [g, rows] of graphs.entries()) {
      const index = indexOf(rows);
      const random = createRandom(200 + g);
      const nodes = [...new Set(rows.flatMap((r) => [r.source, r.target]))];
      for (let i = 0; i < 30; i += 1) {
        const from = nodes[Math.floor(random() * nodes.length)] as string;
        const to = nodes[Math.floor(random() * nodes.length)] as string;
        if (from === to) continue;
        const direction = (['any', 'out', 'in'] as const)[i % 3] as Direction;
        const q = { from, to, direction, maxHops: 2 + (i % 4), limit: 1 + (i % 10), types: i % 4 === 3 ? ['ALLY_OF'] : undefined, metonyms: i % 5 !== 4 };
        const walked = await rankPathIds(storeOf(index, false), q);
        const inMemory = await rankPathIds(storeOf(index, true), q);
        expect(inMemory).toEqual(walked);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('answers nothing for an id without relationships, and too large past its relationship budget', async () => {
    const rows = randomRows(4, 100, 600);
    const index = indexOf(rows);
    expect((await index.pathCandidates(query('n0', 'nowhere', 'any', 3, 4))).paths).toEqual([]);
    expect((await index.pathCandidates(query('nowhere', 'n0', 'any', 3, 4))).paths).toEqual([]);
    const far = { ...query('n0', 'n99', 'any', 50, 6), edgeBudget: 5 };
    expect((await index.pathCandidates(far)).tooLarge).toBe(true);
    expect((await index.pathCandidates({ ...far, edgeBudget: 200_000 })).tooLarge).toBeUndefined();
  });

  it('reads the relationships between pairs of nodes (each once, either direction), sliced or not, as a scan of every row finds them', async () => {
    for (const [g, rows] of graphs.entries()) {
      const index = indexOf(rows);
      const random = createRandom(400 + g);
      const nodes = [...new Set(rows.flatMap((r) => [r.source, r.target]))];
      const pairs = Array.from({ length: 60 }, () => [nodes[Math.floor(random() * nodes.length)] as string, nodes[Math.floor(random() * nodes.length)] as string] as const);
      for (const filter of [{}, { types: ['ALLY_OF', 'CAPITAL_OF'] }]) {
        const joins = (r: Row): boolean => pairs.some(([a, b]) => (r.source === a && r.target === b) || (r.source === b && r.target === a));
        const expected = rows.filter((r) => joins(r) && (!filter.types || filter.types.includes(r.type))).map((r) => r.id).sort();
        const ids = (refs: Array<{ id: string }>): string[] => refs.map((r) => r.id).sort();
        expect(ids(await index.between([...pairs, ['n0', 'nowhere']], filter))).toEqual(expected);
        expect(ids(await index.between(pairs, filter, finestSlices()))).toEqual(expected);
      }
    }
  });

  it('when several searches of one index run at once, sliced and interleaved, each answers what it answers alone', async () => {
    let batches = 0;
    for (const [g, rows] of [...graphs, randomRows(5, 800, 4000)].entries()) {
      const index = indexOf(rows);
      const random = createRandom(300 + g);
      const nodes = [...new Set(rows.flatMap((r) => [r.source, r.target]))];
      for (let batch = 0; batch < 4; batch += 1) {
        // More searches than scratches, so that some wait for one to be given back.
        const queries = Array.from({ length: MAX_PATH_SEARCH_SCRATCHES + 3 }, (_, i) => {
          const from = nodes[Math.floor(random() * nodes.length)] as string;
          const to = nodes[Math.floor(random() * nodes.length)] as string;
          const direction = (['any', 'out', 'in'] as const)[(batch + i) % 3] as Direction;
          return query(from, to === from ? 'nowhere' : to, direction, 1 + ((batch + i) % 8), 2 + ((batch + i) % 4), i % 4 === 3 ? ['ALLY_OF', 'LENDS_TO'] : undefined);
        });
        const alone: unknown[] = [];
        for (const q of queries) alone.push(await index.pathCandidates(q));
        // Each search's slices interleave with the others' (every pause is a turn of the event loop).
        const pauses: number[] = queries.map(() => 0);
        const together = await Promise.all(
          queries.map((q, i) => {
            const clock = finestSlices();
            const pause = clock.pause.bind(clock);
            clock.pause = function* () {
              pauses[i] = (pauses[i] as number) + 1;
              yield* pause();
            };
            return index.pathCandidates(q, clock);
          }),
        );
        expect(together).toEqual(alone);
        expect(pauses.filter((n) => n > 0).length).toBeGreaterThan(1);
        batches += 1;
      }
      expect(index.pathSearchScratches).toBeGreaterThan(1);
      expect(index.pathSearchScratches).toBeLessThanOrEqual(MAX_PATH_SEARCH_SCRATCHES);
    }
    expect(batches).toBe(16);
  });
});
