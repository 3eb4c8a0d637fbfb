/**
 * Influence model 2 without a store: source grades and claim confidence, a claim's weight, what a path
 * adds per distinct claim in a given year, holds and shares over years, the robustness check, "why did
 * this move", the request's parameters (query string -> overrides -> validated parameters) and the CLI's table.
 */
import type { GraphEdge, Source } from '../../server/domain/graph-model';
import { explainMove } from '../../server/domain/influence-explain';
import {
  DEFAULT_INFLUENCE_PARAMETERS,
  evaluatePath,
  scoreEdge,
  type CandidatePath,
  type InfluenceResult,
  type ScoredEdge,
} from '../../server/domain/influence-model';
import { checkRobustness, numericParameters } from '../../server/domain/influence-robustness';
import { claimContributions, evaluateYears, holdOf, holdsByYear } from '../../server/domain/influence-scoring';
import { stateModel } from '../../server/domain/influence-statement';
import { resolveParameters } from '../../server/domain/influence';
import { checkSourceGrades, claimConfidence, gradeBySeedRule, gradesOf, withSeedGrades } from '../../server/domain/source-grades';
import { InfluenceQuerySchema, toInfluenceQuery } from '../../server/http/request-schemas';
import { formatInfluenceTable, formatMove } from '../../server/cli/influence-table';

const P = DEFAULT_INFLUENCE_PARAMETERS;
const ALWAYS = { yearFrom: null, yearTo: null };

function source(document: string, extra: Partial<Source> = {}): Source {
  return { document, quote: `a sentence of ${document}`, publisher: 'EurasiaNet', ...extra };
}

function edge(id: string, type: string, sources: Source[], properties: GraphEdge['properties'] = {}): GraphEdge {
  return { id, type, source: 'a', target: 'b', properties, sources };
}

describe('source grades', () => {
  test('the seed rule grades reliability by publisher type and credibility by how the claim is stated', () => {
    const fact = edge('e', 'LENDS_TO', [source('d')]);
    expect(gradeBySeedRule(source('d', { publisher: 'Radio Free Europe/Radio Liberty (RFE/RL)' }), fact)).toBe('B2');
    expect(gradeBySeedRule(source('d', { publisher: 'Diplomatic Courier' }), fact)).toBe('C2');
    expect(gradeBySeedRule(source('d', { publisher: 'Eurasianet (machine-translated republication on a news aggregator)' }), fact)).toBe('D2');
    expect(gradeBySeedRule(source('d', { publisher: 'Some Blog' }), fact)).toBe('F2');
    for (const [status, credibility] of [['reported', '3'], ['alleged', '4'], ['disputed', '4'], ['retracted', '5'], ['planned', '2']] as const) {
      expect(gradeBySeedRule(source('d'), edge('e', 'LENDS_TO', [source('d')], { status }))).toBe(`B${credibility}`);
    }
    expect(gradeBySeedRule(source('d', { role: 'correction' }), edge('e', 'LENDS_TO', [source('d')], { status: 'retracted' }))).toBe('B2');
  });

  test('stored grades win over the rule; the seed rule fills them only where none are given', () => {
    const graded = edge('e', 'LENDS_TO', [source('d')], { sourceGrades: ['A1'] });
    expect(gradesOf(graded)).toEqual(['A1']);
    expect(withSeedGrades(graded)).toBe(graded);
    expect(withSeedGrades(edge('e', 'LENDS_TO', [source('d'), source('f', { publisher: 'Diplomatic Courier' })])).properties.sourceGrades).toEqual(['B2', 'C2']);
  });

  test('a grade list is refused when a code is not Admiralty or the count differs from the sources', () => {
    expect(checkSourceGrades(['B2', 'C3'], 2)).toBeNull();
    expect(checkSourceGrades(['B7'], 1)).toMatch(/entry 0 \("B7"\) is not an Admiralty grade/);
    expect(checkSourceGrades(['b2'], 1)).toMatch(/not an Admiralty grade/);
    expect(checkSourceGrades(['B2'], 2)).toMatch(/1 grade for 2 sources/);
    expect(checkSourceGrades('B2', 1)).toMatch(/must be a list/);
  });

  test('a claim from three articles counts with higher confidence, with diminishing returns, not three times', () => {
    const one = claimConfidence(edge('e', 'LENDS_TO', [source('d1')]), P);
    const three = claimConfidence(edge('e', 'LENDS_TO', [source('d1'), source('d2'), source('d3')]), P);
    expect(one).toBeCloseTo(0.64, 12);
    expect(three).toBeCloseTo(1 - 0.36 ** 3, 12);
    expect(three).toBeGreaterThan(one);
    expect(three).toBeLessThan(1);
    expect(three - one).toBeLessThan(2 * one);
  });

  test('two sentences of one article are one source', () => {
    const twice = claimConfidence(edge('e', 'LENDS_TO', [source('d1'), source('d1', { quote: 'another sentence' })]), P);
    expect(twice).toBeCloseTo(0.64, 12);
  });

  test('a retracted claim, or one with a correction among its sources, has confidence 0', () => {
    expect(claimConfidence(edge('e', 'LENDS_TO', [source('d')], { status: 'retracted' }), P)).toBe(0);
    expect(claimConfidence(edge('e', 'LENDS_TO', [source('d'), source('f', { role: 'correction' })]), P)).toBe(0);
  });

  test('better grades raise a claim\'s weight, worse ones lower it, as the grade weights say', () => {
    const weigh = (grade: string): number => scoreEdge(edge('e', 'LENDS_TO', [source('d')], { sourceGrades: [grade] }), 'economic', ALWAYS, P).weight;
    expect(weigh('A1')).toBeCloseTo(0.8, 12);
    expect(weigh('A1')).toBeGreaterThan(weigh('B2'));
    expect(weigh('B2')).toBeGreaterThan(weigh('C2'));
    expect(weigh('C2')).toBeGreaterThan(weigh('C4'));
    expect(weigh('C4')).toBeGreaterThan(weigh('E5'));
    expect(weigh('B2')).toBeCloseTo(0.8 * 0.8 * 0.8, 12);
  });
});

