/**
 * GET /api/influence (model 2) over the real embedded engine: facts of the seed articles (the border
 * guards in 2003, China's loans and the government complex by 2024), shares that sum to 1, the model
 * stated, the robustness check, the equivalence of one search bucketed by year with a search per year;
 * on a small fixture seed: a claim from three articles counts once with higher confidence, a retracted
 * claim lowers nothing, grades edited by import move a score in the documented direction; parameters
 * taken from the request, and bad input answered 400 naming the problem.
 */
import path from 'node:path';
import { findPaths } from '../../server/domain/traversal';
import { enumerateInfluencePaths } from '../../server/domain/influence-paths';
import { evaluatePath, type ScoredEdge } from '../../server/domain/influence-model';
import { claimValidity } from '../../server/domain/influence-validity';
import { DEFAULT_INFLUENCE_PARAMETERS, type InfluenceResult } from '../../server/domain/influence-model';
import { importGraph, ImportValidationError, undoImport } from '../../server/domain/import-graph';
import { PROJECT_ROOT } from '../../server/project-paths';
import { seedStore } from '../../server/domain/seed-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import { writeJsonFile } from '../support/import-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

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
    // The model is stated with the parameters in force.
    expect(r.model.version).toBe(2);
    expect(r.model.summary.join(' ')).toMatch(/share of what the compared powers hold/);
    expect(r.model.summary.join(' ')).toContain('decay 0.5');
    // Every relationship the answer names comes with its quotes.
    for (const e of r.edges) expect(e.sources.length).toBeGreaterThan(0);
  });

  test("Moscow's military channel rests on the 2003 troop figure in 2003 and on the 2011 figure from 2011, not both", async () => {
    const r = await influence(seed, `${FOUR}&from=2003&to=2011`);
    const military = (year: number) => pointOf(r, 'russia', year).channels.find((c) => c.category === 'military')?.edges ?? [];
    expect(military(2003)).toContain('russian-troops-in-tajikistan-2003');
    expect(military(2003)).not.toContain('russian-troops-in-tajikistan-2011');
    expect(military(2011)).toContain('russian-troops-in-tajikistan-2011');
    expect(military(2011)).not.toContain('russian-troops-in-tajikistan-2003');
    const figure = r.edges.find((e) => e.id === 'russian-troops-in-tajikistan-2011');
    expect(figure?.sources[0]?.quote).toMatch(/7,000 troops/);
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

  test('each year the shares of the powers sum to 1, every claim counts once, and the ranking is checked', async () => {
    const r = await influence(seed, `${FOUR}&from=2003&to=2024`);
    for (let i = 0; i < 22; i += 1) {
      const points = r.series.map((s) => s.points[i]);
      const total = points.reduce((sum, p) => sum + (p?.hold ?? 0), 0);
      expect(total).toBeGreaterThan(0);
      expect(points.reduce((sum, p) => sum + (p?.score ?? 0), 0)).toBeCloseTo(1, 9);
      for (const p of points) {
        expect(p?.score).toBeCloseTo((p?.hold ?? 0) / total, 9);
        expect(p?.channels.reduce((sum, c) => sum + c.score, 0)).toBeCloseTo(p?.score ?? 0, 9);
      }
    }
    for (const s of r.series) {
      // A claim's runs of years never overlap: it counts once per year.
      for (const c of s.claims) for (let k = 1; k < c.spans.length; k += 1) expect(c.spans[k]?.from).toBeGreaterThan(c.spans[k - 1]?.to ?? Infinity);
      for (const p of s.points) {
        const fromClaims = s.claims.reduce((sum, c) => sum + (c.spans.find((x) => x.from <= p.year && p.year <= x.to)?.contribution ?? 0), 0);
        expect(fromClaims).toBeCloseTo(p.hold, 9);
      }
    }
    expect(r.robustness.checked).toBe(true);
    expect(r.robustness.variants.length).toBeGreaterThan(30);
    expect(r.robustness.note.length).toBeGreaterThan(0);
    // Every claim named comes with its sources and their grades (the seed rule's).
    const edges = new Map(r.edges.map((e) => [e.id, e]));
    for (const c of r.series.flatMap((s) => s.claims)) {
      const e = edges.get(c.edge);
      expect(e?.properties.sourceGrades).toEqual(c.grades);
      expect(c.grades).toHaveLength(e?.sources.length ?? -1);
    }
  });

  test('one search without a year, bucketed by the years every hop held, equals a search per year', async () => {
    const store = seed.app.store;
    const found = await enumerateInfluencePaths(store, ['russia', 'china'], 'tajikistan', 3, 100_000, () => new Set());
    const all = [...found.values()].flatMap((f) => f.paths);
    const edges = await store.getEdges([...new Set(all.flatMap((p) => p.hops.flat()))]);
    const nodes = new Map((await store.getNodes([...new Set(all.flatMap((p) => p.nodes))])).map((n) => [n.id, n]));
    const validity = claimValidity(edges, nodes);
    const scored = new Map<string, ScoredEdge>(
      edges.map((e) => [e.id, { id: e.id, type: e.type, category: null, confidence: 1, weight: 0, carry: 1, retracted: false, validity: validity.get(e.id) ?? { yearFrom: null, yearTo: null } }]),
    );
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
      const perYear = await findPaths(seed.app.store, { from: s.power, to: 'tajikistan', maxHops: 3, year: 2015, direction: 'any', limit: 100_000, metonyms: false });
      expect(s.points[0]?.paths).toBe(perYear.length);
    }
  });

  test('when a category weighs 0, that channel adds nothing and the hold falls by the channel\'s', async () => {
    const base = await influence(seed, `${FOUR}&from=2003&to=2003`);
    const noMilitary = await influence(seed, `${FOUR}&from=2003&to=2003&weights=military:0`);
    expect(noMilitary.parameters.categoryWeights.military).toBe(0);
    expect(noMilitary.parameters.categoryWeights.economic).toBe(DEFAULT_INFLUENCE_PARAMETERS.categoryWeights.economic);
    const before = pointOf(base, 'russia', 2003);
    const after = pointOf(noMilitary, 'russia', 2003);
    expect(after.channels.find((c) => c.category === 'military')?.hold ?? 0).toBe(0);
    expect(after.hold).toBeCloseTo(before.hold - (before.channels.find((c) => c.category === 'military')?.hold ?? 0), 9);
  });
});

