/**
 * Administration routes under /api/admin. Every request here passes requireAdmin first (create-app.ts):
 * off without ADMIN_TOKEN, and only with `Authorization: Bearer <ADMIN_TOKEN>` otherwise.
 */
import { Router } from 'express';
import { seedStore } from '../domain/seed-graph';
import type { GraphStore } from '../domain/ports/graph-store';

export interface AdminDependencies {
  store: GraphStore;
  /** The seed folder that POST /api/admin/seed loads. */
  seedDir: string;
}

export function createAdminRouter(deps: AdminDependencies): Router {
  const router = Router();

  // Loads the seed graph again: MERGE by id, so it restores seeded records and keeps everything else.
  router.post('/seed', async (_req, res) => {
    res.json({ seeded: await seedStore(deps.store, deps.seedDir) });
  });

  return router;
}
