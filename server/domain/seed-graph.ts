/**
 * Loading a validated seed folder into a store: the use case behind `npm run seed` and the automatic
 * seeding of an empty store on first start. MERGE by id in the stores makes it idempotent.
 */
import type { GraphEdge, GraphNode } from './graph-model';
import type { PropertyType } from './seed-schema';
import { InvalidRequestError } from './errors';
import { SOURCE_GRADES_KEY, withSeedGrades } from './source-grades';
import { storedValidityOf } from './validity';
import { nextTurn } from './next-turn';
import { readSeedDirectory, readSeedTexts, DEFAULT_SEED_DIR } from '../seed/seed-loader';
import type { GraphStore, UpsertInput, UpsertSummary } from './ports/graph-store';

export interface SeedOptions {
  /**
   * Work for this thread while the store writes the seed: run once, when the write has been handed to the
   * store. The embedded engine writes in its own process (~1.7-2 s for the seed graph), so the server's start
   * loads its HTTP layer and warms its console parser then instead of after (server/main.ts).
   */
  meanwhile?: () => void;
}

/**
 * Validates the seed folder and upserts it. A store without entities takes it as a bulk load instead (the
 * same records, see the contract suite): on the embedded engine the upsert's row-by-row MERGE left a 474 MB
 * database file for the seed graph where the bulk load leaves 64 MB, and every later write copies that file
 * (see server/stores/kuzu/kuzu-generations.ts). Each source is graded by the seed rule where the file gives no
 * `sourceGrades` (source-grades.ts). @throws SeedValidationError before any write.
 */
export async function seedStore(store: GraphStore, dir: string = DEFAULT_SEED_DIR, options: SeedOptions = {}): Promise<UpsertSummary> {
  const input = await seedInput(dir);
  // The texts let quotes be checked and documents be read in full (GET /api/documents/:id) where available.
  input.documents = await readSeedTexts(input.documents);
  if ((await store.counts()).nodes === 0) {
    try {
      return await whileWriting(store.bulkLoad(input), options);
    } catch (err) {
      // Another write stored some of these ids meanwhile (the bulk load refuses them, writing nothing): MERGE.
      if (!(err instanceof InvalidRequestError)) throw err;
    }
  }
  return whileWriting(store.upsert(input), options);
}

/** Runs `options.meanwhile` (once) while `writing` is under way, then resolves as the write does. */
async function whileWriting<T>(writing: Promise<T>, options: SeedOptions): Promise<T> {
  const meanwhile = options.meanwhile;
  if (meanwhile) {
    options.meanwhile = undefined;
    // The write's own rejection is awaited below; meanwhile it must not count as unhandled.
    writing.catch(() => undefined);
    // One turn of the event loop first: the store hands the write on (the engine process's message is
    // sent) before this thread turns to other work.
    await nextTurn();
    meanwhile();
  }
  return writing;
}

async function seedInput(dir: string): Promise<UpsertInput> {
  const seed = await readSeedDirectory(dir);
  const propertyTypes: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number', [SOURCE_GRADES_KEY]: 'string[]' };
  for (const p of seed.vocabulary.properties) propertyTypes[p.key] = p.type;
  const edges = withValidity(seed.graph.nodes, seed.graph.edges.map(withSeedGrades));
  return { nodes: seed.graph.nodes, edges, documents: seed.documents, propertyTypes };
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
export async function seedIfEmpty(store: GraphStore, dir: string = DEFAULT_SEED_DIR, options: SeedOptions = {}): Promise<UpsertSummary | null> {
  const { nodes } = await store.counts();
  if (nodes > 0) return null;
  return seedStore(store, dir, options);
}