describe('claims, sources and grades (fixture seed; publisher "Test Wire" is graded F by the seed rule)', () => {
  // A source stated as fact by an unknown publisher is F2: 0.5 × 0.8 = 0.4; a direct economic claim weighs 0.8 of its confidence.
  const F2 = 0.5 * 0.8;

  test('a claim from three articles counts once, with a higher confidence: 1 - (1 - c)^3, not 3c', async () => {
    const r = await influence(fixture, 'target=home&powers=east,west&from=2020&to=2020');
    const east = pointOf(r, 'east', 2020);
    const west = pointOf(r, 'west', 2020);
    expect(east.claims).toBe(1);
    expect(west.claims).toBe(1);
    expect(west.hold).toBeCloseTo(0.8 * F2, 9);
    expect(east.hold).toBeCloseTo(0.8 * (1 - (1 - F2) ** 3), 9);
    expect(east.hold).toBeLessThan(3 * west.hold);
    const claim = r.series.find((s) => s.power === 'east')?.claims[0];
    expect(claim).toMatchObject({ edge: 'east-lends-to-home-2020', grades: ['F2', 'F2', 'F2'] });
    expect(east.score + west.score).toBeCloseTo(1, 9);
  });

  test('a retracted claim lowers nothing and adds nothing', async () => {
    const r = await influence(fixture, 'target=home&powers=north,rumour,west&from=2020&to=2020');
    // North's retracted $300 million loan (stronger by its quantity, were it counted) leaves its plain loan alone.
    const north = pointOf(r, 'north', 2020);
    expect(north.claims).toBe(1);
    expect(north.hold).toBeCloseTo(pointOf(r, 'west', 2020).hold, 9);
    expect(r.series.flatMap((s) => s.claims.map((c) => c.edge))).not.toContain('north-big-loan-to-home-2020');
    // Rumourland's only tie is retracted: nothing holds, and the others' shares still sum to 1.
    expect(pointOf(r, 'rumour', 2020)).toMatchObject({ paths: 0, claims: 0, hold: 0, score: 0 });
    expect(north.score + pointOf(r, 'west', 2020).score).toBeCloseTo(1, 9);
  });

  test('a disputed loan weighs less than the same loan stated as fact, by its credibility grade (4 against 2)', async () => {
    const r = await influence(fixture, 'target=home&powers=north,south&from=2020&to=2020');
    const confirmed = pointOf(r, 'north', 2020);
    const disputed = pointOf(r, 'south', 2020);
    expect(disputed.hold).toBeCloseTo(confirmed.hold * (0.4 / 0.8), 9);
    expect(disputed.score).toBeLessThan(confirmed.score);
  });

  test('when the request weighs credibility 4 like 2, both loans weigh the same', async () => {
    const r = await influence(fixture, 'target=home&powers=north,south&from=2020&to=2020&credibilityWeights=4:0.8');
    expect(pointOf(r, 'south', 2020).score).toBeCloseTo(pointOf(r, 'north', 2020).score, 9);
  });

  test('grades edited by an import move the score in the documented direction, and undo restores it', async () => {
    const store = fixture.app.store;
    const vocabulary = await readVocabulary(FIXTURE_SEED);
    const query = 'target=home&powers=north,west&from=2020&to=2020';
    const before = pointOf(await influence(fixture, query), 'north', 2020);
    const [stored] = await store.getEdges(['north-lends-to-home-2020']);
    if (!stored) throw new Error('the fixture loan is missing');
    expect(stored.properties.sourceGrades).toEqual(['F2']);
    const regrade = async (grade: string): Promise<string> => {
      const edge = { ...stored, properties: { ...stored.properties, sourceGrades: [grade] } };
      const file = writeJsonFile(makeTempDir(), 'regrade.json', { nodes: [], edges: [edge], documents: [] });
      const summary = await importGraph(store, [{ name: 'regrade.json', path: file }], { actor: 'test', vocabulary });
      expect(summary.counts.edges.changed).toBe(1);
      return summary.importId ?? '';
    };
    const better = await regrade('A1');
    const afterBetter = pointOf(await influence(fixture, query), 'north', 2020);
    expect(afterBetter.hold).toBeCloseTo(0.8 * 1, 9);
    expect(afterBetter.score).toBeGreaterThan(before.score);
    await undoImport(store, better, { actor: 'test' });
    const worse = await regrade('E5');
    const afterWorse = pointOf(await influence(fixture, query), 'north', 2020);
    expect(afterWorse.hold).toBeCloseTo(0.8 * 0.2 * 0.2, 9);
    expect(afterWorse.score).toBeLessThan(before.score);
    await undoImport(store, worse, { actor: 'test' });
    expect(pointOf(await influence(fixture, query), 'north', 2020).hold).toBeCloseTo(before.hold, 12);
  });

  test('an import with a wrong grade or a grade count unlike the sources is refused, naming the record', async () => {
    const store = fixture.app.store;
    const vocabulary = await readVocabulary(FIXTURE_SEED);
    const [stored] = await store.getEdges(['east-lends-to-home-2020']);
    if (!stored) throw new Error('the fixture loan is missing');
    for (const [grades, message] of [[['B2', 'G9', 'B2'], /entry 1 \("G9"\) is not an Admiralty grade/], [['B2'], /1 grade for 3 sources/]] as const) {
      const file = writeJsonFile(makeTempDir(), 'bad.json', { nodes: [], edges: [{ ...stored, properties: { ...stored.properties, sourceGrades: grades } }], documents: [] });
      const error = await importGraph(store, [{ name: 'bad.json', path: file }], { actor: 'test', vocabulary }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportValidationError);
      const issue = (error as ImportValidationError).issues.find((i) => i.field === 'properties.sourceGrades');
      expect(issue?.message).toMatch(message);
      expect(issue?.file).toBe('bad.json');
    }
    expect((await store.getEdges(['east-lends-to-home-2020']))[0]?.properties.sourceGrades).toEqual(['F2', 'F2', 'F2']);
  });

  test('before the loans (2019) no path holds and every share is 0', async () => {
    const r = await influence(fixture, 'target=home&powers=north,west&from=2019&to=2020');
    expect(pointOf(r, 'north', 2019)).toMatchObject({ paths: 0, shortest: null, hold: 0, score: 0, channels: [], topPaths: [] });
    expect(pointOf(r, 'west', 2019)).toMatchObject({ hold: 0, score: 0 });
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
    ['target=home&powers=north&reliabilityWeights=G:1', 'reliabilityWeights'],
    ['target=home&powers=north&credibilityWeights=2:3', 'credibilityWeights'],
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
