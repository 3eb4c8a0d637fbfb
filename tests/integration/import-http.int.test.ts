/**
 * POST /api/import over real HTTP with the embedded engine: off without ADMIN_TOKEN, behind it with one;
 * a Graph JSON file adds exactly its records, again adds nothing, a bad row changes nothing and is named,
 * the import is listed and undone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { graphJson, writeCsvFiles } from '../support/import-fixtures';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

const ADMIN = 'test-admin-token-0123456789abcdef';
const auth = { authorization: `Bearer ${ADMIN}` };

let open: TestServer;
let guarded: TestServer;

beforeAll(async () => {
  open = await startTestServer({ seedDir: MINI_SEED_DIR });
  guarded = await startTestServer({ seedDir: MINI_SEED_DIR, env: { ADMIN_TOKEN: ADMIN } });
});

afterAll(async () => {
  await open?.close();
  await guarded?.close();
  removeTempDirs();
});

const post = (s: TestServer, path: string, body: string | Uint8Array, headers: Record<string, string>) =>
  fetch(`${s.baseUrl}${path}`, { method: 'POST', body, headers });
/** /api/health without `storage`: these tests compare content, and every write makes a new storage generation. */
const health = async (s: TestServer) => {
  const { storage: _storage, ...rest } = (await (await fetch(`${s.baseUrl}/api/health`)).json()) as { nodes: number; edges: number; storage?: unknown };
  return rest;
};

test('with no ADMIN_TOKEN configured, importing is off (403) and the graph is unchanged', async () => {
  const before = await health(open);
  const res = await post(open, '/api/import', JSON.stringify(graphJson('x', 2)), { 'content-type': 'application/json', ...auth });
  expect(res.status).toBe(403);
  expect(await health(open)).toEqual(before);
});

test('without the bearer token an import is refused and the graph is unchanged', async () => {
  const before = await health(guarded);
  const res = await post(guarded, '/api/import', JSON.stringify(graphJson('y', 2)), { 'content-type': 'application/json' });
  expect([401, 403]).toContain(res.status);
  expect(await health(guarded)).toEqual(before);
});

test('a Graph JSON file adds exactly its records, the same file again adds nothing, and undo removes it', async () => {
  const before = await health(guarded);
  const file = JSON.stringify(graphJson('web', 3));
  const first = await post(guarded, '/api/import?name=bases.json', file, { 'content-type': 'application/json', ...auth });
  expect(first.status).toBe(201);
  const summary = (await first.json()) as { importId: string; counts: Record<string, { added: number; changed: number; unchanged: number }> };
  expect(summary.counts).toMatchObject({ nodes: { added: 6, changed: 0 }, edges: { added: 3, changed: 0 } });
  expect(await health(guarded)).toEqual({ ...before, nodes: before.nodes + 6, edges: before.edges + 3 });
  const node = await fetch(`${guarded.baseUrl}/api/nodes/web-c1`);
  expect(node.status).toBe(200);
  // The import log is kept in the graph but is not part of it: the whole-graph export holds entities only.
  const exported = (await (await fetch(`${guarded.baseUrl}/api/export?format=json`)).json()) as { nodes: Array<{ kind: string }> };
  expect(exported.nodes).toHaveLength(before.nodes + 6);
  expect(exported.nodes.map((n) => n.kind)).not.toContain('Import');

  const again = await post(guarded, '/api/import?name=bases.json', file, { 'content-type': 'application/json', ...auth });
  expect(again.status).toBe(201);
  const later = (await again.json()) as typeof summary;
  expect(later.counts).toMatchObject({ nodes: { added: 0, changed: 0, unchanged: 6 }, edges: { added: 0, changed: 0, unchanged: 3 } });

  const list = (await (await fetch(`${guarded.baseUrl}/api/import`, { headers: auth })).json()) as { imports: Array<{ id: string }> };
  expect(list.imports.map((i) => i.id)).toContain(summary.importId);

  // Undo the later (empty) import first: the first one's records were touched by it.
  for (const id of [later.importId, summary.importId]) {
    const undo = await post(guarded, `/api/import/${encodeURIComponent(id)}/undo`, '', auth);
    expect(undo.status).toBe(200);
  }
  expect(await health(guarded)).toEqual(before);
  expect((await fetch(`${guarded.baseUrl}/api/nodes/web-c1`)).status).toBe(404);
});

