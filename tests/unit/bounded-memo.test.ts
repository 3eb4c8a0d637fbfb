/**
 * The bounded memo under the console's kept verdicts (server/domain/bounded-memo.ts): least recently used
 * goes first, bounded by entries and by bytes, and an entry too heavy for its budget is not kept.
 */
import { BoundedMemo } from '../../server/domain/bounded-memo';

const bytes = (v: string): number => 2 * v.length;

test('past its entry bound the memo drops the least recently used entry, and a read counts as a use', () => {
  const memo = new BoundedMemo<string>(2, 1_000_000, bytes);
  memo.set('a', 'A');
  memo.set('b', 'B');
  expect(memo.get('a')).toBe('A');
  memo.set('c', 'C');
  expect(memo.get('b')).toBeUndefined();
  expect(memo.get('a')).toBe('A');
  expect(memo.get('c')).toBe('C');
  expect(memo.stats()).toMatchObject({ entries: 2, hits: 3, misses: 1 });
});

test('past its byte bound the memo drops entries until the keys and values it keeps fit', () => {
  // Each entry weighs 2 bytes of key and 2 × 100 of value: 202; eight fit in 1,700, nine do not.
  const memo = new BoundedMemo<string>(100, 1_700, bytes);
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  for (const k of keys) memo.set(k, k.repeat(100));
  expect(memo.stats()).toMatchObject({ entries: 8, bytes: 8 * 202 });
  expect(memo.get('a')).toBeUndefined();
  expect(memo.get('i')).toBe('i'.repeat(100));
});

test('an entry heavier than an eighth of the byte budget is not kept, and keeps nothing else out', () => {
  const memo = new BoundedMemo<string>(100, 1_000, bytes);
  memo.set('small', 'x');
  memo.set('huge', 'y'.repeat(200));
  expect(memo.get('huge')).toBeUndefined();
  expect(memo.get('small')).toBe('x');
});

test('setting a key again replaces its value and its weight', () => {
  const memo = new BoundedMemo<string>(10, 1_000, bytes);
  memo.set('k', 'one');
  memo.set('k', 'three');
  expect(memo.get('k')).toBe('three');
  expect(memo.stats()).toMatchObject({ entries: 1, bytes: 2 + 10 });
});

test('with a bound of 0 nothing is kept', () => {
  const memo = new BoundedMemo<string>(0, 1_000, bytes);
  memo.set('k', 'v');
  expect(memo.get('k')).toBeUndefined();
});

test('over thousands of random reads, writes, deletions and clears it keeps exactly what a plain least-recently-used list keeps', () => {
  // The eviction cursor (bounded-memo.ts) must name the least recently used entry whatever came before.
  let seed = 7;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const memo = new BoundedMemo<number>(50, 1_000_000, () => 1, false);
  let reference: Array<[string, number]> = [];
  for (let i = 0; i < 20_000; i += 1) {
    const key = `k${random(120)}`;
    const op = random(100);
    const at = reference.findIndex(([k]) => k === key);
    if (op < 40) {
      const got = memo.get(key);
      expect(got).toBe(at >= 0 ? reference[at]![1] : undefined);
      if (at >= 0) reference.push(...reference.splice(at, 1));
    } else if (op < 95) {
      memo.set(key, i);
      if (at >= 0) reference.splice(at, 1);
      reference.push([key, i]);
      if (reference.length > 50) reference.shift();
    } else if (op < 99) {
      memo.delete(key);
      if (at >= 0) reference.splice(at, 1);
    } else {
      memo.clear();
      reference = [];
    }
    expect(memo.stats().entries).toBe(reference.length);
  }
});
