import { collectPropertyKeys } from '../../../server/export/collect-property-keys';
import type { GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import { DECLARED, EDGES, NODES } from './export-test-support';

function node(id: string, properties: GraphNode['properties']): GraphNode {
  return { id, kind: 'City', name: id, aliases: [], properties };
}

function edge(id: string, properties: GraphEdge['properties']): GraphEdge {
  return { id, type: 'LINKS', source: 'a', target: 'b', properties, sources: [] };
}

async function* streamOf<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('collectPropertyKeys', () => {
  it('when keys are declared, uses the declared types and infers the others from values, sorted by key', async () => {
    const keys = await collectPropertyKeys(NODES, EDGES, DECLARED);
    expect([...keys.nodePropertyKeys]).toEqual([
      ['ctrl', 'string'],
      ['date', 'date'],
      ['description', 'string'],
      ['memberCsto', 'boolean'],
      ['population', 'integer'],
      ['ratios', 'number[]'],
      ['topics', 'string[]'],
    ]);
    expect([...keys.edgePropertyKeys]).toEqual([
      ['amountUsd', 'number'],
      ['asOf', 'date'],
      ['domains', 'string[]'],
      ['equipment', 'string'],
      ['troops', 'integer'],
      ['validFrom', 'date'],
      ['validTo', 'date'],
    ]);
  });

  it('when the input is async iterables, reads them like arrays', async () => {
    const fromArrays = await collectPropertyKeys(NODES, EDGES, DECLARED);
    const fromStreams = await collectPropertyKeys(streamOf(NODES), streamOf(EDGES), DECLARED);
    expect(fromStreams).toEqual(fromArrays);
  });

  it('when undeclared values disagree, widens to string, or to string[] when a list is among them', async () => {
    const keys = await collectPropertyKeys(
      [
        node('a', { mixed: 1, listy: [1, 2], empties: [], later: [], flag: true }),
        node('b', { mixed: 'two', listy: 'x', empties: [], later: [3], flag: true }),
      ],
      [],
      new Map(),
    );
    expect(Object.fromEntries(keys.nodePropertyKeys)).toEqual({
      empties: 'string[]',
      flag: 'boolean',
      later: 'integer[]',
      listy: 'string[]',
      mixed: 'string',
    });
  });

  it('when every value of a number key is whole, types it integer; one decimal makes it number, declared or not', async () => {
    const keys = await collectPropertyKeys(
      [
        node('a', { year: 2015, big: 10000000, share: 1, list: [1, 2], mixedList: [1, 2], declared: 3, declaredList: [4] }),
        node('b', { year: 2016, big: 2 ** 60, share: 0.5, list: [3], mixedList: [2.5], declared: 3.5, declaredList: [] }),
      ],
      [],
      new Map([['declared', 'number'], ['declaredList', 'number[]']]),
    );
    expect(Object.fromEntries(keys.nodePropertyKeys)).toEqual({
      year: 'integer',
      // Beyond ±2^53 a whole double is not an exact integer: it stays a number.
      big: 'number',
      share: 'number',
      list: 'integer[]',
      mixedList: 'number[]',
      declared: 'number',
      declaredList: 'integer[]',
    });
  });

  it('when stored edges carry the derived yearFrom / yearTo, leaves them out', async () => {
    const keys = await collectPropertyKeys([], [edge('e', { yearFrom: 2004, yearTo: 2010, status: 'reported' })], new Map());
    expect([...keys.edgePropertyKeys.keys()]).toEqual(['status']);
  });
});