test('a file with one bad row changes nothing and the answer names the row and field', async () => {
  const before = await health(guarded);
  const graph = graphJson('bad', 4);
  (graph.edges[2] as { target: string }).target = 'no-such-node';
  const res = await post(guarded, '/api/import?name=broken.json', JSON.stringify(graph), { 'content-type': 'application/json', ...auth });
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string; details: { issues: Array<Record<string, unknown>> } } };
  expect(body.error.code).toBe('invalid_request');
  expect(JSON.stringify(body.error.details.issues)).toContain('no-such-node');
  expect(body.error.details.issues[0]).toMatchObject({ file: 'broken.json' });
  expect(await health(guarded)).toEqual(before);
});

test('a dry run reports the counts and writes nothing; an unknown format or an empty body is a 400', async () => {
  const before = await health(guarded);
  const dry = await post(guarded, '/api/import?dryRun=true', JSON.stringify(graphJson('dry', 2)), { 'content-type': 'application/json', ...auth });
  expect(dry.status).toBe(200);
  expect(((await dry.json()) as { dryRun: boolean }).dryRun).toBe(true);
  expect(await health(guarded)).toEqual(before);
  const unknown = await post(guarded, '/api/import', 'hello', { 'content-type': 'text/plain', ...auth });
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/Content-Type "text\/plain"/);
  const empty = await post(guarded, '/api/import', '', { 'content-type': 'application/json', ...auth });
  expect(empty.status).toBe(400);
  const badName = await post(guarded, '/api/import?name=..%2Fetc%2Fpasswd', '{}', { 'content-type': 'application/json', ...auth });
  expect(badName.status).toBe(400);
  expect(await health(guarded)).toEqual(before);
});

describe('multipart uploads', () => {
  const form = (files: Array<[string, string]>): FormData => {
    const f = new FormData();
    for (const [name, text] of files) f.append('file', new Blob([text], { type: 'text/csv' }), name);
    return f;
  };
  const csvFiles = (prefix: string): Array<[string, string]> => {
    const dir = makeTempDir();
    return writeCsvFiles(dir, prefix, 4).map((p) => [path.basename(p), readFileSync(p, 'utf8')]);
  };
  const send = (body: FormData, query = '') => fetch(`${guarded.baseUrl}/api/import${query}`, { method: 'POST', body, headers: auth });

  test('when the CSV files are sent as multipart, they import together as one import', async () => {
    const before = await health(guarded);
    const res = await send(form(csvFiles('mp')));
    expect(res.status).toBe(201);
    const summary = (await res.json()) as { importId: string; files: string[]; counts: Record<string, { added: number }> };
    expect(summary.files.sort()).toEqual(['mp-documents.csv', 'mp-nodes.csv', 'mp-relationships.csv']);
    expect(summary.counts).toMatchObject({ nodes: { added: 8 }, edges: { added: 4 } });
    expect(await health(guarded)).toEqual({ ...before, nodes: before.nodes + 8, edges: before.edges + 4 });
    const log = (await (await fetch(`${guarded.baseUrl}/api/import`, { headers: auth })).json()) as { imports: Array<{ id: string }> };
    expect(log.imports[0]?.id).toBe(summary.importId);
  });

  test('when a multipart dry run is asked, the counts come back and nothing is written', async () => {
    const before = await health(guarded);
    const res = await send(form(csvFiles('mpd')), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { counts: { nodes: { added: number } } }).counts.nodes.added).toBe(8);
    expect(await health(guarded)).toEqual(before);
  });

  test('when a multipart file has a bad name, a name twice, or no file at all, the answer is 400 naming it', async () => {
    const before = await health(guarded);
    const badName = await send(form([['notes.txt', 'hello']]));
    expect(badName.status).toBe(400);
    expect(((await badName.json()) as { error: { message: string } }).error.message).toMatch(/notes\.txt.*\.json, \.csv or \.zip/);
    const files = csvFiles('mpt');
    const twice = await send(form([files[0] as [string, string], files[0] as [string, string]]));
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: { message: string } }).error.message).toMatch(/sent twice/);
    const fieldsOnly = new FormData();
    fieldsOnly.append('note', 'no file here');
    const none = await send(fieldsOnly);
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/no file/);
    expect(await health(guarded)).toEqual(before);
  });

  test('when the multipart body is cut short, the answer is 400 and nothing is written', async () => {
    const before = await health(guarded);
    const boundary = 'xyz123';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="nodes.csv"\r\nContent-Type: text/csv\r\n\r\nid:ID,:LABEL,name\r\nq-1,Country,Q`;
    const res = await fetch(`${guarded.baseUrl}/api/import`, {
      method: 'POST',
      body,
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect(await health(guarded)).toEqual(before);
  });
});
