/**
 * Loading a validated seed folder into a store: the use case behind `npm run seed` and the automatic
 * seeding of an empty store on first start. MERGE by id in the stores makes it idempotent.
 */
import type { PropertyType } from './seed-schema';
import { readSeedDirectory, DEFAULT_SEED_DIR } from '../seed/seed-loader';
import type { GraphStore, UpsertSummary } from '../stores/graph-store';

/** Validates the seed folder and upserts it. @throws SeedValidationError before any write. */
export async function seedStore(store: GraphStore, dir: string = DEFAULT_SEED_DIR): Promise<UpsertSummary> {
  const seed = await readSeedDirectory(dir);
  const propertyTypes: Record<string, PropertyType> = { documents: 'string[]' };
  for (const p of seed.vocabulary.properties) propertyTypes[p.key] = p.type;
  return store.upsert({ nodes: seed.graph.nodes, edges: seed.graph.edges, documents: seed.documents, propertyTypes });
}

/** Seeds only when the store holds no entity yet (first start); a restart keeps what is stored. */
export async function seedIfEmpty(store: GraphStore, dir: string = DEFAULT_SEED_DIR): Promise<UpsertSummary | null> {
  const { nodes } = await store.counts();
  if (nodes > 0) return null;
  return seedStore(store, dir);
}