describe('the weight of a claim', () => {
  const b2 = [source('d')];
  test('a claim weighs category weight x confidence, more with a quantity, less when only planned', () => {
    const c = 0.64;
    expect(scoreEdge(edge('e', 'LENDS_TO', b2), 'economic', ALWAYS, P).weight).toBeCloseTo(0.8 * c, 12);
    expect(scoreEdge(edge('e', 'LENDS_TO', b2, { amountUsd: 1e6 }), 'economic', ALWAYS, P).weight).toBeCloseTo(0.8 * c * 1.25, 12);
    expect(scoreEdge(edge('e', 'LENDS_TO', b2, { status: 'planned' }), 'economic', ALWAYS, P).weight).toBeCloseTo(0.8 * c * 0.3, 12);
  });

  test('a link is no channel: it weighs nothing itself and carries linkWeight x confidence', () => {
    const link = scoreEdge(edge('e', 'PART_OF', b2), null, ALWAYS, P);
    expect(link.weight).toBe(0);
    expect(link.carry).toBeCloseTo(P.linkWeight * 0.64, 12);
  });
});

function scored(id: string, type: string, category: ScoredEdge['category'], weight: number, yearFrom: number | null = null, yearTo: number | null = null, carry = 1): ScoredEdge {
  return { id, type, category, confidence: carry, weight, carry, retracted: false, validity: { yearFrom, yearTo } };
}

