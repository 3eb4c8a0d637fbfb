/**
 * Edit routes under /api/edits (issue 19): entities and relationships created, replaced and deleted one at a
 * time from the explorer. Every request passes requireAdmin (security.ts lists /edits among the write paths),
 * and every write is an import (domain/edit-graph.ts): listed by GET /api/import, undone by
 * POST /api/import/:id/undo. Routes only parse and call the use cases.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  createEntity,
  createRelationship,
  deleteEntity,
  deleteRelationship,
  removeSource,
  replaceEntity,
  replaceRelationship,
} from '../domain/edit-graph';
import { EntityEditSchema, RelationshipEditSchema } from '../domain/edit-model';
import type { Vocabulary } from '../domain/seed-schema';
import type { GraphStore } from '../domain/ports/graph-store';
import { parseRequest } from './parse-request';

const ACTOR = 'explorer (ADMIN_TOKEN)';
const IdSchema = z.object({ id: z.string().min(1).max(400) });
const SourceIndexSchema = z.object({ id: z.string().min(1).max(400), index: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more') });
const DryRunSchema = z.object({ dryRun: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false') });


export interface EditDependencies {
  store: GraphStore;
  vocabulary: Vocabulary;
}

export function createEditRouter(deps: EditDependencies): Router {
  const router = Router();
  const { store, vocabulary } = deps;
  const options = (query: unknown) => ({ actor: ACTOR, vocabulary, dryRun: parseRequest(DryRunSchema, query, 'query').dryRun === 'true' });

  router.post('/entities', async (req, res) => {
    const body = parseRequest(EntityEditSchema, req.body, 'body');
    const o = options(req.query);
    res.status(o.dryRun ? 200 : 201).json(await createEntity(store, body, o));
  });
  router.put('/entities/:id', async (req, res) => {
    const { id } = parseRequest(IdSchema, req.params, 'path');
    const body = parseRequest(EntityEditSchema.omit({ id: true }), req.body, 'body');
    res.json(await replaceEntity(store, id, body, options(req.query)));
  });
  router.delete('/entities/:id', async (req, res) => {
    const { id } = parseRequest(IdSchema, req.params, 'path');
    res.json(await deleteEntity(store, id, options(req.query)));
  });

  router.post('/relationships', async (req, res) => {
    const body = parseRequest(RelationshipEditSchema, req.body, 'body');
    const o = options(req.query);
    res.status(o.dryRun ? 200 : 201).json(await createRelationship(store, body, o));
  });
  router.put('/relationships/:id', async (req, res) => {
    const { id } = parseRequest(IdSchema, req.params, 'path');
    const body = parseRequest(RelationshipEditSchema, req.body, 'body');
    res.json(await replaceRelationship(store, id, body, options(req.query)));
  });
  router.delete('/relationships/:id', async (req, res) => {
    const { id } = parseRequest(IdSchema, req.params, 'path');
    res.json(await deleteRelationship(store, id, options(req.query)));
  });
  router.delete('/relationships/:id/sources/:index', async (req, res) => {
    const { id, index } = parseRequest(SourceIndexSchema, req.params, 'path');
    res.json(await removeSource(store, id, index, options(req.query)));
  });
  return router;
}
