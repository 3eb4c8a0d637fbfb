/**
 * A small deterministic synthetic graph for export benchmarks and streaming tests: `nodes` countries and
 * cities, `edges` relationships of the seed vocabulary's types between them, each with one or two sources
 * whose quotes are `quoteChars` long. The benchmark's generator (synthetic-graph.ts) models degrees and kinds; this one only has to be big and quote-heavy.
 */
import type { GraphEdge, GraphNode } from '../server/domain/graph-model';
import type { SeedDocument } from '../server/domain/seed-schema';
import type { UpsertInput } from '../server/domain/ports/graph-store';
import { createRandom } from './synthetic-graph';

export interface SyntheticOptions {
  nodes: number;
  edges: number;
  quoteChars?: number;
}

const TYPES = ['TRADES_WITH', 'INVESTS_IN', 'BORDERS', 'SIGNED_AGREEMENT_WITH'];

export function syntheticGraph(options: SyntheticOptions): UpsertInput {
  const next = createRandom(42);
  const quoteChars = options.quoteChars ?? 200;
  const filler = 'The minister said; "cooperation will deepen" & trade grew, <again>. ';
  const quote = (i: number): string => `Quote ${i}: ${filler.repeat(Math.ceil(quoteChars / filler.length))}`.slice(0, quoteChars);
  const documents: SeedDocument[] = [
    { id: 'synthetic-a', publisher: 'Synthetic Press', title: 'A made-up article', published: '2010-05-01' },
    { id: 'synthetic-b', publisher: 'Synthetic Review', title: 'Another made-up article', published: '2019' },
  ];
  const nodes: GraphNode[] = [];
  for (let i = 0; i < options.nodes; i += 1) {
    nodes.push({
      id: `n${i}`,
      kind: i % 2 === 0 ? 'Country' : 'City',
      name: `Place ${i}`,
      aliases: i % 3 === 0 ? [`P${i}`, `Place number ${i}`] : [],
      properties: i % 2 === 0 ? { population: 1000 + i } : {},
    });
  }
  const edges: GraphEdge[] = [];
  for (let i = 0; i < options.edges; i += 1) {
    const source = Math.floor(next() * options.nodes);
    let target = Math.floor(next() * options.nodes);
    if (target === source) target = (target + 1) % options.nodes;
    const two = next() < 0.3;
    edges.push({
      id: `e${i}`,
      type: TYPES[i % TYPES.length] as string,
      source: `n${source}`,
      target: `n${target}`,
      properties: { validFrom: String(1995 + (i % 25)), yearFrom: 1995 + (i % 25) },
      sources: [{ document: 'synthetic-a', quote: quote(i) }, ...(two ? [{ document: 'synthetic-b', quote: quote(i + 1) }] : [])],
    });
  }
  return { nodes, edges, documents, propertyTypes: { population: 'number', validFrom: 'date', yearFrom: 'number', yearTo: 'number' } };
}
