/**
 * Node details have a lane of their own beside the traversals' (server/http/api-routes.ts): while every
 * traversal turn is taken and more traversals wait for one, a node's details are still answered. The API runs
 * over a real embedded store seeded from the mini seed; the test holds the traversals by making the store's
 * adjacency reads wait until it lets them go (node details read the node's star, not the adjacency).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApiRouter } from '../../server/http/api-routes';
import { seedStore } from '../../server/domain/seed-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import { trackWrites } from '../../server/domain/write-tracking';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';

let store: KuzuGraphStore;
let server: Server;
let url: string;
let heldAdjacency = 0;
let letGo: () => void = () => undefined;
const released = new Promise<void>((resolve) => (letGo = resolve));

beforeAll(async () => {
  store = await KuzuGraphStore.open({ dataDir: makeTempDir() });
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  // The real store, its adjacency reads held until the test lets them go.
  const held = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property !== 'adjacency') return method;
      return async (...args: unknown[]) => {
        heldAdjacency += 1;
        await released;
        return method(...args);
      };
    },
  }) as GraphStore;
  const writes = trackWrites(held);
  const app = express().use(
    '/api',
    createApiRouter({
      store: writes.store,
      writes,
      console: { timeoutMs: 5_000, maxRows: 100, maxGraphNodes: 100 },
      vocabulary: await readVocabulary(MINI_SEED_DIR),
      traversalsAtOnce: 1,
    }),
  );
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  letGo();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  removeTempDirs();
});

test("while every traversal turn is taken and another traversal waits, a node's details are answered", async () => {
  const walking = fetch(`${url}/api/nodes/alpha/neighborhood?depth=1`);
  const waiting = fetch(`${url}/api/nodes/beta/neighborhood?depth=1`);
  // The first neighbourhood holds the one traversal turn (its adjacency read is held); the second waits for it.
  while (heldAdjacency < 1) await new Promise((resolve) => setImmediate(resolve));
  const details = await fetch(`${url}/api/nodes/alpha`);
  expect(details.status).toBe(200);
  expect(((await details.json()) as { node: { id: string } }).node.id).toBe('alpha');
  // Only the first traversal reached the store: the second was still waiting for a turn.
  expect(heldAdjacency).toBe(1);
  letGo();
  expect((await walking).status).toBe(200);
  expect((await waiting).status).toBe(200);
});
