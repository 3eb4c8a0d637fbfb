/**
 * A deterministic synthetic graph for benchmarks: N nodes and M relationships with the seed's kinds and
 * relationship types (graph-seed/vocabulary.json, respecting each type's from/to kinds), heavy-tailed
 * degrees (Chung-Lu style: endpoints drawn with weight rank^-0.75 inside their kind, so a few hubs hold
 * thousands of relationships while most nodes hold a handful), validity dates on about half of the
 * relationships, and one or two sources each from a small catalogue of synthetic documents.
 * The same options always give the same graph, byte for byte.
 */
import type { GraphEdge, GraphNode, Source } from '../server/domain/graph-model';
import type { SeedDocument, Vocabulary } from '../server/domain/seed-schema';
import { withValidity } from '../server/domain/seed-graph';
import { seededRandom } from '../client/src/view/seeded-random';

export interface SyntheticOptions {
  nodes: number;
  edges: number;
  seed: number;
  /** Documents the sources cite. */
  documents?: number;
}

export interface SyntheticGraph {
  nodes: GraphNode[];
  /** With the derived yearFrom / yearTo, as the seed loader stores them. */
  edges: GraphEdge[];
  documents: SeedDocument[];
}

/** The view's seeded generator (mulberry32), so benchmark data is repeatable. */
export const createRandom: (seed: number) => () => number = seededRandom;

const SYLLABLES = ['ka', 'ro', 'du', 'shan', 'be', 'mo', 'tal', 'vi', 'zan', 'or', 'ku', 'lab', 'neh', 'sar', 'fi', 'gor', 'im', 'pa', 'tes', 'yu'];
const EXPONENT = 0.75;

/** A pronounceable name, so substring search has realistic hit rates. */
function nameOf(random: () => number, i: number): string {
  const parts = 2 + Math.floor(random() * 2);
  let s = '';
  for (let p = 0; p < parts; p += 1) s += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return `${s.charAt(0).toUpperCase()}${s.slice(1)} ${i}`;
}

/** Nodes of one kind with a cumulative weight table for drawing heavy-tailed endpoints. */
interface KindPool {
  ids: string[];
  cumulative: Float64Array;
}

function draw(pool: KindPool, random: () => number): string {
  const total = pool.cumulative[pool.cumulative.length - 1] ?? 0;
  const x = random() * total;
  let lo = 0;
  let hi = pool.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((pool.cumulative[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return pool.ids[lo] ?? pool.ids[0] ?? '';
}

/** Builds the synthetic graph described in the module header. */
export function generateSyntheticGraph(vocabulary: Vocabulary, options: SyntheticOptions): SyntheticGraph {
  const random = createRandom(options.seed);
  const kinds = vocabulary.kinds.map((k) => k.kind);
  const documents: SeedDocument[] = [];
  for (let d = 0; d < (options.documents ?? 200); d += 1) {
    documents.push({
      id: `synthetic-${d}.txt`,
      publisher: `Bench Wire ${d % 17}`,
      title: `Synthetic report ${d}`,
      published: `${2000 + (d % 25)}-${String(1 + (d % 12)).padStart(2, '0')}`,
    });
  }

  const nodes: GraphNode[] = [];
  const byKind = new Map<string, string[]>();
  for (let i = 0; i < options.nodes; i += 1) {
    const kind = kinds[Math.floor(random() * kinds.length)] ?? 'Country';
    const id = `${kind.toLowerCase()}-${i}`;
    const name = nameOf(random, i);
    const node: GraphNode = { id, kind, name, aliases: random() < 0.2 ? [`${name.split(' ')[0]} alias ${i}`] : [], properties: {} };
    if (random() < 0.3) node.properties.description = `Synthetic ${kind} number ${i}.`;
    if (kind === 'Event') node.properties.date = `${1991 + Math.floor(random() * 35)}`;
    nodes.push(node);
    const list = byKind.get(kind);
    if (list) list.push(id);
    else byKind.set(kind, [id]);
  }
  // Weights by a random rank inside each kind, so hubs are spread over ids rather than the first ones.
  const pools = new Map<string, KindPool>();
  for (const [kind, ids] of byKind) {
    const shuffled = [...ids];
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
    }
    const cumulative = new Float64Array(shuffled.length);
    let sum = 0;
    for (let r = 0; r < shuffled.length; r += 1) {
      sum += (r + 1) ** -EXPONENT;
      cumulative[r] = sum;
    }
    pools.set(kind, { ids: shuffled, cumulative });
  }

  const types = vocabulary.relationshipTypes
    .map((t) => ({ type: t.type, from: t.from.filter((k) => pools.has(k)), to: t.to.filter((k) => pools.has(k)) }))
    .filter((t) => t.from.length > 0 && t.to.length > 0);
  if (types.length === 0) throw new Error('The vocabulary has no relationship type whose kinds have nodes.');
  const edges: GraphEdge[] = [];
  let attempts = 0;
  while (edges.length < options.edges) {
    attempts += 1;
    if (attempts > options.edges * 10) throw new Error('Could not place the requested relationships (too few nodes?).');
    const t = types[Math.floor(random() * types.length)];
    if (!t) continue;
    const fromPool = pools.get(t.from[Math.floor(random() * t.from.length)] ?? '');
    const toPool = pools.get(t.to[Math.floor(random() * t.to.length)] ?? '');
    if (!fromPool || !toPool) continue;
    const source = draw(fromPool, random);
    const target = draw(toPool, random);
    if (source === target) continue;
    const n = edges.length;
    const doc = documents[Math.floor(random() * documents.length)]?.id ?? 'synthetic-0.txt';
    const sources: Source[] = [{ document: doc, quote: `Synthetic claim ${n}: ${source} relates to ${target}.` }];
    if (random() < 0.25) sources.push({ document: documents[(n * 7) % documents.length]?.id ?? doc, quote: `A second account of claim ${n}.` });
    const edge: GraphEdge = { id: `r-${n}`, type: t.type, source, target, properties: {}, sources };
    const dated = random();
    if (dated < 0.5) {
      const from = 1991 + Math.floor(random() * 35);
      edge.properties.validFrom = `${from}`;
      if (random() < 0.4) edge.properties.validTo = `${Math.min(2026, from + Math.floor(random() * 10))}`;
    }
    if (random() < 0.2) edge.properties.status = 'reported';
    edges.push(edge);
  }
  return { nodes, edges: withValidity(nodes, edges), documents };
}
