/**
 * /api/edits over real HTTP with the embedded engine (issue 19, editing in the explorer): entities,
 * relationships and single sources created, replaced and deleted; each edit is an import in the log, and
 * undoing it leaves the whole graph (entities, relationships, their properties and sources) exactly as before.
 * Bad input is a 400 naming the field; without the admin token nothing is written.
 */
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

interface Exported {
  nodes: Array<{ id: string }>;
  edges: Array<{ id: string }>;
}

/** The whole graph, records sorted by id, so two reads compare equal exactly when the graphs are equal. */
async function snapshot(): Promise<Exported> {
  const graph = (await (await fetch(`${server.baseUrl}/api/export?format=json`)).json()) as Exported;
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return { nodes: [...graph.nodes].sort(byId), edges: [...graph.edges].sort(byId) };
}

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
  fetch(`${server.baseUrl}/api/edits${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

async function undo(importId: string): Promise<void> {
  const res = await fetch(`${server.baseUrl}/api/import/${encodeURIComponent(importId)}/undo`, { method: 'POST', headers: auth });
  expect(res.status).toBe(200);
}

const quoteA = 'A quote typed by an analyst for the test.';
const newRelationship = {
  type: 'LENDS_TO',
  source: 'alpha',
  target: 'beta',
  properties: { validFrom: '2021', status: 'reported' },
  sources: [{ document: 'doc-b.txt', quote: quoteA }],
};

test('an entity created, then edited, each undone, leaves the graph exactly as before', async () => {
  const before = await snapshot();
  const created = await send('POST', '/entities', { kind: 'Country', name: 'Delta Republic', aliases: ['Delta'], description: 'A test state.' });
  expect(created.status).toBe(201);
  const c = (await created.json()) as { importId: string; entity: string; action: string };
  expect(c).toMatchObject({ entity: 'delta-republic', action: 'created' });
  const node = (await (await fetch(`${server.baseUrl}/api/nodes/delta-republic`)).json()) as { node: { name: string; aliases: string[]; properties: Record<string, unknown> } };
  expect(node.node).toMatchObject({ name: 'Delta Republic', aliases: ['Delta'], properties: { description: 'A test state.' } });

  const mid = await snapshot();
  const edited = await send('PUT', '/entities/delta-republic', { kind: 'Country', name: 'Delta', aliases: [], description: 'Renamed.' });
  expect(edited.status).toBe(200);
  const e = (await edited.json()) as { importId: string; action: string };
  expect(e.action).toBe('replaced');
  const log = (await (await fetch(`${server.baseUrl}/api/import`, { headers: auth })).json()) as { imports: Array<{ id: string }> };
  expect(log.imports.map((i) => i.id).slice(0, 2)).toEqual([e.importId, c.importId]);

  await undo(e.importId);
  expect(await snapshot()).toEqual(mid);
  await undo(c.importId);
  expect(await snapshot()).toEqual(before);
});

test('a relationship created, retyped and given a source removed, each undone, leaves the graph exactly as before', async () => {
  const before = await snapshot();
  const created = await send('POST', '/relationships', newRelationship);
  expect(created.status).toBe(201);
  const c = (await created.json()) as { importId: string; relationship: string };
  expect(c.relationship).toBe('alpha--lends-to--beta');
  const afterCreate = await snapshot();
  const stored = afterCreate.edges.find((x) => x.id === c.relationship) as unknown as { sources: Array<{ quote: string }>; properties: Record<string, unknown> };
  expect(stored.sources.map((s) => s.quote)).toEqual([quoteA]);
  expect(stored.properties).toMatchObject({ validFrom: '2021', status: 'reported' });

  // Retyped and turned around: one change, undone as one.
  const retyped = await send('PUT', `/relationships/${c.relationship}`, {
    ...newRelationship,
    type: 'LENDS_TO',
    source: 'beta',
    target: 'alpha',
    sources: [...newRelationship.sources, { document: 'doc-a.txt', quote: 'A second quote.' }],
  });
  expect(retyped.status).toBe(200);
  const r = (await retyped.json()) as { importId: string };
  const afterRetype = await snapshot();
  const turned = afterRetype.edges.find((x) => x.id === c.relationship) as unknown as { source: string; target: string; sources: unknown[] };
  expect(turned).toMatchObject({ source: 'beta', target: 'alpha' });
  expect(turned.sources).toHaveLength(2);

  const dropped = await send('DELETE', `/relationships/${c.relationship}/sources/0`);
  expect(dropped.status).toBe(200);
  const d = (await dropped.json()) as { importId: string };
  const afterDrop = (await snapshot()).edges.find((x) => x.id === c.relationship) as unknown as { sources: Array<{ quote: string }> };
  expect(afterDrop.sources.map((s) => s.quote)).toEqual(['A second quote.']);

  const last = await send('DELETE', `/relationships/${c.relationship}/sources/0`);
  expect(last.status).toBe(400);
  expect(((await last.json()) as { error: { message: string } }).error.message).toMatch(/only source/);

  await undo(d.importId);
  expect(await snapshot()).toEqual(afterRetype);
  await undo(r.importId);
  expect(await snapshot()).toEqual(afterCreate);
  await undo(c.importId);
  expect(await snapshot()).toEqual(before);
});

test('a seed relationship deleted and undone comes back with its properties and every source', async () => {
  const before = await snapshot();
  const res = await send('DELETE', '/relationships/alpha-hosts-base-2004');
  expect(res.status).toBe(200);
  const d = (await res.json()) as { importId: string; removedRelationships: Array<{ id: string }> };
  expect(d.removedRelationships.map((x) => x.id)).toEqual(['alpha-hosts-base-2004']);
  const after = await snapshot();
  expect(after.edges.map((x) => x.id)).not.toContain('alpha-hosts-base-2004');
  expect(after.edges).toHaveLength(before.edges.length - 1);
  await undo(d.importId);
  expect(await snapshot()).toEqual(before);
});

test('an entity deleted goes with its relationships, named by a dry run first; undo restores all of them', async () => {
  const before = await snapshot();
  const dry = await send('DELETE', '/entities/beta?dryRun=true');
  expect(dry.status).toBe(200);
  const plan = (await dry.json()) as { importId?: string; removedRelationships: Array<{ id: string }> };
  expect(plan.importId).toBeUndefined();
  const touching = before.edges.filter((x) => {
    const e = x as unknown as { source: string; target: string };
    return e.source === 'beta' || e.target === 'beta';
  });
  expect(plan.removedRelationships.map((x) => x.id).sort()).toEqual(touching.map((x) => x.id).sort());
  expect(touching.length).toBeGreaterThanOrEqual(3);
  expect(await snapshot()).toEqual(before);

  const res = await send('DELETE', '/entities/beta');
  expect(res.status).toBe(200);
  const d = (await res.json()) as { importId: string };
  const after = await snapshot();
  expect(after.nodes.map((n) => n.id)).not.toContain('beta');
  expect(after.edges).toHaveLength(before.edges.length - touching.length);
  expect((await fetch(`${server.baseUrl}/api/nodes/beta`)).status).toBe(404);

  await undo(d.importId);
  expect(await snapshot()).toEqual(before);
});

test('a quote not verbatim in its document\'s stored text is refused naming the source; a verbatim one (curly quotes folded) is kept', async () => {
  const text = 'Alpha and Beta signed a loan. Beta said the \u201cmoney arrives next spring\u201d, officials confirmed.';
  const stored = await fetch(`${server.baseUrl}/api/documents`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ id: 'edit-verbatim.txt', text, publisher: 'Test Wire', title: 'A loan', published: '2021-05-01' }),
  });
  expect(stored.status).toBe(201);
  const before = await snapshot();
  const edit = { ...newRelationship, sources: [{ document: 'edit-verbatim.txt', quote: 'Alpha and Beta signed two loans.' }] };
  const refused = await send('POST', '/relationships', edit);
  expect(refused.status).toBe(400);
  const answer = (await refused.json()) as { error: { message: string; details: { field: string } } };
  expect(answer.error.message).toMatch(/sources\.0\.quote.*not in the text of document "edit-verbatim.txt"/);
  expect(answer.error.details.field).toBe('sources.0.quote');
  expect(await snapshot()).toEqual(before);

  const kept = await send('POST', '/relationships', { ...edit, sources: [{ document: 'edit-verbatim.txt', quote: 'Beta said the "money arrives next spring", officials confirmed.' }] });
  expect(kept.status).toBe(201);
  await undo(((await kept.json()) as { importId: string }).importId);
  expect(await snapshot()).toEqual(before);
});

test('bad input is a 400 naming the field, and the graph is unchanged', async () => {
  const before = await snapshot();
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['POST', '/entities', { kind: 'Planet', name: 'Mars' }, /kind/],
    ['POST', '/entities', { kind: 'Country', name: '' }, /name/],
    ['POST', '/entities', { kind: 'Country', name: 'Alpha', id: 'alpha' }, /"id"/],
    ['POST', '/relationships', { ...newRelationship, type: 'INVADES' }, /type/],
    ['POST', '/relationships', { ...newRelationship, type: 'lends' }, /type/],
    ['POST', '/relationships', { ...newRelationship, target: 'nowhere' }, /target/],
    ['POST', '/relationships', { ...newRelationship, source: 'alpha-city' }, /source|kind/],
    ['POST', '/relationships', { ...newRelationship, sources: [] }, /sources/],
    ['POST', '/relationships', { ...newRelationship, sources: [{ document: 'no-such-doc', quote: 'x' }] }, /document/],
    ['POST', '/relationships', { ...newRelationship, properties: { status: 'rumoured' } }, /status/],
    ['PUT', '/relationships/alpha-hosts-base-2004', { ...newRelationship, sources: [{ document: 'doc-a.txt' }] }, /quote/],
    ['DELETE', '/relationships/alpha-hosts-base-2004/sources/7', undefined, /index/],
  ];
  for (const [method, path, body, field] of cases) {
    const res = await send(method, path, body);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
    expect(answer.error.message).toMatch(field);
  }
  expect((await send('PUT', '/entities/nobody', { kind: 'Country', name: 'X' })).status).toBe(404);
  expect((await send('DELETE', '/relationships/nothing-here')).status).toBe(404);
  expect(await snapshot()).toEqual(before);
});

test('without the admin token every edit is refused (401) and the graph is unchanged', async () => {
  const before = await snapshot();
  const json = { 'content-type': 'application/json' };
  const wrong = { ...json, authorization: 'Bearer not-the-token-0123456789abcdef' };
  for (const headers of [json, wrong]) {
    expect((await send('POST', '/entities', { kind: 'Country', name: 'Nope' }, headers)).status).toBe(401);
    expect((await send('POST', '/relationships', newRelationship, headers)).status).toBe(401);
    expect((await send('DELETE', '/entities/alpha', undefined, headers)).status).toBe(401);
    expect((await send('DELETE', '/relationships/alpha-hosts-base-2004/sources/0', undefined, headers)).status).toBe(401);
  }
  expect(await snapshot()).toEqual(before);
});
