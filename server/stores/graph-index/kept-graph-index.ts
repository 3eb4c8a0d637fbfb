/**
 * A GraphIndex kept for a store that is the graph's only writer (the embedded engine, inside its adapter):
 * built in the background on first use (callers fall back to the engine until it is ready), dropped by
 * `invalidate()` on every write. A build that a write overlapped is discarded: it may or may not hold the
 * write. Used by the Kuzu adapter to place ids in their tables; traversals use IndexedGraphStore.
 */
import type { Direction } from '../../domain/graph-model';
import type { AdjacencyColumns, AdjacencyFilter, EdgeRef } from '../../domain/ports/graph-store';
import { GraphIndexBuilder, type EdgeLocation, type GraphIndex } from './graph-index';
import { nextTurn } from '../../domain/next-turn';
import { SliceClock } from './slice-clock';

/** Reads every relationship in blocks of columns; should yield to the event loop between blocks. */
export type GraphIndexLoader = (onColumns: (columns: AdjacencyColumns) => void) => Promise<void>;

/**
 * Builds an index from a loader (shared by KeptGraphIndex and IndexedGraphStore) without holding the event
 * loop: blocks are queued as they arrive and added in slices (a 20,000-row block is 15-60 ms of work), and the
 * seal runs in slices too, so no turn of the build runs much over SLICE_MS.
 */
export async function buildGraphIndex(load: GraphIndexLoader): Promise<GraphIndex> {
  const builder = new GraphIndexBuilder();
  const clock = new SliceClock();
  const queued: AdjacencyColumns[] = [];
  let wake: (() => void) | undefined;
  let loaded = false;
  const loading = load((columns) => {
    queued.push(columns);
    wake?.();
  }).finally(() => {
    loaded = true;
    wake?.();
  });
  // A failed load must not go unhandled while the drain below is waiting; it is rethrown after the drain.
  loading.catch(() => undefined);
  for (;;) {
    const block = queued.shift();
    if (block) {
      const steps = builder.addSteps(block, clock);
      while (!steps.next().done) await nextTurn();
      continue;
    }
    if (loaded) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await loading;
  return builder.sealInSteps(nextTurn, clock);
}

export class KeptGraphIndex {
  private index: GraphIndex | undefined;
  private building: Promise<void> | undefined;
  private generation = 0;

  constructor(private readonly load: GraphIndexLoader) {}

  /** The answer from memory, or undefined when no index is ready (a build is then started). */
  adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter): EdgeRef[] | undefined {
    if (this.index) return this.index.adjacency(ids, direction, filter);
    void this.ready().catch(() => undefined);
    return undefined;
  }

  /** Relationships touching `ids` (ignoring filters), when an index is ready. */
  degreeSum(ids: readonly string[], direction: Direction): number | undefined {
    return this.index?.degreeSum(ids, direction);
  }

  /** The kind of a node that has relationships, when an index is ready. */
  kindOf(id: string): string | undefined {
    return this.index?.kindOf(id);
  }

  /** Type and endpoints of a relationship, when an index is ready. */
  locate(edgeId: string): EdgeLocation | undefined {
    return this.index?.locate(edgeId);
  }

  /** Resolves once an index of the current graph is in memory. */
  async ready(): Promise<void> {
    while (!this.index) {
      if (!this.building) {
        const generation = this.generation;
        this.building = buildGraphIndex(this.load).then(
          (built) => {
            if (generation === this.generation) this.index = built;
            this.building = undefined;
          },
          (err: unknown) => {
            this.building = undefined;
            throw err;
          },
        );
      }
      await this.building;
    }
  }

  /** Drops the index: the graph changed. */
  invalidate(): void {
    this.generation += 1;
    this.index = undefined;
  }
}
