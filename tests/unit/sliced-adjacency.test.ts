/**
 * adjacencyInSlices (server/domain/sliced-adjacency.ts) over a real graph index: with a frontier whose
 * relationships exceed one slice, it reads the ids in several groups (yielding between them) and still
 * answers exactly the relationships one call answers, each once, in every direction and with filters.
 */
import { buildGraphIndex } from '../../server/stores/graph-index/kept-graph-index';
import { emptyAdjacencyColumns } from '../../server/stores/graph-index/graph-index';
import { adjacencyInSlices, REFS_PER_SLICE } from '../../server/domain/sliced-adjacency';
import type { Direction } from '../../server/domain/graph-model';
import type { AdjacencyColumns } from '../../server/domain/ports/graph-store';
import { createRandom } from '../../bench/synthetic-graph';

/** A graph whose first few nodes are hubs, so a frontier of them holds several slices of relationships. */
async function hubbyIndex(nodes: number, edges: number) {
  const random = createRandom(11);
  const c: AdjacencyColumns = emptyAdjacencyColumns();
  for (let i = 0; i < edges; i += 1) {
    const s = random() < 0.5 ? Math.floor(random() * 5) : Math.floor(random() * nodes);
    const t = Math.floor(random() * nodes);
    const from = random() < 0.5 ? 1990 + Math.floor(random() * 30) : null;
    c.id.push(`e${i}`);
    c.type.push(i % 3 === 0 ? 'LENDS_TO' : 'HOSTS_BASE');
    c.source.push(`n${s}`);
    c.target.push(`n${t}`);
    c.yearFrom.push(from);
    c.yearTo.push(null);
    c.sourceKind.push('Country');
    c.targetKind.push('Country');
  }
  return buildGraphIndex(async (onColumns) => onColumns(c));
}

test('a frontier over several slices answers the same relationships as one call, each once', async () => {
  const index = await hubbyIndex(3_000, 3 * REFS_PER_SLICE);
  const store = { adjacency: async (...a: Parameters<typeof index.adjacency>) => index.adjacency(...a), estimateAdjacency: (ids: readonly string[], d: Direction) => index.degreeSum(ids, d) };
  const frontier = ['n0', 'n1', 'n2', 'n3', 'n4', ...Array.from({ length: 500 }, (_, i) => `n${5 + i * 3}`), 'missing'];
  let groups = 0;
  const counting = { ...store, adjacency: async (...a: Parameters<typeof index.adjacency>) => ((groups += 1), store.adjacency(...a)) };
  for (const direction of ['out', 'in', 'any'] as Direction[]) {
    for (const filter of [{}, { types: ['LENDS_TO'] }, { year: 2000 }]) {
      expect(index.degreeSum(frontier, direction)).toBeGreaterThan(direction === 'in' ? 0 : REFS_PER_SLICE);
      groups = 0;
      const sliced = (await adjacencyInSlices(counting, frontier, direction, filter)).map((r) => r.id);
      const whole = index.adjacency(frontier, direction, filter).map((r) => r.id);
      expect(new Set(sliced).size).toBe(sliced.length);
      expect([...sliced].sort()).toEqual([...whole].sort());
      if (index.degreeSum(frontier, direction) > REFS_PER_SLICE) expect(groups).toBeGreaterThan(1);
    }
  }
});
