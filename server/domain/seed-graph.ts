/**
 * Loading a validated seed folder into a store: the use case behind `npm run seed` and the automatic
 * seeding of an empty store on first start. MERGE by id in the stores makes it idempotent.
 */
import type { GraphEdge, GraphNode } from './graph-model';
import type { PropertyType } from './seed-schema';
import { SOURCE_GRADES_KEY, withSeedGrades } from './source-grades';
import { storedValidityOf } from './validity';
import { readSeedDirectory, DEFAULT_SEED_DIR } from '../seed/seed-loader';
import type { GraphStore, UpsertSummary } from '../stores/graph-store';

/**
 * Validates the seed folder and upserts it, each source graded by the seed rule where the file gives no
 * `sourceGrades` (source-grades.ts). @throws SeedValidationError before any write.
 */
export async function seedStore(store: GraphStore, dir: string = DEFAULT_SEED_DIR): Promise<UpsertSummary> {
  const seed = await readSeedDirectory(dir);
  const propertyTypes: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number', [SOURCE_GRADES_KEY]: 'string[]' };
  for (const p of seed.vocabulary.properties) propertyTypes[p.key] = p.type;
  const edges = withValidity(seed.graph.nodes, seed.graph.edges.map(withSeedGrades));
  return store.upsert({ nodes: seed.graph.nodes, edges, documents: seed.documents, propertyTypes });
}

/** Adds the derived validity interval (yearFrom / yearTo) to each edge's stored properties. */
export function withValidity(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return edges.map((e) => {
    const { yearFrom, yearTo } = storedValidityOf(e, byId);
    const properties = { ...e.properties };
    if (yearFrom !== null) properties.yearFrom = yearFrom;
    if (yearTo !== null) properties.yearTo = yearTo;
    return { ...e, properties };
  });
}

/** Seeds only when the store holds no entity yet (first start); a restart keeps what is stored. */
export async function seedIfEmpty(store: GraphStore, dir: string = DEFAULT_SEED_DIR): Promise<UpsertSummary | null> {
  const { nodes } = await store.counts();
  if (nodes > 0) return null;
  return seedStore(store, dir);
}
