/** The force layout of large views (client/src/view/force-layout.ts), run directly as the worker runs it. */
import { layoutStart, runForceLayout, spiralStart } from '../../../client/src/view/force-layout';

/** A ring of `n` nodes with a hub linked to every tenth: connected, with structure the layout must show. */
function ringWithHub(n: number): { sources: Int32Array; targets: Int32Array } {
  const sources: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    sources.push(i);
    targets.push((i + 1) % n);
    if (i % 10 === 0 && i !== 0) {
      sources.push(0);
      targets.push(i);
    }
  }
  return { sources: Int32Array.from(sources), targets: Int32Array.from(targets) };
}

const distance = (p: Float32Array, a: number, b: number): number =>
  Math.hypot((p[2 * a] as number) - (p[2 * b] as number), (p[2 * a + 1] as number) - (p[2 * b + 1] as number));

describe('the force layout of large views', () => {
  test('when the same graph is laid out twice with the same iteration count, the positions are identical', () => {
    const graph = ringWithHub(300);
    const first = runForceLayout({ nodeCount: 300, ...graph, maxIterations: 60 });
    const second = runForceLayout({ nodeCount: 300, ...graph, maxIterations: 60 });
    expect(first.iterations).toBe(60);
    expect(Array.from(second.positions)).toEqual(Array.from(first.positions));
  });

  test('when laid out, linked nodes sit closer together than nodes picked at random', () => {
    const n = 400;
    const graph = ringWithHub(n);
    const { positions } = runForceLayout({ nodeCount: n, ...graph, maxIterations: 150 });
    let linked = 0;
    for (let e = 0; e < graph.sources.length; e++) linked += distance(positions, graph.sources[e] as number, graph.targets[e] as number);
    linked /= graph.sources.length;
    let random = 0;
    const pairs = 2000;
    for (let i = 0; i < pairs; i++) random += distance(positions, (i * 7919) % n, (i * 104729 + 13) % n);
    random /= pairs;
    expect(linked * 3).toBeLessThan(random);
  });

  test('when edges are self-loops or point outside the graph, every node still gets a finite position of its own', () => {
    const sources = Int32Array.from([0, 1, 2, 5, -1, 99]);
    const targets = Int32Array.from([0, 1, 3, 99, 2, 4]);
    const { positions } = runForceLayout({ nodeCount: 6, sources, targets, maxIterations: 50 });
    expect(Array.from(positions).every(Number.isFinite)).toBe(true);
    const spots = new Set<string>();
    for (let i = 0; i < 6; i++) spots.add(`${Math.round(positions[2 * i] as number)},${Math.round(positions[2 * i + 1] as number)}`);
    expect(spots.size).toBe(6);
  });

  test('when given no nodes, it answers with no positions', () => {
    const result = runForceLayout({ nodeCount: 0, sources: new Int32Array(0), targets: new Int32Array(0) });
    expect(result.positions.length).toBe(0);
  });

  test('when the time budget is spent, it stops early with the positions it has', () => {
    const graph = ringWithHub(3000);
    const result = runForceLayout({ nodeCount: 3000, ...graph, maxIterations: 100000, budgetMs: 30 });
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.iterations).toBeLessThan(100000);
    expect(Array.from(result.positions).every(Number.isFinite)).toBe(true);
  });

  test('the spiral start places a hub at the centre and its neighbours next in line, around it', () => {
    const sources = Int32Array.from([5, 5, 5, 5, 0]);
    const targets = Int32Array.from([1, 2, 3, 4, 6]);
    const start = spiralStart(7, sources, targets, 10);
    const fromCentre = (i: number): number => Math.hypot(start[2 * i] as number, start[2 * i + 1] as number);
    // Node 5 has the most links, so it is first on the spiral; its four neighbours come before 0 and 6.
    for (const neighbour of [1, 2, 3, 4]) expect(fromCentre(5)).toBeLessThan(fromCentre(neighbour));
    for (const neighbour of [1, 2, 3, 4]) expect(fromCentre(neighbour)).toBeLessThan(fromCentre(6));
    expect(Array.from(layoutStart({ nodeCount: 7, sources, targets, edgeLength: 10 / 0.6 }))).toEqual(Array.from(start));
  });
});
