/**
 * The influence model without a store: relationship weights, a path's contribution and its split into
 * channels in a given year, the request's parameters (query string -> overrides -> validated parameters)
 * and the CLI's table.
 */
import type { GraphEdge } from '../../server/domain/graph-model';
import {
  DEFAULT_INFLUENCE_PARAMETERS,
  evaluatePath,
  weighEdge,
  type CandidatePath,
  type InfluenceResult,
  type ScoredEdge,
} from '../../server/domain/influence-model';
import { resolveParameters } from '../../server/domain/influence';
import { InfluenceQuerySchema, toInfluenceQuery } from '../../server/http/request-schemas';
import { formatInfluenceTable } from '../../server/cli/influence-table';

const P = DEFAULT_INFLUENCE_PARAMETERS;

function edge(type: string, properties: GraphEdge['properties'] = {}): GraphEdge {
  return { id: `e-${type}`, type, source: 'a', target: 'b', properties, sources: [{ document: 'd', quote: 'q' }] };
}

function scored(id: string, type: string, category: ScoredEdge['category'], weight: number, yearFrom: number | null = null, yearTo: number | null = null): ScoredEdge {
  return { id, type, category, weight, validity: { yearFrom, yearTo } };
}

describe('the weight of a relationship', () => {
  test('a claim stated as fact weighs its category weight', () => {
    expect(weighEdge(edge('LENDS_TO'), 'economic', P)).toBe(P.categoryWeights.economic);
  });

  test('a disputed, alleged, planned or retracted claim weighs less, by its status factor', () => {
    for (const status of ['disputed', 'alleged', 'planned', 'retracted'] as const) {
      expect(weighEdge(edge('LENDS_TO', { status }), 'economic', P)).toBeCloseTo(P.categoryWeights.economic * P.statusFactors[status], 12);
    }
    expect(weighEdge(edge('LENDS_TO', { status: 'retracted' }), 'economic', P)).toBe(0);
  });

  test('a stated quantity adds the quantity bonus, capped at 1', () => {
    expect(weighEdge(edge('PROVIDES_AID', { amountUsd: 1e6 }), 'diplomatic', P)).toBeCloseTo(P.categoryWeights.diplomatic * 1.25, 12);
    expect(weighEdge(edge('DEPLOYS_TO', { troops: 11000 }), 'military', P)).toBe(1);
  });

  test('a link (category null) weighs the link weight, times its status factor', () => {
    expect(weighEdge(edge('PART_OF'), null, P)).toBe(P.linkWeight);
    expect(weighEdge(edge('TOOK_PLACE_IN', { status: 'planned' }), null, P)).toBeCloseTo(P.linkWeight * P.statusFactors.planned, 12);
  });
});

