/**
 * StampedCache (server/domain/stamped-cache.ts) and the console cache's test of repeatable queries: a new
 * stamp empties the cache, a value computed across a stamp change is not kept, the weight bound evicts the
 * least recently used, and queries that read the clock or random numbers are never kept.
 */
import { StampedCache } from '../../server/domain/stamped-cache';
import { isRepeatableQuery } from '../../server/domain/console-answers';

const weighLength = (s: string): number => s.length;

test('a value is served under the stamp it was kept with, and a new stamp empties the cache', () => {
  const cache = new StampedCache<string>(1_000, weighLength);
  cache.set('k', 's1', 's1', 'old');
  expect(cache.get('k', 's1')).toBe('old');
  expect(cache.get('k', 's2')).toBeUndefined();
  // Back to the first stamp: the entry went with the change.
  expect(cache.get('k', 's1')).toBeUndefined();
  expect(cache.stats().entries).toBe(0);
});

test('a value computed while the stamp changed, or during a write (no stamp), is not kept', () => {
  const cache = new StampedCache<string>(1_000, weighLength);
  cache.set('k', 's1', 's2', 'torn');
  expect(cache.get('k', 's1')).toBeUndefined();
  expect(cache.get('k', 's2')).toBeUndefined();
  cache.set('k', undefined, undefined, 'writing');
  expect(cache.stats().entries).toBe(0);
  expect(cache.get('k', undefined)).toBeUndefined();
});

test('past its weight the least recently used entries go, and an entry over an eighth of it is not kept', () => {
  const cache = new StampedCache<string>(80, weighLength);
  for (const k of ['a', 'b', 'c', 'd']) cache.set(k, 's', 's', k.repeat(10));
  expect(cache.stats().weight).toBe(40);
  expect(cache.get('a', 's')).toBe('aaaaaaaaaa');
  for (const k of ['e', 'f', 'g', 'h', 'i']) cache.set(k, 's', 's', k.repeat(10));
  // 90 > 80: the least recently used ('b', as 'a' was just read) went.
  expect(cache.get('b', 's')).toBeUndefined();
  expect(cache.get('a', 's')).toBe('aaaaaaaaaa');
  expect(cache.stats().weight).toBeLessThanOrEqual(80);
  cache.set('big', 's', 's', 'x'.repeat(11));
  expect(cache.get('big', 's')).toBeUndefined();
});

test('a cache of weight 0 keeps nothing', () => {
  const cache = new StampedCache<string>(0, weighLength);
  cache.set('k', 's', 's', 'v');
  expect(cache.get('k', 's')).toBeUndefined();
});

test('console queries that read the clock or random numbers are not repeatable; plain reads are', () => {
  expect(isRepeatableQuery('MATCH (n:Country) RETURN n.name LIMIT 5')).toBe(true);
  expect(isRepeatableQuery('MATCH (n) WHERE n.validFrom > 2001 RETURN n')).toBe(true);
  for (const q of ['RETURN rand()', 'RETURN gen_random_uuid()', 'RETURN current_timestamp()', 'RETURN date() AS today', 'RETURN timestamp ()', 'RETURN randomUUID()']) {
    expect(isRepeatableQuery(q)).toBe(false);
  }
});
