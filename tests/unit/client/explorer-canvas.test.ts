/** The explorer's canvas, filters, ranking, URL and console producers: pure functions, no browser. */
import type { Graph, GraphEdge, GraphNode, GraphPath } from '../../../server/domain/graph-model';
import { ApiRequestError, exportUrl, filenameOf } from '../../../client/src/api/api-client';
import { initialAppState, type AppState } from '../../../client/src/state/app-state';
import { rankNewNeighbours } from '../../../client/src/state/canvas/canvas-actions';
import {
  addToCanvas,
  hideNodes,
  MAX_UNDO,
  mergeGraphs,
  removeNodes,
  replaceCanvas,
  togglePin,
  undoCanvas,
} from '../../../client/src/state/canvas/canvas-state';
import { deriveDrawnGraph, formatValidity, selectDrawnGraph } from '../../../client/src/state/canvas/drawn-graph';
import { currentActiveRow, failConsoleQuery, rememberQuery, setActiveRow, setConsoleResult, showMoreRows, ROWS_PER_PAGE } from '../../../client/src/state/console/console-state';
import { initialFiltersState, nextPlayYear, setYear, toggleKind } from '../../../client/src/state/filters/filters-state';
import { setGraph } from '../../../client/src/state/graph/graph-state';
import { rankPaths, unionOfPaths } from '../../../client/src/state/paths/paths-state';
import { clearSelection, selectEdge, selectNode } from '../../../client/src/state/selection/selection-state';
import { decodeUrlView, encodeUrlView } from '../../../client/src/state/url/url-state';
import { errorExcerpt, formatCell, rowElements, truncationNotice } from '../../../client/src/state/console/console-format';
import { layoutPathColumns } from '../../../client/src/view/path-layout';

const node = (id: string, kind = 'Country', properties: GraphNode['properties'] = {}): GraphNode => ({ id, kind, name: id.toUpperCase(), aliases: [], properties });
const edge = (id: string, source: string, target: string, extra: Partial<GraphEdge> = {}): GraphEdge => ({
  id,
  type: 'ALLY_OF',
  source,
  target,
  properties: {},
  sources: [{ document: 'd', quote: 'q' }],
  ...extra,
});
const graph = (nodes: GraphNode[], edges: GraphEdge[]): Graph => ({ nodes, edges });
const withGraph = (g: Graph): AppState => setGraph(g)(initialAppState);