describe('a path in a year', () => {
  const edges = new Map(
    [
      scored('loan-2011', 'LENDS_TO', 'economic', 0.8, 2011),
      scored('loan-2024', 'LENDS_TO', 'economic', 0.6, 2024),
      scored('invest-2015', 'INVESTS_IN', 'economic', 0.8, 2015),
      scored('guards', 'DEPLOYS_TO', 'military', 1, null, 2005),
      scored('unit-of', 'PART_OF', null, 0, null, null, 0.5),
      scored('capital', 'CAPITAL_OF', null, 0),
      scored('aid', 'PROVIDES_AID', 'economic', 0.5),
      { ...scored('rent', 'DEMANDS', 'diplomatic', 0), retracted: true },
    ].map((e) => [e.id, e]),
  );
  const direct: CandidatePath = { nodes: ['china', 'tajikistan'], hops: [['loan-2011', 'loan-2024', 'invest-2015']] };

  test('when no claim of a hop held that year, the path does not hold', () => {
    expect(evaluatePath(direct, edges, 2010, 0.5)).toBeNull();
  });

  test('a hop counts one claim per type, the strongest that held; each counts once', () => {
    const in2024 = evaluatePath(direct, edges, 2024, 0.5);
    expect(in2024?.hops[0]?.counted.map((e) => e.id)).toEqual(['invest-2015', 'loan-2011']);
    expect([...(in2024?.claims ?? [])]).toEqual([['invest-2015', 0.8], ['loan-2011', 0.8]]);
  });

  test('a claim further away adds its weight times the decay and the carry of the other hops', () => {
    const path: CandidatePath = { nodes: ['russia', 'unit', 'tajikistan'], hops: [['unit-of'], ['guards', 'aid']] };
    const in2004 = evaluatePath(path, edges, 2004, 0.5);
    expect(in2004?.claims.get('guards')).toBeCloseTo(1 * 0.5 * 0.5, 12);
    expect(in2004?.claims.get('aid')).toBeCloseTo(0.5 * 0.5 * 0.5, 12);
    expect(in2004?.claims.has('unit-of')).toBe(false);
    expect(evaluatePath(path, edges, 2011, 0.5)?.claims.has('guards')).toBe(false);
  });

  test('a capital standing for its state is no hop: no decay for it', () => {
    const path: CandidatePath = { nodes: ['russia', 'dushanbe', 'tajikistan'], hops: [['aid'], ['capital']] };
    expect(evaluatePath(path, edges, 2020, 0.5)?.claims.get('aid')).toBeCloseTo(0.5, 12);
  });

  test('a retracted claim never holds, so a hop with nothing else does not hold', () => {
    expect(evaluatePath({ nodes: ['a', 'b'], hops: [['rent']] }, edges, 2020, 0.5)).toBeNull();
    expect(evaluatePath({ nodes: ['a', 'b'], hops: [['rent', 'aid']] }, edges, 2020, 0.5)?.claims.has('rent')).toBe(false);
  });

  test('a claim on several paths counts once, on its best path', () => {
    const near: CandidatePath = { nodes: ['china', 'tajikistan'], hops: [['aid']] };
    const far: CandidatePath = { nodes: ['china', 'x', 'tajikistan'], hops: [['aid'], ['aid']] };
    const held = evaluateYears([near, far], edges, { from: 2020, to: 2020 }, 0.5)[0] ?? [];
    expect(held).toHaveLength(2);
    expect(holdOf(claimContributions(held))).toBeCloseTo(0.5, 12);
  });
});

