/**
 * Node details on Neo4j from the star query's records (server/stores/neo4j/neo4j-star-read.ts), built with
 * the real driver's Record and Integer types (no server needed): direction from each relationship's own ends,
 * a self-loop once with the centre as its own neighbour, a node without relationships (OPTIONAL MATCH's row
 * of nulls), no record for an unknown id. The same query against a real Neo4j is the contract suite's.
 */
// Only to build the records a driver result holds, so the adapter's conversion is checked without a server.
// eslint-disable-next-line no-restricted-imports
import neo4j, { Record as DriverRecord } from 'neo4j-driver';
import { toStar } from '../../server/stores/neo4j/neo4j-star-read';

const KEYS = ['l', 'p', 'type', 'rp', 's', 't', 'bl', 'bp'];
const centre = { l: ['Entity', 'Country'], p: { id: 'mirror', name: 'Mirrorland', population: neo4j.int(42) } };
const alpha = { bl: ['Country', 'Entity'], bp: { id: 'alpha', name: 'Alphaland' } };

function row(rel: { type: string; rp: Record<string, unknown>; s: string; t: string } | null, other: { bl: string[]; bp: Record<string, unknown> } | null): DriverRecord {
  const values = { ...centre, type: rel?.type ?? null, rp: rel?.rp ?? null, s: rel?.s ?? null, t: rel?.t ?? null, bl: other?.bl ?? null, bp: other?.bp ?? null };
  return new DriverRecord(KEYS, KEYS.map((k) => values[k as keyof typeof values]));
}

const docs = new Map([['doc-a.txt', { id: 'doc-a.txt', publisher: 'Wire', title: 'A', published: '2020' }]]);

test('an unknown id has no record and no star', () => {
  expect(toStar([], docs)).toBeNull();
});

test('a node without relationships is answered from the row of nulls beside it', () => {
  expect(toStar([row(null, null)], docs)).toEqual({
    node: { id: 'mirror', kind: 'Country', name: 'Mirrorland', aliases: [], properties: { population: 42 } },
    edges: [],
    neighbors: [],
  });
});

test('each relationship keeps its own direction, a self-loop comes once and makes the centre its own neighbour', () => {
  const incoming = { type: 'LENDS_TO', rp: { id: 'alpha--lends-to--mirror', yearFrom: neo4j.int(2015), sourceDocuments: ['doc-a.txt'], sourceQuotes: ['q'] }, s: 'alpha', t: 'mirror' };
  const loop = { type: 'LENDS_TO', rp: { id: 'mirror--lends-to--mirror' }, s: 'mirror', t: 'mirror' };
  const self = { bl: centre.l, bp: centre.p };
  // The loop twice, as an engine that meets it from both ends would answer.
  const star = toStar([row(incoming, alpha), row(loop, self), row(loop, self)], docs);
  expect(star?.edges.map((e) => [e.id, e.source, e.target])).toEqual([
    ['alpha--lends-to--mirror', 'alpha', 'mirror'],
    ['mirror--lends-to--mirror', 'mirror', 'mirror'],
  ]);
  expect(star?.neighbors.map((n) => n.id)).toEqual(['alpha', 'mirror']);
  expect(star?.edges[0]?.sources).toEqual([{ document: 'doc-a.txt', quote: 'q', publisher: 'Wire', title: 'A', published: '2020' }]);
});

test("a relationship without an id (another client's) is left out, the node at its other end is kept", () => {
  const star = toStar([row({ type: 'OTHER', rp: { note: 'x' }, s: 'mirror', t: 'alpha' }, alpha)], docs);
  expect(star?.edges).toEqual([]);
  expect(star?.neighbors.map((n) => n.id)).toEqual(['alpha']);
});