describe('the canvas', () => {
  const base = graph([node('a'), node('b')], [edge('ab', 'a', 'b')]);

  test('adding a neighbourhood keeps what is drawn, adds only new nodes and edges whose both ends are drawn', () => {
    const merged = mergeGraphs(base, graph([node('b'), node('c')], [edge('bc', 'b', 'c'), edge('cx', 'c', 'x')]));
    expect(merged.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(merged.edges.map((e) => e.id)).toEqual(['ab', 'bc']);
    expect(mergeGraphs(base, graph([node('a')], []))).toBe(base);
  });

  test('every change can be undone, back to the first picture and no further', () => {
    let state = withGraph(base);
    state = addToCanvas(graph([node('c')], [edge('bc', 'b', 'c')]), 'b')(state);
    state = hideNodes(['a'])(state);
    state = togglePin('b')(state);
    state = removeNodes(['c'])(state);
    expect(state.graph.graph?.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    state = undoCanvas(state);
    expect(state.graph.graph?.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(state.canvas.pinned).toEqual(['b']);
    state = undoCanvas(undoCanvas(state));
    expect(state.canvas.hidden).toEqual([]);
    state = undoCanvas(state);
    expect(state.graph.graph).toBe(base);
    expect(undoCanvas(state)).toBe(state);
  });

  test('the undo history is bounded', () => {
    let state = withGraph(base);
    for (let i = 0; i < MAX_UNDO + 10; i += 1) state = togglePin('a')(state);
    expect(state.canvas.history.length).toBe(MAX_UNDO);
  });

  test('removing the selected node clears the selection and takes its edges with it', () => {
    const state = removeNodes(['a'])(selectNode('a')(withGraph(base)));
    expect(state.selection.current.kind).toBe('none');
    expect(state.graph.graph?.edges).toEqual([]);
  });

  test('hiding the selected node, the selected edge or one end of it closes its details; hiding something else does not', () => {
    expect(hideNodes(['a'])(selectNode('a')(withGraph(base))).selection.current.kind).toBe('none');
    const ab = base.edges[0] as GraphEdge;
    expect(hideNodes(['ab'])(selectEdge(ab)(withGraph(base))).selection.current.kind).toBe('none');
    expect(hideNodes(['b'])(selectEdge(ab)(withGraph(base))).selection.current.kind).toBe('none');
    const other = hideNodes(['c'])(selectNode('a')(withGraph(graph([node('a'), node('c')], []))));
    expect(other.selection.current).toMatchObject({ kind: 'node', id: 'a' });
    expect(other.canvas.hidden).toEqual(['c']);
  });

  test('with a year set, source documents the console drew stay drawn; entities without a claim that year leave', () => {
    const drawn = graph([node('a'), node('b'), node('doc-1.txt', 'SourceDocument')], [edge('ab', 'a', 'b', { properties: { validFrom: '2015' } })]);
    const filters = { ...initialFiltersState, year: 2010 };
    expect(deriveDrawnGraph(drawn, [], filters, null).nodes.map((n) => n.id)).toEqual(['doc-1.txt']);
    expect(deriveDrawnGraph(drawn, [], { ...filters, year: 2016 }, null).nodes.map((n) => n.id)).toEqual(['a', 'b', 'doc-1.txt']);
    // Hidden, it leaves like any node.
    expect(deriveDrawnGraph(drawn, ['doc-1.txt'], filters, null).nodes).toEqual([]);
  });

  test('replacing the canvas asks the view for the given layout, anchored where asked', () => {
    const state = replaceCanvas(graph([node('x')], []), 'path', 'x')(withGraph(base));
    expect(state.canvas.layout).toMatchObject({ kind: 'path', anchor: 'x', revision: 1 });
    expect(state.canvas.history.length).toBe(1);
  });

  test('new neighbours come best evidenced first and never include what is drawn already', () => {
    const neighbourhood = graph(
      [node('hub'), node('weak'), node('strong'), node('drawn')],
      [
        edge('1', 'hub', 'weak'),
        edge('2', 'strong', 'hub', { sources: [{ document: 'd', quote: 'q' }, { document: 'e', quote: 'r' }] }),
        edge('3', 'hub', 'drawn'),
      ],
    );
    expect(rankNewNeighbours('hub', neighbourhood, new Set(['hub', 'drawn'])).map((n) => n.id)).toEqual(['strong', 'weak']);
  });
});

describe('the drawn graph', () => {
  const g = graph(
    [node('ru'), node('tj'), node('base', 'MilitaryBase'), node('forum', 'Event', { date: '2024-06-01' })],
    [
      edge('always', 'ru', 'tj'),
      edge('since2004', 'ru', 'base', { type: 'HOSTS_BASE', properties: { validFrom: '2004' } }),
      edge('event', 'tj', 'forum', { type: 'ORGANIZES' }),
    ],
  );

  test('a year removes the edges that did not hold then (dated, or tied to a dated event) and the nodes left without a claim', () => {
    const in2003 = deriveDrawnGraph(g, [], { ...initialFiltersState, year: 2003 }, null);
    expect(in2003.edges.map((e) => e.id)).toEqual(['always']);
    expect(in2003.nodes.map((n) => n.id).sort()).toEqual(['ru', 'tj']);
    const in2024 = deriveDrawnGraph(g, [], { ...initialFiltersState, year: 2024 }, null);
    expect(in2024.edges.map((e) => e.id)).toEqual(['always', 'since2004', 'event']);
  });

  test('hidden nodes and kinds and categories switched off are not drawn', () => {
    const vocabulary = {
      kinds: [],
      categories: ['military', 'diplomatic'],
      years: null,
      relationshipTypes: [{ type: 'HOSTS_BASE', category: 'military', description: '', from: [], to: [] }],
    };
    const drawn = deriveDrawnGraph(g, ['forum'], { ...initialFiltersState, hiddenCategories: ['military'] }, vocabulary);
    expect(drawn.edges.map((e) => e.id)).toEqual(['always']);
    expect(deriveDrawnGraph(g, [], { ...initialFiltersState, hiddenKinds: ['MilitaryBase'] }, null).nodes.map((n) => n.id)).not.toContain('base');
  });

  test('an unchanged state gives the same drawn graph object, so the view does nothing', () => {
    const state = setYear(2010)(withGraph(g));
    expect(selectDrawnGraph(state)).toBe(selectDrawnGraph({ ...state }));
    expect(selectDrawnGraph(toggleKind('Country')(state))).not.toBe(selectDrawnGraph(state));
  });

  test('validity reads as years: open-ended, single year, or nothing', () => {
    const nodes = new Map(g.nodes.map((n) => [n.id, n]));
    expect(formatValidity(g.edges[1] as GraphEdge, nodes)).toBe('2004–');
    expect(formatValidity(g.edges[2] as GraphEdge, nodes)).toBe('2024');
    expect(formatValidity(g.edges[0] as GraphEdge, nodes)).toBe('');
  });

  test('play steps one year at a time from the first and stops after the last', () => {
    const span = { from: 2003, to: 2005 };
    expect([null, 2003, 2004, 2005].map((y) => nextPlayYear(y, span))).toEqual([2003, 2004, 2005, null]);
  });
});

describe('ranked paths', () => {
  const p = (ids: string[], sources: number[]): GraphPath => ({
    nodes: ids.map((id) => node(id)),
    edges: sources.map((count, i) => edge(`${ids[i]}-${ids[i + 1]}`, ids[i] ?? '', ids[i + 1] ?? '', {
      sources: Array.from({ length: count }, () => ({ document: 'd', quote: 'q' })),
    })),
  });

  test('fewer hops first, then the better evidenced weakest hop, then all sources', () => {
    const long = p(['a', 'x', 'y', 'b'], [9, 9, 9]);
    const weak = p(['a', 'w', 'b'], [1, 5]);
    const strong = p(['a', 's', 'b'], [2, 2]);
    expect(rankPaths([long, weak, strong])).toEqual([strong, weak, long]);
  });

  test('the union of paths has each node and edge once', () => {
    const union = unionOfPaths([p(['a', 'x', 'b'], [1, 1]), p(['a', 'y', 'b'], [1, 1])]);
    expect(union.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'x', 'y']);
    expect(union.edges.length).toBe(4);
  });

  test('the left-to-right layout puts the path on one line in walk order and the rest inside its span', () => {
    const union = unionOfPaths([p(['a', 'x', 'b'], [1, 1]), p(['a', 'y', 'b'], [1, 1])]);
    const positions = layoutPathColumns(union, ['a', 'x', 'b']);
    const [a, x, b, y] = ['a', 'x', 'b', 'y'].map((id) => positions.get(id));
    expect([a?.y, x?.y, b?.y]).toEqual([0, 0, 0]);
    expect((a?.x ?? 0) < (x?.x ?? 0) && (x?.x ?? 0) < (b?.x ?? 0)).toBe(true);
    expect(y?.x).toBe(x?.x);
    expect(y?.y).not.toBe(0);
  });
});

describe('the URL', () => {
  test('a path view survives a round trip through the address bar', () => {
    let state = withGraph(graph([], []));
    state = {
      ...state,
      paths: {
        ...state.paths,
        status: 'ready',
        active: 1,
        query: { from: node('dushanbe'), to: node('moscow'), maxHops: 4, types: ['ALLY_OF'], categories: ['military'], direction: 'out', year: 2011, metonyms: true },
      },
      filters: { ...state.filters, year: 2011, hiddenKinds: ['Person'] },
    };
    const search = encodeUrlView(state);
    expect(decodeUrlView(search)).toEqual({
      focus: null,
      path: { from: 'dushanbe', to: 'moscow', maxHops: 4, types: ['ALLY_OF'], categories: ['military'], direction: 'out', cityItself: false, active: 1 },
      year: 2011,
      hiddenKinds: ['Person'],
      hiddenCategories: [],
      camera: null,
      ignored: [],
    });
  });

  test('the camera travels rounded (zoom to 3 decimals, centre to whole model units) and comes back as written', () => {
    const search = encodeUrlView(initialAppState, { zoom: 1.23456, x: 120.6, y: -40.2 });
    expect(new URLSearchParams(search).get('zoom')).toBe('1.235');
    expect(decodeUrlView(search).camera).toEqual({ zoom: 1.235, x: 121, y: -40 });
    expect(decodeUrlView(search).ignored).toEqual([]);
  });

  test('malformed values are ignored rather than trusted, and named', () => {
    const view = decodeUrlView('?from=a&to=a&hops=99&year=abc&dir=sideways&focus=');
    expect(view).toEqual({ focus: null, path: null, year: null, hiddenKinds: [], hiddenCategories: [], camera: null, ignored: ['focus', 'from', 'to', 'year'] });
    expect(decodeUrlView('?from=a&to=b&hops=99&dir=sideways')?.path).toMatchObject({ maxHops: 3, direction: 'any', active: 0 });
    expect(decodeUrlView('?from=a&to=b&hops=99&dir=sideways').ignored).toEqual(['hops', 'dir']);
  });

  test('a camera is whole or ignored: a zoom out of range, a centre that is not a number, a missing part', () => {
    for (const search of ['?zoom=0&x=1&y=1', '?zoom=50&x=1&y=1', '?zoom=1&x=abc&y=1', '?zoom=1&x=1', '?zoom=1e3&x=1&y=1', '?zoom=1&x=1&y=99999999999']) {
      const view = decodeUrlView(search);
      expect(view.camera).toBeNull();
      expect(view.ignored.length).toBeGreaterThan(0);
    }
    expect(decodeUrlView('?zoom=0.5&x=-10.5&y=3').camera).toEqual({ zoom: 0.5, x: -10.5, y: 3 });
  });
});

describe('the console', () => {
  test('the history keeps the latest query first, once', () => {
    expect(rememberQuery(['b', 'a'], ' a ')).toEqual(['a', 'b']);
  });

  test('a refusal keeps the server code, words and position', () => {
    const error = new ApiRequestError('query_rejected', 'CREATE writes', 400, { line: 2, column: 5, offset: 9 });
    expect(failConsoleQuery(error)(initialAppState).console.error).toEqual({ code: 'query_rejected', message: 'CREATE writes', line: 2, column: 5 });
  });

  test('cells read as names, relationships and paths as hops, and the error excerpt points at the column', () => {
    const ru = { id: 'ru', kind: 'Country', name: 'Russia', aliases: [], properties: {} };
    const tj = { id: 'tj', kind: 'Country', name: 'Tajikistan', aliases: [], properties: {} };
    const base = { id: 'b201', kind: 'MilitaryBase', name: '201st Military Base', aliases: [], properties: {} };
    const hosts = { id: 'h', type: 'HOSTS_BASE', source: 'tj', target: 'b201', properties: {}, sources: [] };
    const operates = { id: 'o', type: 'OPERATES_BASE', source: 'ru', target: 'b201', properties: {}, sources: [] };
    const names = new Map([['ru', 'Russia'], ['tj', 'Tajikistan']]);
    expect(formatCell(ru)).toBe('Russia (Country)');
    expect(formatCell({ id: 'e', type: 'ALLY_OF', source: 'ru', target: 'tj', properties: {}, sources: [] }, names)).toBe('Russia -[ALLY_OF]-> Tajikistan');
    // A hop walked against the relationship's direction reads <-[TYPE]-, as Neo4j writes it.
    expect(formatCell({ nodes: [tj, base, ru], edges: [hosts, operates] })).toBe('Tajikistan -[HOSTS_BASE]-> 201st Military Base <-[OPERATES_BASE]- Russia');
    expect(formatCell([1, 'a', null])).toBe('[1, "a", null]');
    expect(formatCell({ n: 2, s: 'x' })).toBe('{n: 2, s: "x"}');
    expect(formatCell('plain text')).toBe('plain text');
    expect(formatCell(null)).toBe('null');
    expect(rowElements([ru, { nodes: [tj, base, ru], edges: [hosts, operates] }, 'text'])).toEqual({ nodeIds: ['ru', 'tj', 'b201'], edgeIds: ['h', 'o'] });
    expect(errorExcerpt('MATCH (n)\nCREATE (m)', 2, 1)).toBe('CREATE (m)\n^');
  });
});

describe('console answers', () => {
  const answer = { columns: ['n'], rows: [[1]], graph: { nodes: [], edges: [] }, engine: 'embedded' as const, elapsedMs: 1 };

  test('what the server cut is named with its limit, and a whole answer says nothing', () => {
    expect(truncationNotice({ ...answer, truncated: false, rowsTruncated: false, graphTruncated: false })).toBeNull();
    expect(truncationNotice({ ...answer, truncated: true, rowsTruncated: true, graphTruncated: false })).toContain('CYPHER_MAX_ROWS');
    const graphOnly = truncationNotice({ ...answer, truncated: true, rowsTruncated: false, graphTruncated: true });
    expect(graphOnly).toContain('CYPHER_MAX_GRAPH_NODES');
    expect(graphOnly).not.toContain('CYPHER_MAX_ROWS');
    // An older server says only `truncated`: read as rows cut.
    expect(truncationNotice({ ...answer, truncated: true })).toContain('CYPHER_MAX_ROWS');
  });

  test('a picked row stays picked until another selection replaces the one it made; a new answer starts a page again', () => {
    let state = setConsoleResult({ ...answer, truncated: false })(initialAppState);
    state = selectNode('ru')(state);
    state = setActiveRow({ index: 0, nodeIds: ['ru'], edgeIds: [] })(state);
    expect(currentActiveRow(state)?.index).toBe(0);
    expect(currentActiveRow(clearSelection(state))).toBeNull();
    expect(currentActiveRow(selectNode('tj')(state))).toBeNull();
    state = showMoreRows(state);
    expect(state.console.shownRows).toBe(2 * ROWS_PER_PAGE);
    state = setConsoleResult({ ...answer, truncated: false })(state);
    expect(state.console.shownRows).toBe(ROWS_PER_PAGE);
    expect(state.console.activeRow).toBeNull();
  });
});

describe('export addresses', () => {
  test('each scope maps to the export contract, and a large selection does not fit a URL', () => {
    expect(exportUrl('graphml', { kind: 'all' })).toBe('/api/export?format=graphml');
    expect(exportUrl('json', { kind: 'nodes', ids: ['a', 'b'] })).toBe('/api/export?format=json&ids=a%2Cb');
    expect(exportUrl('gexf', { kind: 'focus', focus: 'tj', query: { depth: 1, year: 2011 } })).toBe('/api/export?format=gexf&focus=tj&depth=1&year=2011');
    expect(exportUrl('csv', { kind: 'paths', query: { from: 'a', to: 'b', maxHops: 3 } })).toBe('/api/export?format=csv&from=a&to=b&maxHops=3');
    expect(exportUrl('json', { kind: 'nodes', ids: Array.from({ length: 500 }, (_, i) => `n${i}`) })).toBeNull();
  });

  test('the file name comes from Content-Disposition', () => {
    expect(filenameOf('attachment; filename="multivector-graph.json"', 'x')).toBe('multivector-graph.json');
    expect(filenameOf(null, 'fallback.csv')).toBe('fallback.csv');
  });
});
