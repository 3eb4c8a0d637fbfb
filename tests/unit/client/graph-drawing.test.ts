/** The pure half of the graph view: wire graph -> Cytoscape elements, kind styles, readable paths. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../server/project-paths';
import type { Graph, GraphEdge, GraphNode, GraphPath } from '../../../server/domain/graph-model';
import { formatHop, formatPath, pathElementIds, toPathSteps } from '../../../client/src/state/paths/path-steps';
import { styleForKind } from '../../../client/src/view/styles';
import { edgeElementId, nodeElementId, toCytoscapeElements } from '../../../client/src/view/to-cytoscape-elements';

const node = (id: string, kind: string, name: string): GraphNode => ({ id, kind, name, aliases: [], properties: {} });
const edge = (id: string, type: string, source: string, target: string): GraphEdge => ({
  id,
  type,
  source,
  target,
  properties: {},
  sources: [{ document: 'doc.txt', quote: `${source} ${type} ${target}.` }],
});

const dushanbe = node('dushanbe', 'City', 'Dushanbe');
const tajikistan = node('tajikistan', 'Country', 'Tajikistan');
const russia = node('russia', 'Country', 'Russia');
const capitalOf = edge('capital', 'CAPITAL_OF', 'dushanbe', 'tajikistan');
const hostsBase = edge('hosts', 'HOSTS_BASE', 'russia', 'tajikistan');

describe('turning the wire graph into Cytoscape elements', () => {
  const graph: Graph = { nodes: [dushanbe, tajikistan, russia], edges: [capitalOf, hostsBase] };

  test('node and edge ids get separate prefixes, so a node and an edge may share an API id', () => {
    const { elements } = toCytoscapeElements({ nodes: [node('x', 'City', 'X'), node('y', 'City', 'Y')], edges: [edge('x', 'NEAR', 'x', 'y')] });
    expect(elements.map((e) => e.data.id)).toEqual([nodeElementId('x'), nodeElementId('y'), edgeElementId('x')]);
    expect(new Set(elements.map((e) => e.data.id)).size).toBe(3);
  });

  test('nodes carry their name as label and their kind style; edges carry their type', () => {
    const { elements } = toCytoscapeElements(graph);
    const city = elements.find((e) => e.data['ref'] === 'dushanbe');
    expect(city?.data).toMatchObject({ label: 'Dushanbe', kind: 'City', ...styleForKind('City') });
    expect(elements.find((e) => e.data['ref'] === 'hosts')?.data).toMatchObject({
      type: 'HOSTS_BASE',
      source: nodeElementId('russia'),
      target: nodeElementId('tajikistan'),
    });
  });

  test('an edge whose endpoint is missing is left out and reported instead of breaking the drawing', () => {
    const { elements, danglingEdgeIds } = toCytoscapeElements({ nodes: [dushanbe], edges: [capitalOf] });
    expect(elements).toHaveLength(1);
    expect(danglingEdgeIds).toEqual(['capital']);
  });

  test('the same graph gets the same starting positions on every call', () => {
    const first = toCytoscapeElements(graph).elements.map((e) => e.position);
    const second = toCytoscapeElements(graph).elements.map((e) => e.position);
    expect(second).toEqual(first);
  });
});

describe('node kind styles', () => {
  test('every kind of the seed vocabulary gets its own colour and its own shape', () => {
    const vocabulary = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'graph-seed', 'vocabulary.json'), 'utf8')) as { kinds: { kind: string }[] };
    const kinds = vocabulary.kinds.map((k) => k.kind);
    const styles = kinds.map(styleForKind);
    expect(styles.every((s) => s.color.startsWith('#'))).toBe(true);
    expect(new Set(styles.map((s) => s.color)).size).toBe(kinds.length);
    expect(new Set(styles.map((s) => s.shape)).size).toBe(kinds.length);
  });

  test('an unknown kind gets a colour from its name: the same every time, different from another kind', () => {
    expect(styleForKind('Pipeline')).toEqual(styleForKind('Pipeline'));
    expect(styleForKind('Pipeline').color).toMatch(/^hsl\(\d+, 55%, 45%\)$/);
    expect(styleForKind('Pipeline').color).not.toBe(styleForKind('Treaty').color);
  });
});

describe('paths as readable rows', () => {
  const path: GraphPath = { nodes: [dushanbe, tajikistan, russia], edges: [capitalOf, hostsBase] };

  test('a hop along its edge reads —TYPE→ and a hop against it reads ←TYPE—', () => {
    expect(formatPath(path)).toBe('Dushanbe —CAPITAL_OF→ Tajikistan ←HOSTS_BASE— Russia');
    expect(formatHop('X', true)).toBe('—X→');
    expect(toPathSteps(path).filter((s) => s.kind === 'hop').map((s) => s.kind === 'hop' && s.forward)).toEqual([true, false]);
  });

  test('highlighting a path covers each of its nodes and edges', () => {
    expect([...pathElementIds(path)].sort()).toEqual(['capital', 'dushanbe', 'hosts', 'russia', 'tajikistan']);
  });
});
