/**
 * Time that follows the evidence (server/domain/validity.ts) and how the client reads it: evidence start,
 * horizon, supersession, retracted claims, quantities with units, every tie of a hop, typed expansions.
 */
import type { GraphEdge, GraphNode, GraphPath, Source } from '../../server/domain/graph-model';
import { holdsIn, storedValidityOf, validitiesOf, validityOf } from '../../server/domain/validity';
import { isMetonymLink, metonymLabel } from '../../server/domain/metonyms';
import { groupTies } from '../../server/domain/path-ties';
import { describeValidity, formatValidity, graphInYear } from '../../client/src/state/canvas/drawn-graph';
import { newEdgesAmongDrawn } from '../../client/src/state/canvas/canvas-actions';
import { otherTies, rankPaths } from '../../client/src/state/paths/paths-state';
import { formatQuantities, formatUsd } from '../../client/src/panels/format-quantity';

const source = (published: string, quote = 'q'): Source => ({ document: `doc-${published}`, published, quote });
const edge = (id: string, properties: GraphEdge['properties'], sources: Source[] = [], over: Partial<GraphEdge> = {}): GraphEdge => ({
  id,
  type: 'DEPLOYS_TO',
  source: 'russia',
  target: 'tajikistan',
  properties,
  sources,
  ...over,
});
const node = (id: string, properties: GraphNode['properties'] = {}): GraphNode => ({ id, kind: 'Country', name: id, aliases: [], properties });
const none = new Map<string, GraphNode>();

describe('validity follows the evidence', () => {
  test('without validFrom a claim starts with its earliest source, never before', () => {
    const e = edge('ally', {}, [source('2011-07'), source('2024-06')]);
    expect(validityOf(e, none)).toEqual({ yearFrom: 2011, yearTo: 2032 });
    expect(holdsIn(validityOf(e, none), 1850)).toBe(false);
  });

  test('a claim nobody reconfirms fades after the horizon, which can be widened, and the stores keep the hard interval', () => {
    const e = edge('aid', { asOf: '2003-03' }, [source('2003-03-18')]);
    expect(validityOf(e, none).yearTo).toBe(2011);
    expect(validityOf(e, none, { horizon: 2 }).yearTo).toBe(2005);
    expect(storedValidityOf(e, none)).toEqual({ yearFrom: 2003, yearTo: null });
  });

  test('validTo ends a claim; an end dated before the evidence still holds in that year', () => {
    expect(validityOf(edge('e', { validFrom: '2004', validTo: '2016' }, [source('2011')]), none)).toEqual({ yearFrom: 2004, yearTo: 2016 });
    expect(validityOf(edge('w', { validTo: '2005' }, [source('2011')]), none)).toEqual({ yearFrom: 2005, yearTo: 2005 });
  });

  test('structural links start with their evidence but do not fade', () => {
    const link = edge('capital', {}, [source('2003')], { type: 'CAPITAL_OF', source: 'dushanbe' });
    expect(validityOf(link, none)).toEqual({ yearFrom: 2003, yearTo: null });
  });

  test('a later figure of the same quantity for the same pair supersedes an earlier one; a retracted one does not', () => {
    const early = edge('2003', { asOf: '2003-03', troops: 25000 }, [source('2003-03-18')]);
    const late = edge('2011', { asOf: '2011-07', troops: 7000 }, [source('2011-07')]);
    const other = edge('base', { asOf: '2011-07', troops: 7000 }, [], { type: 'HOSTS_BASE' });
    const retracted = edge('x', { asOf: '2005', troops: 1, status: 'retracted' });
    const v = validitiesOf([early, late, other, retracted], none);
    expect(v.get('2003')).toEqual({ yearFrom: 2003, yearTo: 2010 });
    expect(v.get('2011')).toEqual({ yearFrom: 2011, yearTo: 2019 });
    expect(v.get('base')).toEqual({ yearFrom: 2011, yearTo: 2019 });
    expect(validitiesOf([early, retracted], none).get('2003')).toEqual({ yearFrom: 2003, yearTo: 2011 });
  });
});

