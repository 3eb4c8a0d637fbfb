import { CountsCache, countsMaxAgeFor, NEO4J_COUNTS_MAX_AGE_MS } from '../../server/domain/counts-cache';
import type { GraphCounts } from '../../server/domain/ports/graph-store';

/** A store whose counts are whatever the test set last, counting how often it was asked. */
function countingStore(initial: GraphCounts): {
  store: { counts(): Promise<GraphCounts>; ping(): Promise<void> };
  set(c: GraphCounts): void;
  reads(): number;
  pings(): number;
} {
  let current = initial;
  let reads = 0;
  let pings = 0;
  return {
    store: {
      counts: async () => {
        reads += 1;
        return current;
      },
      ping: async () => {
        pings += 1;
      },
    },
    pings: () => pings,
    set: (c) => {
      current = c;
    },
    reads: () => reads,
  };
}

describe('CountsCache', () => {
  it('answers from its last read until a write goes through the app', async () => {
    const s = countingStore({ nodes: 1, edges: 2 });
    let version = 0;
    const cache = new CountsCache(s.store, { version: () => version }, 5_000, () => 0);
    expect(await cache.current()).toEqual({ nodes: 1, edges: 2 });
    expect(await cache.current()).toEqual({ nodes: 1, edges: 2 });
    expect(s.reads()).toBe(1);
    // Served from the cache, but only once the engine answered a ping: a dead engine must say degraded at once.
    expect(s.pings()).toBe(1);
    s.set({ nodes: 3, edges: 4 });
    version = 2;
    expect(await cache.current()).toEqual({ nodes: 3, edges: 4 });
    expect(s.reads()).toBe(2);
  });

  it('reads again once its counts are older than the limit (writers other than the app)', async () => {
    const s = countingStore({ nodes: 1, edges: 1 });
    let now = 0;
    const cache = new CountsCache(s.store, { version: () => 0 }, 5_000, () => now);
    await cache.current();
    s.set({ nodes: 9, edges: 9 });
    now = 4_999;
    expect(await cache.current()).toEqual({ nodes: 1, edges: 1 });
    now = 5_000;
    expect(await cache.current()).toEqual({ nodes: 9, edges: 9 });
  });

  it('shares one read between concurrent callers', async () => {
    const s = countingStore({ nodes: 1, edges: 1 });
    const cache = new CountsCache(s.store, { version: () => 0 }, 5_000, () => 0);
    await Promise.all([cache.current(), cache.current(), cache.current()]);
    expect(s.reads()).toBe(1);
  });

  it('does not keep a read that overlapped a write', async () => {
    let version = 0;
    let reads = 0;
    const store = {
      ping: async (): Promise<void> => undefined,
      counts: async (): Promise<GraphCounts> => {
        reads += 1;
        version += 1; // a write started while this read ran
        return { nodes: reads, edges: 0 };
      },
    };
    const cache = new CountsCache(store, { version: () => version }, 5_000, () => 0);
    expect((await cache.current()).nodes).toBe(1);
    expect((await cache.current()).nodes).toBe(2);
  });

  it('passes through when the limit is 0, and only Neo4j gets one', async () => {
    const s = countingStore({ nodes: 1, edges: 1 });
    const cache = new CountsCache(s.store, { version: () => 0 }, countsMaxAgeFor('embedded'), () => 0);
    await cache.current();
    await cache.current();
    expect(s.reads()).toBe(2);
    expect(countsMaxAgeFor('neo4j')).toBe(NEO4J_COUNTS_MAX_AGE_MS);
  });

  it('says the engine is gone at once even while its counts are cached', async () => {
    let up = true;
    const store = {
      ping: async (): Promise<void> => (up ? undefined : Promise.reject(new Error('down'))),
      counts: async (): Promise<GraphCounts> => ({ nodes: 1, edges: 1 }),
    };
    const cache = new CountsCache(store, { version: () => 0 }, 5_000, () => 0);
    await cache.current();
    up = false;
    await expect(cache.current()).rejects.toThrow('down');
  });

  it('lets a failed read through to the caller and reads again next time', async () => {
    let fail = true;
    const store = {
      ping: async (): Promise<void> => (fail ? Promise.reject(new Error('down')) : undefined),
      counts: async (): Promise<GraphCounts> => (fail ? Promise.reject(new Error('down')) : { nodes: 5, edges: 6 }),
    };
    const cache = new CountsCache(store, { version: () => 0 }, 5_000, () => 0);
    await expect(cache.current()).rejects.toThrow('down');
    fail = false;
    expect(await cache.current()).toEqual({ nodes: 5, edges: 6 });
  });
});
