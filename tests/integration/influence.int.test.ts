/**
 * GET /api/influence over the real embedded engine: facts of the seed articles (the border guards in
 * 2003, China's loans and the government complex by 2024), the equivalence of one search bucketed by
 * year with a search per year, a disputed claim weighing less than a confirmed one (small fixture seed),
 * parameters taken from the request, and bad input answered 400 naming the problem.
 */
import path from 'node:path';
import { findPaths } from '../../server/domain/traversal';
import { enumerateInfluencePaths } from '../../server/domain/influence-paths';
import { evaluatePath, type ScoredEdge } from '../../server/domain/influence-model';
import { validityOf } from '../../server/domain/validity';
import { DEFAULT_INFLUENCE_PARAMETERS, type InfluenceResult } from '../../server/domain/influence-model';
import { PROJECT_ROOT } from '../../server/project-paths';
import { seedStore } from '../../server/domain/seed-graph';
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

const FIXTURE_SEED = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'influence-seed');

let seed: TestServer;
/** The fixture seed is loaded into the same store: its three nodes touch none of graph-seed's, and one
 * embedded database fewer per jest worker keeps clear of Kuzu's address-space reservation per database. */
let fixture: TestServer;

async function get(server: TestServer, query: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.baseUrl}/api/influence?${query}`);
  return { status: res.status, body: await res.json() };
}

async function influence(server: TestServer, query: string): Promise<InfluenceResult> {
  const { status, body } = await get(server, query);
  expect(status).toBe(200);
  return body as InfluenceResult;
}

function pointOf(result: InfluenceResult, power: string, year: number) {
  const point = result.series.find((s) => s.power === power)?.points.find((p) => p.year === year);
  if (!point) throw new Error(`no point for ${power} in ${year}`);
  return point;
}

const FOUR = 'target=dushanbe&powers=moscow,washington,brussels,beijing';

beforeAll(async () => {
  seed = await startTestServer();
  await seedStore(seed.app.store, FIXTURE_SEED);
  fixture = seed;
});

afterAll(async () => {
  await seed.close();
  removeTempDirs();
});

describe('the seed graph', () => {
  test('when asked by capital names, it reads them as the states (metonym rule) and answers every year for every power', async () => {
    const r = await influence(seed, `${FOUR}&from=2003&to=2024`);
    expect(r.target.node.id).toBe('tajikistan');
    expect(r.powers.map((p) => [p.query, p.node.id])).toEqual([
      ['moscow', 'russia'],
      ['washington', 'united-states'],
      ['brussels', 'european-union'],
      ['beijing', 'china'],
    ]);
    expect(r.years).toEqual({ from: 2003, to: 2024 });
    expect(r.parameters).toEqual(DEFAULT_INFLUENCE_PARAMETERS);
    for (const s of r.series) {
      expect(s.points.map((p) => p.year)).toEqual(Array.from({ length: 22 }, (_, i) => 2003 + i));
      expect(s.truncated).toBe(false);
    }
    // Every relationship the answer names comes with its quotes.
    for (const e of r.edges) expect(e.sources.length).toBeGreaterThan(0);
  });

  test("in 2003 Moscow's military channel includes the Russian border guards, withdrawn in 2005", async () => {
    const r = await influence(seed, `${FOUR}&from=2003&to=2006`);
    const military = (year: number) => pointOf(r, 'russia', year).channels.find((c) => c.category === 'military');
    expect(military(2003)?.edges).toContain('russian-border-guards-in-tajikistan-until-2005');
    const withdrawal = r.edges.find((e) => e.id === 'russian-border-guards-in-tajikistan-until-2005');
    expect(withdrawal).toMatchObject({ source: 'russian-border-guards', type: 'DEPLOYS_TO', target: 'tajikistan', properties: { validTo: '2005' } });
    expect(withdrawal?.sources[0]?.quote).toMatch(/border guards/i);
    expect(military(2005)?.edges).toContain('russian-border-guards-in-tajikistan-until-2005');
    expect(military(2006)?.edges ?? []).not.toContain('russian-border-guards-in-tajikistan-until-2005');
    // The 2003 troop figure ends with the withdrawal too, rather than counting for every later year.
    expect(military(2003)?.edges).toContain('russian-border-guards-in-tajikistan-2003');
    expect(military(2006)?.edges ?? []).not.toContain('russian-border-guards-in-tajikistan-2003');
  });

  test("by 2024 Beijing's economic channel includes its loans and the government complex it builds in Dushanbe", async () => {
    const r = await influence(seed, `${FOUR}&from=2003&to=2024&topPaths=10`);
    const economic = pointOf(r, 'china', 2024).channels.find((c) => c.category === 'economic');
    const edges = new Map(r.edges.map((e) => [e.id, e]));
    const named = (economic?.edges ?? []).map((id) => edges.get(id));
    expect(named.some((e) => e?.type === 'LENDS_TO' && e.source === 'china')).toBe(true);
    expect(named.some((e) => e?.type === 'BUILDS' && e.source === 'china' && e.target === 'government-complex-dushanbe')).toBe(true);
    const viaComplex = pointOf(r, 'china', 2024).topPaths.find((p) => p.nodes.includes('government-complex-dushanbe'));
    expect(viaComplex?.hops[0]?.type).toBe('BUILDS');
    // In 2003 China had no economic tie to Tajikistan in the articles, and its score was lower.
    expect(pointOf(r, 'china', 2003).channels.find((c) => c.category === 'economic')).toBeUndefined();
    expect(pointOf(r, 'china', 2024).score).toBeGreaterThan(pointOf(r, 'china', 2003).score);
  });

  test('one search without a year, bucketed by the years every hop held, equals a search per year', async () => {
    const store = seed.app.store;
    const found = await enumerateInfluencePaths(store, ['russia', 'china'], 'tajikistan', 3, 100_000, () => new Set());
    const all = [...found.values()].flatMap((f) => f.paths);
    const edges = await store.getEdges([...new Set(all.flatMap((p) => p.hops.flat()))]);
    const nodes = new Map((await store.getNodes([...new Set(all.flatMap((p) => p.nodes))])).map((n) => [n.id, n]));
    const scored = new Map<string, ScoredEdge>(edges.map((e) => [e.id, { id: e.id, type: e.type, category: null, weight: 1, validity: validityOf(e, nodes) }]));
    for (const power of ['russia', 'china']) {
      const candidates = found.get(power)?.paths ?? [];
      expect(candidates.length).toBeGreaterThan(0);
      for (let year = 2003; year <= 2024; year += 1) {
        const bucketed = candidates.filter((p) => evaluatePath(p, scored, year, 0.5) !== null).map((p) => p.nodes.join('>'));
        const perYear = await findPaths(store, { from: power, to: 'tajikistan', maxHops: 3, year, direction: 'any', limit: 100_000, metonyms: false });
        expect(bucketed.sort()).toEqual(perYear.map((p) => p.nodes.map((n) => n.id).join('>')).sort());
      }
    }
  });

  test('when other powers may be passed through, the counts are those of a search per year', async () => {
    const r = await influence(seed, `${FOUR}&from=2015&to=2015&throughOtherPowers=true`);
    for (const s of r.series) {
      const perYear = await findPaths(seed.app.store, { from: s.power, to: 'tajikistan', maxHops: 3, year: 2015, direction: 'any', limit: 100_000 });
      expect(s.points[0]?.paths).toBe(perYear.length);
    }
  });

  test('when a category weighs 0, that channel adds nothing and the score falls by its share', async () => {
    const base = await influence(seed, `${FOUR}&from=2003&to=2003`);
    const noMilitary = await influence(seed, `${FOUR}&from=2003&to=2003&weights=military:0`);
    expect(noMilitary.parameters.categoryWeights.military).toBe(0);
    expect(noMilitary.parameters.categoryWeights.economic).toBe(DEFAULT_INFLUENCE_PARAMETERS.categoryWeights.economic);
    const before = pointOf(base, 'russia', 2003);
    const after = pointOf(noMilitary, 'russia', 2003);
    expect(after.channels.find((c) => c.category === 'military')?.score ?? 0).toBe(0);
    expect(after.score).toBeCloseTo(before.score - (before.channels.find((c) => c.category === 'military')?.score ?? 0), 9);
  });
});

describe('status of a claim (fixture seed)', () => {
  test('a disputed loan weighs less than the same loan stated as fact, by the disputed factor', async () => {
    const r = await influence(fixture, 'target=home&powers=north,south&from=2020&to=2020');
    const confirmed = pointOf(r, 'north', 2020);
    const disputed = pointOf(r, 'south', 2020);
    expect(confirmed.paths).toBe(1);
    expect(disputed.paths).toBe(1);
    expect(disputed.score).toBeLessThan(confirmed.score);
    expect(disputed.score).toBeCloseTo(confirmed.score * r.parameters.statusFactors.disputed, 9);
  });

  test('when the request counts disputed claims in full, both loans weigh the same', async () => {
    const r = await influence(fixture, 'target=home&powers=north,south&from=2020&to=2020&statusFactors=disputed:1');
    expect(pointOf(r, 'south', 2020).score).toBeCloseTo(pointOf(r, 'north', 2020).score, 9);
  });

  test('before the loans (2019) no path holds and the score is 0', async () => {
    const r = await influence(fixture, 'target=home&powers=north&from=2019&to=2020');
    expect(pointOf(r, 'north', 2019)).toMatchObject({ paths: 0, shortest: null, score: 0, channels: [], topPaths: [] });
    expect(pointOf(r, 'north', 2020)).toMatchObject({ paths: 1, shortest: 1 });
  });
});

describe('bad input', () => {
  test.each([
    ['powers=north', 'target'],
    ['target=home', 'powers'],
    ['target=home&powers=north&maxHops=9', 'maxHops must be at most 4'],
    ['target=home&powers=north&decay=0', 'decay'],
    ['target=home&powers=north&weights=nuclear:1', 'weights'],
    ['target=home&powers=north&statusFactors=disputed:2', 'statusFactors'],
    ['target=home&powers=north&from=2024&to=2003', 'from'],
    ['target=home&powers=north&from=1000&to=2999', 'years'],
    ['target=home&powers=north&throughOtherPowers=maybe', 'throughOtherPowers'],
    ['target=home&powers=north,atlantis,lemuria', '"atlantis" (powers), "lemuria" (powers)'],
    ['target=home&powers=home', 'names home'],
    ['target=home&powers=north,northland', 'names north'],
  ])('when the query is %s it answers 400 naming %s', async (query, mentions) => {
    const { status, body } = await get(fixture, query);
    expect(status).toBe(400);
    const error = (body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(mentions);
  });
});