describe('how the client reads time', () => {
  test('an ended claim shows its end, a superseded figure says so, a retracted claim reads as retracted', () => {
    expect(formatValidity(edge('e', { validFrom: '2011', validTo: '2016' }), none)).toBe('2011–2016');
    const early = edge('2003', { asOf: '2003', troops: 25000 });
    const late = edge('2011', { asOf: '2011', troops: 7000 });
    const v = validitiesOf([early, late], none);
    expect(formatValidity(early, none, v.get('2003'))).toBe('2003–2010 (superseded 2011)');
    expect(formatValidity(edge('r', { asOf: '2011-07-18', status: 'retracted' }, [source('2011-07')]), none)).toBe('retracted (claimed 2011–)');
    expect(describeValidity(edge('f', { asOf: '2011' }, [source('2011')]), none)).toEqual({ years: '2011–', note: 'last evidence 2011' });
  });

  test('in a year before a claim held, its nodes leave the drawing with it', () => {
    const g = { nodes: [node('russia'), node('tajikistan'), node('lonely')], edges: [edge('e', { asOf: '2011' }, [source('2011')])] };
    expect(graphInYear(g, 2003, null)).toEqual({ nodes: [], edges: [] });
    expect(graphInYear(g, 2012, null).nodes.map((n) => n.id)).toEqual(['russia', 'tajikistan']);
    expect(graphInYear(g, null, null)).toBe(g);
  });

  test('quantities read with their units, ranges joined and the hedge in front', () => {
    expect(formatUsd(300_000_000)).toBe('US$300 million');
    expect(formatUsd(1_200_000_000)).toBe('US$1.2 billion');
    expect(formatQuantities({ amountUsd: 300_000_000 })).toEqual([['Amount', 'US$300 million']]);
    expect(formatQuantities({ troops: 7000, quantityQualifier: 'about' })).toEqual([['Troops', 'about 7,000 troops']]);
    expect(formatQuantities({ troopsMin: 6000, troopsMax: 7000 })).toEqual([['Troops', '6,000–7,000 troops']]);
    expect(formatQuantities({ percentOfGdp: 40, changePercent: -40 })).toEqual([['Change', '−40%'], ['Share of GDP', '40% of GDP']]);
  });
});

describe('every tie of a hop and metonyms', () => {
  test('ties are grouped by type, the group with the best-evidenced tie first, each with its count', () => {
    const ties = [
      edge('a', {}, [source('2011')], { type: 'PAYS_REMITTANCES' }),
      edge('b', {}, [source('2014')], { type: 'PAYS_REMITTANCES' }),
      edge('c', {}, [source('2003'), source('2011'), source('2024')], { type: 'ALLY_OF' }),
    ];
    const groups = groupTies(ties);
    expect(groups.map((g) => [g.type, g.count])).toEqual([['ALLY_OF', 1], ['PAYS_REMITTANCES', 2]]);
    expect(groups[1]!.edges.map((e) => e.id)).toEqual(['b', 'a']);
  });

  test('the client ranks by the weakest hop\'s ties and "+N more ties" lists all but the one shown', () => {
    const a = edge('a', {}, [], { type: 'ALLY_OF' });
    const b = edge('b', {}, [], { type: 'TRADES_WITH' });
    const thin: GraphPath = { nodes: [node('x'), node('y')], edges: [a], hops: [{ source: 'x', target: 'y', count: 1, ties: groupTies([a]) }] };
    const thick: GraphPath = { nodes: [node('x'), node('z')], edges: [a], hops: [{ source: 'x', target: 'z', count: 2, ties: groupTies([a, b]) }] };
    expect(rankPaths([thin, thick])).toEqual([thick, thin]);
    expect(otherTies(thick, 0).map((e) => e.id)).toEqual(['b']);
  });

  test('a typed expansion draws new edges between nodes already on the canvas', () => {
    const neighbourhood = { nodes: [node('russia'), node('tajikistan')], edges: [edge('r1', {}), edge('r2', {})] };
    expect(newEdgesAmongDrawn(neighbourhood, new Set(['russia', 'tajikistan']), new Set(['r1'])).map((e) => e.id)).toEqual(['r2']);
    expect(newEdgesAmongDrawn(neighbourhood, new Set(['russia']), new Set())).toEqual([]);
  });

  test('a capital link is no tie of a hop, and an answer names the capital with its state', () => {
    expect(isMetonymLink('CAPITAL_OF')).toBe(true);
    expect(isMetonymLink('SEAT_OF')).toBe(true);
    expect(isMetonymLink('ALLY_OF')).toBe(false);
    expect(metonymLabel({ asked: { ...node('dushanbe'), name: 'Dushanbe' }, standsFor: { ...node('tajikistan'), name: 'Tajikistan' } })).toBe('Dushanbe (Tajikistan)');
  });
});