describe('holds, shares and robustness', () => {
  const edges = new Map([scored('n-loan', 'LENDS_TO', 'economic', 0.8, 2010), scored('s-aid', 'PROVIDES_AID', 'economic', 0.4, 2012), scored('s-troops', 'DEPLOYS_TO', 'military', 0.3, 2014)].map((e) => [e.id, e]));
  const north: CandidatePath[] = [{ nodes: ['north', 'home'], hops: [['n-loan']] }];
  const south: CandidatePath[] = [{ nodes: ['south', 'home'], hops: [['s-aid', 's-troops']] }];
  const years = { from: 2009, to: 2015 };

  test('holds follow the claims that held each year', () => {
    expect(holdsByYear(north, edges, years, 0.5)).toEqual([0, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]);
    const s = holdsByYear(south, edges, years, 0.5);
    expect(s[2]).toBe(0);
    expect(s[3]).toBeCloseTo(0.4, 12);
    expect(s[5]).toBeCloseTo(0.7, 12);
  });

  test('the parameters varied are every numeric one but maxHops', () => {
    const names = numericParameters(P).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['decay', 'plannedFactor', 'quantityBonus', 'linkWeight', 'categoryWeights.military', 'reliabilityWeights.C', 'credibilityWeights.4']));
    expect(names).not.toContain('maxHops');
    expect(names).toHaveLength(4 + 7 + 6 + 6);
  });

  test('robustness names the years whose ranking changes when a weight is halved or doubled', () => {
    const loan = edge('n-loan', 'LENDS_TO', [source('d')], { validFrom: '2010' });
    const aid = edge('s-aid', 'PROVIDES_AID', [source('d')], { validFrom: '2012' });
    const troops = edge('s-troops', 'DEPLOYS_TO', [source('d')], { validFrom: '2014' });
    const categories = new Map([['LENDS_TO', 'economic'], ['PROVIDES_AID', 'economic'], ['DEPLOYS_TO', 'military']] as const);
    const validity = new Map([['n-loan', { yearFrom: 2010, yearTo: null }], ['s-aid', { yearFrom: 2012, yearTo: null }], ['s-troops', { yearFrom: 2014, yearTo: null }]]);
    const rescored = new Map([loan, aid, troops].map((e) => [e.id, scoreEdge(e, categories.get(e.type as 'LENDS_TO') ?? null, validity.get(e.id) ?? ALWAYS, P)]));
    const holds = [holdsByYear(north, rescored, years, P.decay), holdsByYear(south, rescored, years, P.decay)];
    // From 2014 north holds 0.8 × 0.64 = 0.512, south (0.8 + 0.8) × 0.64 = 1.024; halving military
    // leaves south 0.768, still ahead.
    const r = checkRobustness({ paths: [north, south], edges: [loan, aid, troops], categories, validity, years, params: P, holds });
    expect(r.checked).toBe(true);
    const militaryHalved = r.variants.find((v) => v.parameter === 'categoryWeights.military' && v.factor === 0.5);
    expect(militaryHalved?.value).toBe(0.4);
    expect(militaryHalved?.changedYears).toEqual([]);
    expect(r.stableYears).toEqual(expect.arrayContaining([2009, 2010, 2011]));
    expect(r.variants.every((v) => v.value !== numericParameters(P).find((p) => p.name === v.parameter)?.value)).toBe(true);
    expect(r.note).toMatch(/ranking/);
  });

  test('robustness catches a ranking that hangs on one weight', () => {
    const a = edge('a-troops', 'DEPLOYS_TO', [source('d')]);
    const b = edge('b-aid', 'PROVIDES_AID', [source('d')]);
    const categories = new Map([['DEPLOYS_TO', 'military'], ['PROVIDES_AID', 'social']] as const);
    const validity = new Map([['a-troops', ALWAYS], ['b-aid', ALWAYS]]);
    const params = { ...P, categoryWeights: { ...P.categoryWeights, military: 0.5, social: 0.45 } };
    const sc = new Map([a, b].map((e) => [e.id, scoreEdge(e, categories.get(e.type as 'DEPLOYS_TO') ?? null, ALWAYS, params)]));
    const pa: CandidatePath[] = [{ nodes: ['pa', 't'], hops: [['a-troops']] }];
    const pb: CandidatePath[] = [{ nodes: ['pb', 't'], hops: [['b-aid']] }];
    const y = { from: 2020, to: 2020 };
    const holds = [holdsByYear(pa, sc, y, params.decay), holdsByYear(pb, sc, y, params.decay)];
    const r = checkRobustness({ paths: [pa, pb], edges: [a, b], categories, validity, years: y, params, holds });
    expect(r.variants.find((v) => v.parameter === 'categoryWeights.military' && v.factor === 0.5)?.changedYears).toEqual([2020]);
    expect(r.variants.find((v) => v.parameter === 'categoryWeights.military' && v.factor === 2)?.changedYears).toEqual([]);
    expect(r.stableYears).toEqual([]);
    expect(r.note).toMatch(/categoryWeights\.military halved/);
  });
});

function node(id: string, name: string) {
  return { id, kind: 'Country', name, aliases: [], properties: {} };
}

function point(year: number, hold: number, score: number) {
  return {
    year,
    paths: hold > 0 ? 1 : 0,
    shortest: hold > 0 ? 1 : null,
    claims: hold > 0 ? 1 : 0,
    hold,
    score,
    channels: hold > 0 ? [{ category: 'economic' as const, claims: 1, hold, score, edges: [] }] : [],
    topPaths: [],
  };
}

const result: InfluenceResult = {
  target: { query: 'home', node: node('home', 'Homeland') },
  powers: [
    { query: 'north', node: node('north', 'Northland') },
    { query: 'south', node: node('south', 'Southland') },
  ],
  years: { from: 2019, to: 2021 },
  model: stateModel(P),
  parameters: P,
  series: [
    {
      power: 'north',
      candidatePaths: 1,
      truncated: false,
      points: [point(2019, 0, 0), point(2020, 0.8, 2 / 3), point(2021, 0.8, 0.5)],
      claims: [{ edge: 'n-loan', category: 'economic', confidence: 1, grades: ['A1'], spans: [{ from: 2020, to: 2021, contribution: 0.8 }] }],
    },
    {
      power: 'south',
      candidatePaths: 1,
      truncated: false,
      points: [point(2019, 0.4, 1), point(2020, 0.4, 1 / 3), point(2021, 0.8, 0.5)],
      claims: [
        { edge: 's-aid', category: 'economic', confidence: 1, grades: ['A1'], spans: [{ from: 2019, to: 2020, contribution: 0.4 }] },
        { edge: 's-loan', category: 'economic', confidence: 1, grades: ['A1'], spans: [{ from: 2021, to: 2021, contribution: 0.8 }] },
      ],
    },
  ],
  robustness: { checked: true, note: 'The ranking of the powers survives.', variants: [], stableYears: [2019, 2020, 2021] },
  nodes: [node('home', 'Homeland'), node('north', 'Northland'), node('south', 'Southland')],
  edges: [{ id: 's-loan', type: 'LENDS_TO', source: 'south', target: 'home', properties: {}, sources: [{ document: 'd', quote: 'South lends.', publisher: 'Wire', published: '2021' }] }],
  elapsedMs: 1,
};

