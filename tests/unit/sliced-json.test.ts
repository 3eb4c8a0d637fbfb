/**
 * stringifyInSlices (server/http/sliced-json.ts) writes exactly what JSON.stringify writes, for the shapes
 * the API answers and the edge cases of JSON (undefined keys, undefined and null items, nested long arrays,
 * dates, unicode), and it yields to the event loop while it writes a long array.
 */
import { stringifyInSlices } from '../../server/http/sliced-json';

const node = (i: number) => ({ id: `n-${i}`, kind: 'Country', name: `Näme "${i}" \u2028`, aliases: [], properties: { population: i * 1.5, tags: ['a', 'b'], gone: undefined } });

test('answers the same text as JSON.stringify', async () => {
  const values: unknown[] = [
    { nodes: Array.from({ length: 500 }, (_, i) => node(i)), edges: [], truncated: false },
    { paths: Array.from({ length: 70 }, (_, i) => ({ nodes: [node(i)], hops: [[`e${i}`]] })), from: { asked: 'a' }, skipped: undefined },
    Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? undefined : i % 3 === 1 ? null : { at: new Date(Date.UTC(2020, 0, i)) })),
    { deep: { deeper: { list: Array.from({ length: 100 }, (_, i) => [i, `s${i}`]) } }, n: -0, f: () => 1 },
    [],
    {},
  ];
  for (const v of values) expect(await stringifyInSlices(v)).toBe(JSON.stringify(v));
});

test('a long array is written over several turns of the event loop when a slice runs out', async () => {
  let turns = 0;
  const ticking = setInterval(() => (turns += 1), 0);
  const big = { nodes: Array.from({ length: 20_000 }, (_, i) => node(i)) };
  const text = await stringifyInSlices(big, 0);
  clearInterval(ticking);
  expect(text).toBe(JSON.stringify(big));
  expect(turns).toBeGreaterThan(0);
});

test('past a thousand items an answer is written in chunks, and still answers the same text as JSON.stringify', async () => {
  const sparse: unknown[] = Array.from({ length: 3_000 }, (_, i) => (i % 5 === 0 ? undefined : i % 5 === 1 ? () => i : i % 5 === 2 ? { at: new Date(Date.UTC(2020, 0, 1 + (i % 28))), skip: undefined } : node(i)));
  delete sparse[7];
  sparse[3_500] = 'after a run of holes';
  const values: unknown[] = [
    { nodes: Array.from({ length: 1_500 }, (_, i) => node(i)), edges: sparse, truncated: true },
    sparse,
    { nested: { paths: Array.from({ length: 1_200 }, (_, i) => ({ nodes: [node(i)], hops: [[`e${i}`]] })) }, n: null },
  ];
  // 8 ms slices, then slices of no time at all (a pause after every chunk, chunks halving to one item).
  for (const sliceMs of [8, 0]) for (const v of values) expect(await stringifyInSlices(v, sliceMs)).toBe(JSON.stringify(v));
});
