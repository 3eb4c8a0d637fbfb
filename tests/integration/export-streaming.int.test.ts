/**
 * Streaming behaviour of /api/export over real HTTP: a client that goes away stops the engine read (the
 * store's connections come back, so later requests are answered), and a failure after the first byte cuts
 * the connection so the client sees an error rather than a file that looks complete.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { syntheticGraph } from '../../bench/export-sample-graph';
import type { PreparedExport } from '../../server/domain/export-selection';
import type { GraphNode } from '../../server/domain/graph-model';
import { sendExport } from '../../server/http/export-response';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR });
  // About 10 MB of JSON: far more than socket buffers hold, so an aborted download leaves the export mid-stream.
  await server.app.store.upsert(syntheticGraph({ nodes: 400, edges: 2_000, quoteChars: 5_000 }));
}, 120_000);

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

test('when clients abort whole-graph exports after the first chunk, more times than the store has connections, the server still answers', async () => {
  for (let i = 0; i < 8; i += 1) {
    const controller = new AbortController();
    const res = await fetch(`${server.baseUrl}/api/export?format=${i % 2 ? 'graphml' : 'json'}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    await reader.read().catch(() => undefined);
  }
  const res = await fetch(`${server.baseUrl}/api/export?format=json`);
  const file = (await res.json()) as { nodes: unknown[]; edges: unknown[] };
  expect([file.nodes.length, file.edges.length]).toEqual([408, 2_009]);
}, 120_000);

test('when the engine fails after the first byte, the connection is cut (no complete-looking file) and the failure is logged', async () => {
  const logged: string[] = [];
  async function* failingNodes(): AsyncGenerator<GraphNode[]> {
    for (let i = 0; i < 5_000; i += 1) yield [{ id: `n${i}`, kind: 'Country', name: `Place ${i} `.repeat(10), aliases: [], properties: {} }];
    throw new Error('the engine went away');
  }
  const prepared: PreparedExport = {
    format: 'json',
    title: 'a failing export',
    slug: 'failing',
    input: {
      title: 'a failing export',
      documents: [],
      propertyTypes: new Map(),
      nodePropertyKeys: new Map(),
      edgePropertyKeys: new Map(),
      nodes: failingNodes(),
      edges: (async function* () {})(),
    },
  };
  const app = express();
  app.get('/x', async (_req, res) => sendExport(res, prepared, (message) => logged.push(message)));
  const listener = app.listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(listener.address() as AddressInfo).port}/x`);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(logged).toEqual(['Export "a failing export" (json) failed after the response started; the connection was cut.']);
  } finally {
    listener.closeAllConnections();
    await new Promise((r) => listener.close(r));
  }
});