describe('why did this move', () => {
  test('lists the claims that began, ended or changed between two years, biggest change first', () => {
    const move = explainMove(result, 2020, 2021);
    expect(move.claims.map((c) => [c.edge, c.kind, c.before, c.after])).toEqual([
      ['s-loan', 'began', 0, 0.8],
      ['s-aid', 'ended', 0.4, 0],
    ]);
    expect(move.powers.find((p) => p.power === 'north')).toMatchObject({ scoreBefore: 2 / 3, scoreAfter: 0.5, holdBefore: 0.8, holdAfter: 0.8 });
  });

  test('a claim that did not change is not listed', () => {
    expect(explainMove(result, 2020, 2021).claims.some((c) => c.edge === 'n-loan')).toBe(false);
  });
});

describe('parameters from the query string', () => {
  test('weights and grade weights become partial overrides; the rest keeps its default', () => {
    const parsed = InfluenceQuerySchema.parse({ target: 'dushanbe', powers: 'moscow, beijing', weights: 'military:0.9', reliabilityWeights: 'C:0.3', credibilityWeights: '4:0.1', plannedFactor: '0.2', decay: '0.3' });
    const query = toInfluenceQuery(parsed);
    expect(query).toMatchObject({ target: 'dushanbe', powers: ['moscow', 'beijing'] });
    const params = resolveParameters(query.parameters);
    expect(params.decay).toBe(0.3);
    expect(params.plannedFactor).toBe(0.2);
    expect(params.categoryWeights).toEqual({ ...P.categoryWeights, military: 0.9 });
    expect(params.reliabilityWeights).toEqual({ ...P.reliabilityWeights, C: 0.3 });
    expect(params.credibilityWeights).toEqual({ ...P.credibilityWeights, '4': 0.1 });
    expect(params.maxHops).toBe(P.maxHops);
  });

  test.each([
    [{ weights: 'nuclear:1' }, 'weights'],
    [{ weights: 'military:1.5' }, 'weights'],
    [{ reliabilityWeights: 'G:0.2' }, 'reliabilityWeights'],
    [{ credibilityWeights: '7:0.2' }, 'credibilityWeights'],
    [{ plannedFactor: '2' }, 'plannedFactor'],
    [{ maxHops: '5' }, 'maxHops'],
    [{ powers: 'a,b,c,d,e,f,g,h,i' }, 'powers'],
  ])('when given %j it names %s', (extra, field) => {
    const parsed = InfluenceQuerySchema.safeParse({ target: 't', powers: 'p', ...extra });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('the model statement and the CLI', () => {
  test('the statement carries the parameters in force', () => {
    const text = stateModel({ ...P, decay: 0.3, plannedFactor: 0.25 }).summary.join(' ');
    expect(text).toMatch(/share/);
    expect(text).toMatch(/decay 0\.3/);
    expect(text).toMatch(/× 0\.25 if only planned/);
    expect(text).toMatch(/reliability A 1, B 0\.8/);
  });

  test('the table prints one row per year and one column per power as shares, with a dash where no path held', () => {
    const lines = formatInfluenceTable(result).split('\n');
    expect(lines.find((l) => l.startsWith('2019'))).toMatch(/^2019\s+-\s+100\.0%\s+0\.40\/1\s+economic/);
    expect(lines.find((l) => l.startsWith('2020'))).toMatch(/^2020\s+66\.7%\s+0\.80\/1\s+economic\s+33\.3%/);
    expect(lines.some((l) => l.includes('Northland (north)'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Robustness: '))).toBe(true);
  });

  test('--why prints the claims that moved with their quotes', () => {
    const text = formatMove(result, 2020, 2021);
    expect(text).toMatch(/began\s+Southland: Southland LENDS_TO Homeland \[s-loan\] 0\.000 -> 0\.800/);
    expect(text).toMatch(/"South lends\." \(Wire, 2021\)/);
  });
});
