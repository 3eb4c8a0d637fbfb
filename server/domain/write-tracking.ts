/**
 * Counts the writes that go through the app, so caches of whole-graph reads (the page's graph) know when
 * they went stale without asking the engine. A write bumps the version when it starts and again when it
 * ends (whether it succeeded or not): a read that overlapped a write sees two different versions and is
 * not cached.
 */
import type { GraphStore } from './ports/graph-store';

/** The store methods that change what is stored. */
const WRITE_METHODS: ReadonlySet<PropertyKey> = new Set<PropertyKey>(['upsert', 'bulkLoad', 'runImport']);

export interface WriteTracker {
  /** The store to hand to routes: the same store, with its writes counted. */
  readonly store: GraphStore;
  /** Changes whenever a write starts or ends. */
  version(): number;
  /** Writes that started and have not ended yet. */
  writesInFlight(): number;
}

/** Wraps `store` so that every write through it is counted (see WriteTracker). */
export function trackWrites(store: GraphStore): WriteTracker {
  let version = 0;
  let inFlight = 0;
  const tracked = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      // Methods run with the real store as `this`: adapters keep private state a Proxy cannot reach.
      const method = value as (...args: unknown[]) => unknown;
      if (!WRITE_METHODS.has(property)) return method.bind(target);
      return async (...args: unknown[]): Promise<unknown> => {
        version += 1;
        inFlight += 1;
        try {
          return await method.apply(target, args);
        } finally {
          inFlight -= 1;
          version += 1;
        }
      };
    },
  });
  return { store: tracked, version: () => version, writesInFlight: () => inFlight };
}

/**
 * A stamp of the stored graph as far as this process can know it, or undefined while a write through the app
 * is in flight (the graph is then neither the old one nor the new one). It changes with every write through
 * the app, with every restart of the embedded engine's process and with its database generation (a restart
 * may recover another generation): what is derived from the graph under one stamp stays exact until the
 * stamp changes. Other writers (Neo4j's other clients) are not seen: caches there need a maximum age too.
 */
export function graphStamp(store: Pick<GraphStore, 'engineProcessHealth' | 'storageStatus'>, writes: Pick<WriteTracker, 'version' | 'writesInFlight'>): () => string | undefined {
  return () => {
    if (writes.writesInFlight() > 0) return undefined;
    return `${writes.version()}|${store.engineProcessHealth?.().restarts ?? 0}|${store.storageStatus?.()?.generation ?? ''}`;
  };
}
