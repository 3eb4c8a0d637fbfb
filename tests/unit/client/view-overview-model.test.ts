/**
 * The overview's model (client/src/view/overview-model.ts): the arrays the layer draws from and the grid that
 * answers "which node is under the pointer" without Cytoscape.
 */
import type cytoscape from 'cytoscape';
import { OverviewModel } from '../../../client/src/view/overview-model';
import { placeOverviewNodes, placeOverviewRings } from '../../../client/src/view/node-placement';
import { nodeElementId, toCytoscapeElements } from '../../../client/src/view/to-cytoscape-elements';
import type { Graph } from '../../../server/domain/graph-model';

/** A row of `n` nodes 100 px apart along x, each linked to the next. */
function row(n: number): OverviewModel {
  const graph: Graph = {
    nodes: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, kind: 'Country', name: `A ${i}`, aliases: [], properties: {} })),
    edges: Array.from({ length: n - 1 }, (_, i) => ({ id: `r${i}`, type: 'BORDERS', source: `a${i}`, target: `a${i + 1}`, properties: {}, sources: [] })),
  };
  const model = OverviewModel.ofElements(toCytoscapeElements(graph).elements);
  const positions = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const index = model.nodeIndex.get(nodeElementId(`a${i}`)) as number;
    positions[2 * index] = i * 100;
  }
  model.takePositions(positions);
  return model;
}

const refAt = (model: OverviewModel, x: number, y: number, slack: number): string | null => {
  const i = model.nodeAt(x, y, slack);
  return i < 0 ? null : String(model.nodes[i]?.data['ref']);
};

describe('the overview model', () => {
  test('when a point is on a node\'s disc, nodeAt finds that node; between nodes it finds none', () => {
    const model = row(50);
    expect(refAt(model, 300, 0, 0)).toBe('a3');
    expect(refAt(model, 304, 3, 0)).toBe('a3');
    expect(refAt(model, 350, 0, 0)).toBeNull();
    expect(refAt(model, 4900, 0, 0)).toBe('a49');
  });

  test('when the pointer is a little off a node, the slack still finds it, and the nearest of two wins', () => {
    const model = row(10);
    const radius = (model.sizes[model.nodeIndex.get(nodeElementId('a2')) as number] as number) / 2;
    expect(refAt(model, 200 + radius + 3, 0, 0)).toBeNull();
    expect(refAt(model, 200 + radius + 3, 0, 4)).toBe('a2');
    expect(refAt(model, 260, 0, 60)).toBe('a3');
  });

  test('when a node moves, the grid follows it', () => {
    const model = row(10);
    const index = model.nodeIndex.get(nodeElementId('a5')) as number;
    expect(refAt(model, 500, 0, 0)).toBe('a5');
    model.moveNode(index, 5000, 5000);
    expect(refAt(model, 500, 0, 0)).toBeNull();
    expect(refAt(model, 5000, 5000, 0)).toBe('a5');
  });

  test('when a layout answers, locked (pinned) nodes keep their place and the others take it', () => {
    const model = row(3);
    const pinned = model.nodeIndex.get(nodeElementId('a1')) as number;
    model.locked[pinned] = 1;
    model.takePositions(new Float32Array([7, 7, 7, 7, 7, 7]));
    expect([model.x(pinned), model.y(pinned)]).toEqual([100, 0]);
    const other = model.nodeIndex.get(nodeElementId('a2')) as number;
    expect([model.x(other), model.y(other)]).toEqual([7, 7]);
  });

  test('incident edges and the box come from the arrays', () => {
    const model = row(4);
    const middle = model.nodeIndex.get(nodeElementId('a1')) as number;
    expect(model.incidentEdges(middle).map((e) => model.edges[e]?.data['ref']).sort()).toEqual(['r0', 'r1']);
    expect(model.box()).toEqual({ x1: 0, y1: 0, x2: 300, y2: 0 });
    expect(model.nodesIn({ x1: 50, y1: -1, x2: 250, y2: 1 }).map((i) => model.nodes[i]?.data['ref']).sort()).toEqual(['a1', 'a2']);
  });

  test('when nodes join an overview, remembered ones keep their place and new ones go near a placed neighbour', () => {
    const model = row(3);
    const remembered = new Map<string, cytoscape.Position>([
      [nodeElementId('a0'), { x: 1000, y: 1000 }],
      [nodeElementId('a1'), { x: 1100, y: 1000 }],
    ]);
    placeOverviewNodes(model, remembered, null);
    const a0 = model.nodeIndex.get(nodeElementId('a0')) as number;
    const a2 = model.nodeIndex.get(nodeElementId('a2')) as number;
    expect([model.x(a0), model.y(a0)]).toEqual([1000, 1000]);
    // a2's only neighbour is a1: it lands on a ring around it, not at its old or seed position.
    expect(Math.hypot(model.x(a2) - 1100, model.y(a2) - 1000)).toBeGreaterThan(50);
    expect(Math.hypot(model.x(a2) - 1100, model.y(a2) - 1000)).toBeLessThan(200);
  });

  test('when an overview is laid out in rings, hop distance from the anchor decides the ring, and pinned nodes stay', () => {
    const model = row(7);
    const at = (id: string): number => model.nodeIndex.get(nodeElementId(id)) as number;
    model.locked[at('a6')] = 1;
    placeOverviewRings(model, at('a3'));
    const radius = (id: string): number => Math.hypot(model.x(at(id)) - model.x(at('a3')), model.y(at(id)) - model.y(at('a3')));
    expect(radius('a3')).toBe(0);
    expect(radius('a2')).toBeCloseTo(radius('a4'), 3);
    expect(radius('a1')).toBeCloseTo(radius('a5'), 3);
    expect(radius('a1')).toBeGreaterThan(radius('a2'));
    expect(radius('a0')).toBeGreaterThan(radius('a1'));
    expect([model.x(at('a6')), model.y(at('a6'))]).toEqual([600, 0]);
  });
});
