/**
 * Read answers kept per graph stamp (server/http/answer-cache.ts, server/domain/console-answers.ts), over real
 * HTTP with the embedded engine: a repeated read answers the same bytes, and every write through the app (an
 * edit, its undo) changes the next answer of each kind of read at once: neighbourhood, node details, paths,
 * search and the console, whether whole answers are kept or only the records beneath them. A server with
 * READ_CACHE=off answers the same bodies.
 */
import http from 'node:http';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

const ADMIN = 'test-admin-token-0123456789abcdef';
const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR, env: { ADMIN_TOKEN: ADMIN } });
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

const get = async (base: string, path: string): Promise<{ status: number; etag: string | null; text: string }> => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
};

/** Status of a GET with If-None-Match; node:http, since fetch adds `Cache-Control: no-cache` to a conditional request. */
const conditionalStatus = (url: string, etag: string): Promise<number | undefined> =>
  new Promise((resolve, reject) => {
    http.get(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });

const console = async (base: string, query: string): Promise<{ rows: unknown[][] }> => {
  const res = await fetch(`${base}/api/cypher`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { rows: unknown[][] };
};

const READS = [
  '/api/nodes/alpha/neighborhood?depth=2',
  '/api/nodes/alpha',
  '/api/paths?from=alpha&to=beta&maxHops=3',
  '/api/search?q=alpha',
];
const COUNT_QUERY = 'MATCH (a)-[r]->(b) WHERE a.id = "alpha" RETURN count(r) AS n';

test('a repeated read answers the same bytes and ETag, and a conditional repeat is a 304', async () => {
  for (const path of READS) {
    const first = await get(server.baseUrl, path);
    const second = await get(server.baseUrl, path);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(first.etag).toMatch(/^W\/"/);
    expect(await conditionalStatus(`${server.baseUrl}${path}`, first.etag as string)).toBe(304);
  }
});

/** Reads, edits, reads, undoes, reads on `server`: each answer follows the write. */
async function expectReadsFollowAnEdit(server: TestServer): Promise<void> {
  const before = await Promise.all(READS.map((p) => get(server.baseUrl, p)));
  const countBefore = (await console(server.baseUrl, COUNT_QUERY)).rows[0]?.[0];
  const created = await fetch(`${server.baseUrl}/api/edits/relationships`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      type: 'LENDS_TO',
      source: 'alpha',
      target: 'beta',
      properties: { validFrom: '2021', status: 'reported' },
      sources: [{ document: 'doc-b.txt', quote: 'A quote the read-cache test wrote; findable by alpha.' }],
    }),
  });
  expect(created.status).toBe(201);
  const { importId, relationship } = (await created.json()) as { importId: string; relationship: string };

  const after = await Promise.all(READS.map((p) => get(server.baseUrl, p)));
  // The neighbourhood, the details and the paths now hold the new relationship; search finds its quote.
  for (const [i, answer] of after.entries()) {
    expect(answer.status).toBe(200);
    expect(answer.text).not.toBe(before[i]?.text);
    expect(answer.etag).not.toBe(before[i]?.etag);
  }
  expect(after[0]?.text).toContain(relationship);
  expect(after[1]?.text).toContain(relationship);
  expect(after[2]?.text).toContain(relationship);
  expect(after[3]?.text).toContain('read-cache test');
  expect((await console(server.baseUrl, COUNT_QUERY)).rows[0]?.[0]).toBe(Number(countBefore) + 1);

  const undone = await fetch(`${server.baseUrl}/api/import/${encodeURIComponent(importId)}/undo`, { method: 'POST', headers: auth });
  expect(undone.status).toBe(200);
  const restored = await Promise.all(READS.map((p) => get(server.baseUrl, p)));
  // Parsed: an undo restores every value, though the engine may list a record's properties in another order.
  expect(restored.map((r) => JSON.parse(r.text) as unknown)).toEqual(before.map((r) => JSON.parse(r.text) as unknown));
  expect((await console(server.baseUrl, COUNT_QUERY)).rows[0]?.[0]).toBe(countBefore);
}

test('an edit changes the next answer of every kind of read, and its undo changes it back', async () => {
  await expectReadsFollowAnEdit(server);
});

test('with kept answers off, kept records (stores/record-cache/) follow an edit and its undo too', async () => {
  const recordsOnly = await startTestServer({ seedDir: MINI_SEED_DIR, env: { ADMIN_TOKEN: ADMIN, READ_CACHE_MB: '0' } });
  try {
    await expectReadsFollowAnEdit(recordsOnly);
  } finally {
    await recordsOnly.close();
  }
});

test('a server without the cache answers the same bodies', async () => {
  // Both fresh from the same seed: the shared server has been edited and undone above, and an undo may give a
  // record's properties back in another order (same values), which would change the bytes but not the answer.
  const [kept, plain] = await Promise.all([
    startTestServer({ seedDir: MINI_SEED_DIR }),
    startTestServer({ seedDir: MINI_SEED_DIR, env: { READ_CACHE: 'off' } }),
  ]);
  try {
    for (const path of READS) {
      // Twice from the caching server: the second answer is the kept one.
      await get(kept.baseUrl, path);
      const [cached, uncached] = await Promise.all([get(kept.baseUrl, path), get(plain.baseUrl, path)]);
      expect(uncached.status).toBe(200);
      expect(JSON.parse(uncached.text)).toEqual(JSON.parse(cached.text));
      expect(uncached.text).toBe(cached.text);
      expect(uncached.etag).toBe(cached.etag);
    }
  } finally {
    await Promise.all([kept.close(), plain.close()]);
  }
});

test('many clients sending one console query at once all get its rows, computed once under the stamp', async () => {
  const query = 'MATCH (n:Country) RETURN n.id AS id ORDER BY id';
  const answers = await Promise.all(Array.from({ length: 30 }, () => console(server.baseUrl, query)));
  const rows = answers.map((a) => JSON.stringify(a.rows));
  expect(new Set(rows).size).toBe(1);
  expect(answers[0]?.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma']));
});
