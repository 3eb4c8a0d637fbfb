/**
 * Synthetic views for the client benchmark: a graph of about N elements (nodes + edges, 2 nodes for every 3
 * edges, the seed graph's ratio) in the API's wire shape, with a heavy-tailed degree distribution
 * (preferential attachment: a few hubs with hundreds of links, most nodes with one to three), the seed's
 * kinds and relationship types, and names as long as real ones. Deterministic: the same size and seed give
 * the same graph.
 */
import type { Graph, GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import vocabulary from '../../../graph-seed/vocabulary.json';
import { seededRandom } from '../../../client/src/view/seeded-random';

const KINDS = vocabulary.kinds.map((k) => k.kind);
const TYPES = vocabulary.relationshipTypes.map((t) => t.type);


const WORDS = ['Northern', 'Central', 'Joint', 'National', 'Eastern', 'Border', 'Energy', 'River', 'Trade', 'Mountain', 'Security', 'Transit'];

/** A view of about `elements` nodes and edges. */
export function syntheticView(elements: number, seed = 7): Graph {
  const random = seededRandom(seed);
  const nodeCount = Math.max(2, Math.round(elements * 0.4));
  const edgeCount = Math.max(1, elements - nodeCount);
  const nodes: GraphNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    // Kinds weighted towards the first ones (countries, cities, bodies), as in the seed graph.
    const kind = KINDS[Math.floor(Math.pow(random(), 1.6) * KINDS.length)] ?? 'Country';
    const name = `${WORDS[i % WORDS.length]} ${kind.replace(/([a-z])([A-Z])/g, '$1 $2')} ${i}`;
    nodes.push({ id: `n${i}`, kind, name, aliases: [], properties: {} });
  }
  // Preferential attachment: each edge picks an endpoint of an earlier edge half the time, so its degree
  // grows with the links it already has (a power-law tail), and a uniformly random node otherwise.
  const ends: number[] = [];
  const edges: GraphEdge[] = [];
  for (let e = 0; e < edgeCount; e++) {
    const source = e < nodeCount ? e : Math.floor(random() * nodeCount);
    let target = ends.length > 0 && random() < 0.5 ? (ends[Math.floor(random() * ends.length)] as number) : Math.floor(random() * nodeCount);
    if (target === source) target = (source + 1) % nodeCount;
    ends.push(source, target);
    const from = 2003 + Math.floor(random() * 21);
    edges.push({
      id: `e${e}`,
      type: TYPES[Math.floor(random() * TYPES.length)] ?? 'RELATED_TO',
      source: `n${source}`,
      target: `n${target}`,
      properties: { validFrom: from },
      sources: [{ document: `doc-${e % 97}`, quote: 'A synthetic quote standing in for a verbatim sentence.' }],
    });
  }
  return { nodes, edges };
}
