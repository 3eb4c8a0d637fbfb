/**
 * Paths an analyst can defend, on the seed graph through the real server and embedded engine: capitals read
 * as their states, every tie of a hop, and time that follows the evidence (horizon, supersession).
 */
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';
import type { GraphEdge, GraphPath, NodeDetails, PathsResult } from '../../server/domain/graph-model';

let server: TestServer;

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(server.baseUrl + path);
  return { status: res.status, body: (await res.json()) as T };
}

async function paths(query: string): Promise<PathsResult> {
  const r = await get<PathsResult>(`/api/paths?${query}`);
  expect(r.status).toBe(200);
  return r.body;
}

const tieIds = (p: GraphPath, hop: number): string[] => (p.hops?.[hop]?.ties ?? []).flatMap((g) => g.edges.map((e) => e.id));
const allTieTypes = (p: GraphPath): string[] => (p.hops ?? []).flatMap((h) => h.ties.map((g) => g.type));

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('metonyms', () => {
  test('Dushanbe to Beijing with only economic categories finds the loans and investments, naming the capitals as their states', async () => {
    const r = await paths('from=dushanbe&to=beijing&maxHops=4&categories=economic');
    expect(r.from?.label).toBe('Dushanbe (Tajikistan)');
    expect(r.to?.label).toBe('Beijing (China)');
    expect(r.from?.link?.type).toBe('CAPITAL_OF');
    expect(r.paths.length).toBeGreaterThan(0);
    const direct = r.paths.find((p) => p.nodes.map((n) => n.id).join('>') === 'tajikistan>china');
    expect(direct).toBeDefined();
    const types = allTieTypes(direct!);
    expect(types).toEqual(expect.arrayContaining(['LENDS_TO', 'INVESTS_IN']));
    for (const p of r.paths) expect(p.edges.map((e) => e.type)).not.toContain('CAPITAL_OF');
  });

  test('when the rule is on, no path hops over a CAPITAL_OF link; with metonyms=off the city itself is traced', async () => {
    const on = await paths('from=dushanbe&to=moscow&maxHops=3');
    expect(on.paths.length).toBeGreaterThan(0);
    expect(on.paths[0]!.nodes[0]!.id).toBe('tajikistan');
    for (const p of on.paths) expect(allTieTypes(p)).not.toContain('CAPITAL_OF');

    const off = await paths('from=dushanbe&to=moscow&maxHops=3&metonyms=off');
    expect(off.from).toBeUndefined();
    expect(off.paths.length).toBeGreaterThan(0);
    expect(off.paths.every((p) => p.nodes[0]!.id === 'dushanbe' && p.nodes.at(-1)!.id === 'moscow')).toBe(true);
  });

  test('when a capital and its own state are asked for, the answer is a 400 that says so', async () => {
    const r = await get<{ error: { code: string; message: string } }>('/api/paths?from=dushanbe&to=tajikistan');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('Dushanbe (Tajikistan)');
    expect(r.body.error.message).toContain('metonyms=off');
  });

  test('when metonyms or horizon are malformed, the 400 names the parameter', async () => {
    const bad = await get<{ error: { code: string; message: string } }>('/api/paths?from=dushanbe&to=moscow&metonyms=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('metonyms');
    const horizon = await get<{ error: { code: string; message: string } }>('/api/paths?from=dushanbe&to=moscow&year=2011&horizon=-3');
    expect(horizon.status).toBe(400);
    expect(horizon.body.error.message).toContain('horizon');
  });
});

describe('every tie of a hop', () => {
  test('the Tajikistan–Russia hop lists all their relationships, grouped by type with counts', async () => {
    const details = (await get<NodeDetails>('/api/nodes/tajikistan')).body;
    const direct = details.edges.filter((e: GraphEdge) => [e.source, e.target].includes('russia') && e.source !== e.target);
    expect(direct.length).toBeGreaterThan(10);
    const r = await paths('from=tajikistan&to=russia&maxHops=1');
    const hop = r.paths[0]!.hops![0]!;
    expect(hop.count).toBe(direct.length);
    expect(new Set(tieIds(r.paths[0]!, 0))).toEqual(new Set(direct.map((e) => e.id)));
    expect(hop.ties.reduce((n, g) => n + g.count, 0)).toBe(direct.length);
    const remittances = hop.ties.find((g) => g.type === 'PAYS_REMITTANCES');
    expect(remittances?.count).toBe(direct.filter((e) => e.type === 'PAYS_REMITTANCES').length);
    // Strongest evidence first: the first group's best tie has at least as many sources as any other.
    const best = hop.ties[0]!.edges[0]!.sources.length;
    expect(Math.max(...hop.ties.flatMap((g) => g.edges.map((e) => e.sources.length)))).toBe(best);
  });

  test('a hop passes a type filter through any of its ties and still lists the others', async () => {
    const r = await paths('from=tajikistan&to=russia&maxHops=1&types=PAYS_REMITTANCES');
    expect(r.paths).toHaveLength(1);
    expect(r.paths[0]!.edges[0]!.type).toBe('PAYS_REMITTANCES');
    expect(r.paths[0]!.hops![0]!.ties.map((g) => g.type)).toContain('ALLY_OF');
  });
});

describe('time that follows the evidence', () => {
  test('in a year before any source no path exists', async () => {
    expect((await paths('from=dushanbe&to=moscow&maxHops=4&year=1850')).paths).toEqual([]);
    expect((await paths('from=dushanbe&to=moscow&maxHops=4&year=2011')).paths.length).toBeGreaterThan(0);
  });

  test("Russia's 2011 military ties rest on the 2011 troop figures, not the 2003 ones", async () => {
    const in2011 = await paths('from=russia&to=tajikistan&maxHops=1&year=2011&categories=military');
    const ties2011 = tieIds(in2011.paths[0]!, 0);
    expect(ties2011).toContain('russian-troops-in-tajikistan-2011');
    expect(ties2011).not.toContain('russian-troops-in-tajikistan-2003');
    const in2005 = await paths('from=russia&to=tajikistan&maxHops=1&year=2005&categories=military');
    expect(tieIds(in2005.paths[0]!, 0)).toContain('russian-troops-in-tajikistan-2003');
    expect(in2005.horizon).toBe(8);
  });

  test('a claim no source reconfirms fades after the horizon, which a request can widen', async () => {
    // The 2003 strategic-ally claim between Tajikistan and the US has no later source.
    const late = await get<{ nodes: Array<{ id: string }>; edges: GraphEdge[] }>('/api/nodes/united-states/neighborhood?year=2020');
    expect(late.body.edges.map((e) => e.id)).not.toContain('tajikistan-us-strategic-ally-2003');
    const wide = await get<{ edges: GraphEdge[] }>('/api/nodes/united-states/neighborhood?year=2020&horizon=30');
    expect(wide.body.edges.map((e) => e.id)).toContain('tajikistan-us-strategic-ally-2003');
    const early = await get<{ edges: GraphEdge[] }>('/api/nodes/united-states/neighborhood?year=2005');
    expect(early.body.edges.map((e) => e.id)).toContain('tajikistan-us-strategic-ally-2003');
  });
});
