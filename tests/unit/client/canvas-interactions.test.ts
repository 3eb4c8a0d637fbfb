/**
 * The pure parts of the canvas interactions: the start view's choice, the lasso's and the box's area tests, the
 * expansion counts of the context menu, the group selection's export elements, and a hidden edge leaving the
 * drawn graph.
 */
import type { Graph, GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import { countExpansions } from '../../../client/src/state/canvas/expansion-counts';
import { deriveDrawnGraph } from '../../../client/src/state/canvas/drawn-graph';
import { initialFiltersState } from '../../../client/src/state/filters/filters-state';
import { groupAround, groupExportElements } from '../../../client/src/state/group/group-selection';
import { chooseStartMode, requestedStartMode, START_VIEW_MAX_ELEMENTS } from '../../../client/src/state/graph/start-view';
import { insideBox, insidePolygon } from '../../../client/src/view/polygon';

const node = (id: string): GraphNode => ({ id, kind: 'Country', name: id.toUpperCase(), aliases: [], properties: {} });
const edge = (id: string, type: string, source: string, target: string): GraphEdge => ({ id, type, source, target, properties: {}, sources: [] });

const GRAPH: Graph = {
  nodes: ['a', 'b', 'c', 'd'].map(node),
  edges: [edge('ab', 'ALLY_OF', 'a', 'b'), edge('ac', 'ALLY_OF', 'a', 'c'), edge('da', 'FUNDS', 'd', 'a'), edge('bc', 'BORDERS', 'b', 'c'), edge('cd', 'BORDERS', 'c', 'd')],
};

describe('start view', () => {
  test('a graph up to the threshold is drawn whole; one element more opens search-first', () => {
    expect(chooseStartMode({ nodes: 1000, edges: START_VIEW_MAX_ELEMENTS - 1000 }, null)).toBe('all');
    expect(chooseStartMode({ nodes: 1000, edges: START_VIEW_MAX_ELEMENTS - 999 }, null)).toBe('search');
  });

  test('unknown counts draw the graph; the address can force either mode', () => {
    expect(chooseStartMode(null, null)).toBe('all');
    expect(chooseStartMode({ nodes: null, edges: null }, null)).toBe('all');
    expect(chooseStartMode({ nodes: 10, edges: 10 }, requestedStartMode('?start=search'))).toBe('search');
    expect(chooseStartMode({ nodes: 1e6, edges: 1e6 }, requestedStartMode('?year=2010&start=all'))).toBe('all');
    expect(requestedStartMode('?start=everything')).toBeNull();
  });
});

describe('lasso', () => {
  const square = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }];
  const vee = [{ x: 0, y: 0 }, { x: 5, y: 8 }, { x: 10, y: 0 }, { x: 5, y: 10 }];

  test('points inside the outline are in, points outside (also in a concave notch) are out', () => {
    expect(insidePolygon({ x: 5, y: 5 }, square)).toBe(true);
    expect(insidePolygon({ x: 11, y: 5 }, square)).toBe(false);
    expect(insidePolygon({ x: 5, y: 9 }, vee)).toBe(true);
    expect(insidePolygon({ x: 5, y: 4 }, vee)).toBe(false);
  });
});

describe('selection box', () => {
  test('a point is inside a box dragged in any direction, its sides included, and outside past them', () => {
    const a = { x: 10, y: 20 };
    const b = { x: 30, y: 5 };
    expect(insideBox({ x: 15, y: 10 }, a, b)).toBe(true);
    expect(insideBox({ x: 15, y: 10 }, b, a)).toBe(true);
    expect(insideBox({ x: 30, y: 20 }, a, b)).toBe(true);
    expect(insideBox({ x: 31, y: 10 }, a, b)).toBe(false);
    expect(insideBox({ x: 15, y: 4 }, a, b)).toBe(false);
  });
});

describe('context menu counts', () => {
  test("a node's relationships are counted by type and direction, most first", () => {
    expect(countExpansions('a', GRAPH)).toEqual([
      { type: 'ALLY_OF', direction: 'out', relationships: 2, neighbours: 2 },
      { type: 'FUNDS', direction: 'in', relationships: 1, neighbours: 1 },
    ]);
  });
});

describe('group selection', () => {
  test('an area takes its nodes and the drawn edges among them; extending keeps what was selected', () => {
    expect(groupAround(GRAPH, ['a', 'b'])).toEqual({ nodes: ['a', 'b'], edges: ['ab'] });
    expect(groupAround(GRAPH, ['c'], { nodes: ['a', 'b'], edges: ['ab'] })).toEqual({ nodes: ['a', 'b', 'c'], edges: ['ab', 'ac', 'bc'] });
  });

  test('an export names exactly the selected edges, with their ends among the nodes', () => {
    expect(groupExportElements({ nodes: ['a'], edges: ['cd'] }, GRAPH)).toEqual({ ids: ['a', 'c', 'd'], edgeIds: ['cd'] });
  });
});

test('a hidden edge leaves the drawing while both its ends stay', () => {
  const drawn = deriveDrawnGraph(GRAPH, ['bc'], initialFiltersState, null);
  expect(drawn.nodes).toHaveLength(4);
  expect(drawn.edges.map((e) => e.id)).toEqual(['ab', 'ac', 'da', 'cd']);
});
