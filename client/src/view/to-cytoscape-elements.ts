/**
 * Pure translation of the wire graph into Cytoscape element definitions. Element ids are prefixed ("n:",
 * "e:") because Cytoscape keeps nodes and edges in one id space while the API does not promise that a node
 * and an edge never share an id. Starting positions come from a hash of the id, so the force layout that
 * follows starts from the same place, and gives the same picture, on every load.
 */
import type cytoscape from 'cytoscape';
import type { Graph } from '../../../server/domain/graph-model';
import type { VocabularyInfo } from '../../../server/domain/graph-model';
import { categoryIndex } from '../state/canvas/drawn-graph';
import { colorForCategory, hashString, STYLED_STATUSES, styleForKind } from './styles';

const NODE_PREFIX = 'n:';
const EDGE_PREFIX = 'e:';

/** The Cytoscape id of a node of the API. */
export function nodeElementId(id: string): string {
  return NODE_PREFIX + id;
}

/** The Cytoscape id of an edge of the API. */
export function edgeElementId(id: string): string {
  return EDGE_PREFIX + id;
}

export interface CytoscapeElements {
  readonly elements: cytoscape.ElementDefinition[];
  /** Ids of edges left out because an endpoint is not in the graph (Cytoscape would throw on them). */
  readonly danglingEdgeIds: string[];
}

/** A point on a disc whose area grows with the node count, picked by the id's hash. */
function seedPosition(id: string, nodeCount: number): cytoscape.Position {
  const hash = hashString(id);
  const radius = 40 * Math.sqrt(nodeCount) * Math.sqrt((hash & 0xffff) / 0xffff);
  const angle = ((hash >>> 16) / 0xffff) * 2 * Math.PI;
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

/** Node diameter in model pixels: hubs drawn larger so the eye finds them, growing slowly so none dominates. */
export function nodeSize(degree: number): number {
  return Math.round(18 + 5 * Math.sqrt(Math.min(degree, 100)));
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The element definitions of `graph`: node data carries label, kind, colour, shape and size; edge data its
 * type and, for a retracted, disputed, alleged or planned claim, its status. Elements are sorted by id because the engines return rows in no promised order and the layout's
 * result depends on the order it visits nodes in.
 */
export function toCytoscapeElements(graph: Graph): CytoscapeElements {
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const degree = new Map<string, number>();
  for (const edge of graph.edges) {
    if (!nodeIds.has(edge.source) || !nodeIds.has(edge.target)) continue;
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  const elements: cytoscape.ElementDefinition[] = [...graph.nodes].sort(byId).map((node) => {
    const { color, shape } = styleForKind(node.kind);
    return {
      group: 'nodes',
      data: {
        id: nodeElementId(node.id),
        ref: node.id,
        label: node.name,
        kind: node.kind,
        color,
        shape,
        size: nodeSize(degree.get(node.id) ?? 0),
      },
      position: seedPosition(node.id, graph.nodes.length),
    };
  });
  const danglingEdgeIds: string[] = [];
  for (const edge of [...graph.edges].sort(byId)) {
    if (!nodeIds.has(edge.source) || !nodeIds.has(edge.target)) {
      danglingEdgeIds.push(edge.id);
      continue;
    }
    elements.push({
      group: 'edges',
      data: {
        id: edgeElementId(edge.id),
        ref: edge.id,
        source: nodeElementId(edge.source),
        target: nodeElementId(edge.target),
        type: edge.type,
        // Only the statuses drawn apart (styles.ts); a plain reported claim carries none.
        ...(typeof edge.properties.status === 'string' && STYLED_STATUSES.includes(edge.properties.status) ? { status: edge.properties.status } : {}),
      },
    });
  }
  return { elements, danglingEdgeIds };
}

/**
 * Gives edge definitions their relationship category and its colour before they are added, so a large drawing
 * is styled once rather than restyled edge by edge when the colours arrive.
 */
export function withCategories(elements: cytoscape.ElementDefinition[], vocabulary: VocabularyInfo | null): cytoscape.ElementDefinition[] {
  if (vocabulary === null) return elements;
  const categories = categoryIndex(vocabulary);
  for (const element of elements) {
    if (element.group !== 'edges') continue;
    const category = categories.get(String(element.data['type']));
    if (category !== undefined) element.data = { ...element.data, category, categoryColor: colorForCategory(category) };
  }
  return elements;
}
