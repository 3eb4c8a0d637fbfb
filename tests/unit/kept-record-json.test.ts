/**
 * jsonWithKeptRecords (server/http/kept-record-json.ts) writes exactly the bytes of JSON.stringify, whether
 * an answer's records are deep-frozen (kept bytes), frozen only on the surface (written anew) or not frozen.
 */
import { jsonWithKeptRecords } from '../../server/http/kept-record-json';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const node = (i: number) => ({ id: `n-${i}`, kind: 'Country', name: `Näme "${i}" \u2028 \ud800`, aliases: [], properties: { population: i * 1.5, tags: ['a', 'b'], gone: undefined, none: null } });
const edge = (i: number) => ({ id: `e-${i}`, source: `n-${i}`, target: `n-${i + 1}`, type: 'HOSTS_BASE', evidence: [{ sourceId: 's', quote: `«${i}»`, grade: 'B2' }], validFrom: i % 2 ? 2001 : undefined });

const same = (v: unknown): void => expect(jsonWithKeptRecords(v).toString('utf8')).toBe(JSON.stringify(v));

test('answers the bytes of JSON.stringify for answers of kept (deep-frozen) records', () => {
  const nodes = Array.from({ length: 50 }, (_, i) => deepFreeze(node(i)));
  const edges = Array.from({ length: 80 }, (_, i) => deepFreeze(edge(i)));
  const values: unknown[] = [
    { nodes, edges, truncated: false },
    { paths: [{ nodes: ['n-1', 'n-2'], edges: edges.slice(0, 2), hops: [['e-1'], ['e-2', undefined]], score: -0 }], from: { asked: 'a', link: edges[3] }, skipped: undefined, f: () => 1 },
    { node: nodes[0], edges: [...edges, null, undefined], neighbors: nodes.slice(1, 4) },
    [nodes[1], edges[2]],
    { at: new Date(Date.UTC(2020, 0, 1)), nodes: [deepFreeze({ id: 'x', when: new Date(Date.UTC(2021, 1, 2)) })] },
    { empty: [], nothing: {} },
    {},
    [],
  ];
  // Twice: the second time every record's bytes come from what the first kept.
  for (const v of values) same(v);
  for (const v of values) same(v);
});

test('answers the bytes of JSON.stringify for answers with no frozen records', () => {
  same({ nodes: Array.from({ length: 20 }, (_, i) => node(i)), edges: [], truncated: true });
  same({ results: [{ node: node(1), snippet: 'x' }] });
});

test('a record frozen only on the surface is written as it is now, not as it was', () => {
  const record = Object.freeze({ id: 'n-1', properties: { name: 'before' } });
  const answer = { nodes: [record] };
  same(answer);
  record.properties.name = 'after';
  expect(jsonWithKeptRecords(answer).toString('utf8')).toContain('"after"');
  same(answer);
});

test('records deeper than the walk goes are still written in full', () => {
  const deep = { a: { b: { c: { d: { e: [deepFreeze(node(1))] } } } } };
  same(deep);
  same({ list: [[[[[deepFreeze(edge(2))]]]]] });
});