describe('a path in a year', () => {
  const edges = new Map(
    [
      scored('loan-2011', 'LENDS_TO', 'economic', 0.8, 2011),
      scored('loan-2024', 'LENDS_TO', 'economic', 0.6, 2024),
      scored('invest-2015', 'INVESTS_IN', 'economic', 0.8, 2015),
      scored('guards', 'DEPLOYS_TO', 'military', 1, null, 2005),
      scored('capital', 'CAPITAL_OF', null, 1),
      scored('aid', 'PROVIDES_AID', 'economic', 0.5),
    ].map((e) => [e.id, e]),
  );
  const direct: CandidatePath = { nodes: ['china', 'tajikistan'], hops: [['loan-2011', 'loan-2024', 'invest-2015']] };

  test('when no relationship of a hop held that year, the path does not hold', () => {
    expect(evaluatePath(direct, edges, 2010, 0.5)).toBeNull();
  });

  test('a hop counts one relationship per type, the strongest that held, and sums them', () => {
    const in2024 = evaluatePath(direct, edges, 2024, 0.5);
    expect(in2024?.hops[0]?.counted.map((e) => e.id)).toEqual(['invest-2015', 'loan-2011']);
    expect(in2024?.contribution).toBeCloseTo(1.6, 12);
    expect(evaluatePath(direct, edges, 2012, 0.5)?.contribution).toBeCloseTo(0.8, 12);
  });

  test('a longer path is the product of its hops times the decay per extra hop, split into channels by chain', () => {
    const path: CandidatePath = { nodes: ['russia', 'x', 'tajik-capital', 'tajikistan'], hops: [['guards', 'aid'], ['capital'], ['capital']] };
    const in2004 = evaluatePath(path, edges, 2004, 0.5);
    // Two chains: guards (1) and aid (0.5), each times the links (1 and 1) and the decay 0.5^2.
    expect(in2004?.contribution).toBeCloseTo((1 + 0.5) * 0.25, 12);
    expect(in2004?.channels.get('military')).toBeCloseTo(0.25, 12);
    expect(in2004?.channels.get('economic')).toBeCloseTo(0.125, 12);
    expect(in2004?.held.map((e) => e.id).sort()).toEqual(['aid', 'guards']);
    // After the guards left (2005) only the aid chain holds.
    const in2011 = evaluatePath(path, edges, 2011, 0.5);
    expect(in2011?.contribution).toBeCloseTo(0.125, 12);
    expect(in2011?.channels.has('military')).toBe(false);
  });
});

describe('parameters from the query string', () => {
  test('weights and status factors become partial overrides; the rest keeps its default', () => {
    const parsed = InfluenceQuerySchema.parse({ target: 'dushanbe', powers: 'moscow, beijing', weights: 'military:0.9', statusFactors: 'disputed:0.1', decay: '0.3' });
    const query = toInfluenceQuery(parsed);
    expect(query).toMatchObject({ target: 'dushanbe', powers: ['moscow', 'beijing'] });
    const params = resolveParameters(query.parameters);
    expect(params.decay).toBe(0.3);
    expect(params.categoryWeights).toEqual({ ...P.categoryWeights, military: 0.9 });
    expect(params.statusFactors).toEqual({ ...P.statusFactors, disputed: 0.1 });
    expect(params.maxHops).toBe(P.maxHops);
  });

  test.each([
    [{ weights: 'nuclear:1' }, 'weights'],
    [{ weights: 'military:1.5' }, 'weights'],
    [{ statusFactors: 'rumoured:0.2' }, 'statusFactors'],
    [{ maxHops: '5' }, 'maxHops'],
    [{ powers: 'a,b,c,d,e,f,g,h,i' }, 'powers'],
  ])('when given %j it names %s', (extra, field) => {
    const result = InfluenceQuerySchema.safeParse({ target: 't', powers: 'p', ...extra });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('the CLI table', () => {
  test('prints one row per year and one column per power, with a dash where no path held', () => {
    const node = (id: string, name: string) => ({ id, kind: 'Country', name, aliases: [], properties: {} });
    const point = (year: number, score: number, paths: number) => ({
      year,
      paths,
      shortest: paths > 0 ? 1 : null,
      score,
      channels: paths > 0 ? [{ category: 'economic' as const, paths, score, edges: [] }] : [],
      topPaths: [],
    });
    const result: InfluenceResult = {
      target: { query: 'home', node: node('home', 'Homeland') },
      powers: [{ query: 'north', node: node('north', 'Northland') }],
      years: { from: 2019, to: 2020 },
      parameters: P,
      series: [{ power: 'north', candidatePaths: 1, truncated: false, points: [point(2019, 0, 0), point(2020, 0.8, 1)] }],
      nodes: [],
      edges: [],
      elapsedMs: 1,
    };
    const lines = formatInfluenceTable(result).split('\n');
    expect(lines.find((l) => l.startsWith('2019'))).toMatch(/^2019\s+-\s*$/);
    expect(lines.find((l) => l.startsWith('2020'))).toMatch(/^2020\s+0\.800\s+1\/1\s+economic/);
    expect(lines.some((l) => l.includes('Northland (north)'))).toBe(true);
  });
});
