/**
 * `npm run seed`: validates graph-seed/ and loads it into the configured engine (MERGE by id, so running
 * it twice leaves the same graph as running it once). Exits 1 with a message naming the problem.
 */
import { ConfigError, loadConfig } from '../config';
import { openCliStore } from './open-cli-store';
import { seedStore } from '../domain/seed-graph';
import { SeedValidationError } from '../seed/seed-loader';
import { DomainError } from '../domain/errors';
import { DataDirLockedError } from '../stores/kuzu/data-dir-errors';

async function run(): Promise<void> {
  const dir = process.argv[2];
  const config = loadConfig();
  const store = await openCliStore(config);
  try {
    await store.init();
    const started = Date.now();
    const summary = dir ? await seedStore(store, dir) : await seedStore(store);
    const counts = await store.counts();
    console.log(
      `Seeded ${config.engine}: ${summary.nodes} entities, ${summary.edges} relationships, ${summary.documents} documents ` +
        `in ${Date.now() - started} ms; the store now holds ${counts.nodes} nodes and ${counts.edges} relationships.`,
    );
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof SeedValidationError || err instanceof DataDirLockedError || err instanceof DomainError) {
    console.error(err.message);
  } else {
    console.error('Seeding failed:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
