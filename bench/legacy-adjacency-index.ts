/**
 * The adjacency snapshot the graph index replaced (server/stores/adjacency-index.ts before the graph-index
 * module), kept unchanged as the baseline of `npm run bench -- --graph-index`: a string array of
 * relationship ids and a Map from id to index, a Map per node id, Float64 years. Not used by the app.
 */
import type { Direction } from '../server/domain/graph-model';
import type { AdjacencyFilter, EdgeRef } from '../server/domain/ports/graph-store';

/** One relationship as the loader reads it; null years are open ends. */
export interface AdjacencyRow {
  id: string;
  type: string;
  source: string;
  target: string;
  yearFrom: number | null;
  yearTo: number | null;
  /** Kinds (labels) of the endpoints, so look-ups by id can name their table. */
  sourceKind: string;
  targetKind: string;
}

/** Where a relationship sits: its type and its endpoints with their kinds. */
export interface EdgeLocation {
  type: string;
  source: string;
  target: string;
  sourceKind: string;
  targetKind: string;
  /** Relationships leaving the source / entering the target: a look-up should start at the smaller side. */
  sourceOutDegree: number;
  targetInDegree: number;
}

/** Reads every relationship, calling `add` per row; should yield to the event loop between chunks. */
export type AdjacencyLoader = (add: (row: AdjacencyRow) => void) => Promise<void>;

class AdjacencySnapshot {
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodeIds: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  private readonly typeNames: string[] = [];
  private readonly kindIndex = new Map<string, number>();
  private readonly kindNames: string[] = [];
  private readonly nodeKinds: number[] = [];
  private readonly edgeIds: string[] = [];
  private readonly edgeIndex = new Map<string, number>();
  private src: Int32Array = new Int32Array(1024);
  private dst: Int32Array = new Int32Array(1024);
  private type: Uint16Array = new Uint16Array(1024);
  private from: Float64Array = new Float64Array(1024);
  private to: Float64Array = new Float64Array(1024);
  private outStart: Int32Array = new Int32Array(0);
  private outEdges: Int32Array = new Int32Array(0);
  private inStart: Int32Array = new Int32Array(0);
  private inEdges: Int32Array = new Int32Array(0);

  get size(): number {
    return this.edgeIds.length;
  }

  private node(id: string, kind: string): number {
    let i = this.nodeIndex.get(id);
    if (i === undefined) {
      i = this.nodeIds.length;
      this.nodeIndex.set(id, i);
      this.nodeIds.push(id);
      let k = this.kindIndex.get(kind);
      if (k === undefined) {
        k = this.kindNames.length;
        this.kindIndex.set(kind, k);
        this.kindNames.push(kind);
      }
      this.nodeKinds.push(k);
    }
    return i;
  }

  kindOf(id: string): string | undefined {
    const i = this.nodeIndex.get(id);
    return i === undefined ? undefined : this.kindNames[this.nodeKinds[i] as number];
  }

  locate(edgeId: string): EdgeLocation | undefined {
    const e = this.edgeIndex.get(edgeId);
    if (e === undefined) return undefined;
    const s = this.src[e] as number;
    const t = this.dst[e] as number;
    return {
      type: this.typeNames[this.type[e] as number] as string,
      source: this.nodeIds[s] as string,
      target: this.nodeIds[t] as string,
      sourceKind: this.kindNames[this.nodeKinds[s] as number] as string,
      targetKind: this.kindNames[this.nodeKinds[t] as number] as string,
      sourceOutDegree: (this.outStart[s + 1] as number) - (this.outStart[s] as number),
      targetInDegree: (this.inStart[t + 1] as number) - (this.inStart[t] as number),
    };
  }

  add(row: AdjacencyRow): void {
    const e = this.edgeIds.length;
    if (e === this.src.length) {
      const grow = <T extends Int32Array | Uint16Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.src = grow(this.src, (n) => new Int32Array(n));
      this.dst = grow(this.dst, (n) => new Int32Array(n));
      this.type = grow(this.type, (n) => new Uint16Array(n));
      this.from = grow(this.from, (n) => new Float64Array(n));
      this.to = grow(this.to, (n) => new Float64Array(n));
    }
    let t = this.typeIndex.get(row.type);
    if (t === undefined) {
      t = this.typeNames.length;
      this.typeIndex.set(row.type, t);
      this.typeNames.push(row.type);
    }
    this.edgeIds.push(row.id);
    this.edgeIndex.set(row.id, e);
    this.src[e] = this.node(row.source, row.sourceKind);
    this.dst[e] = this.node(row.target, row.targetKind);
    this.type[e] = t;
    this.from[e] = row.yearFrom ?? Number.NEGATIVE_INFINITY;
    this.to[e] = row.yearTo ?? Number.POSITIVE_INFINITY;
  }

  /** Sorts relationships into per-node rows (outgoing by source, incoming by target). */
  seal(): void {
    const n = this.nodeIds.length;
    const m = this.edgeIds.length;
    const build = (ends: Int32Array): { start: Int32Array; edges: Int32Array } => {
      const start = new Int32Array(n + 1);
      for (let e = 0; e < m; e += 1) {
        const v = (ends[e] as number) + 1;
        start[v] = (start[v] as number) + 1;
      }
      for (let i = 0; i < n; i += 1) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
      const fill = start.slice(0, n);
      const edges = new Int32Array(m);
      for (let e = 0; e < m; e += 1) {
        const v = ends[e] as number;
        const at = fill[v] as number;
        edges[at] = e;
        fill[v] = at + 1;
      }
      return { start, edges };
    };
    ({ start: this.outStart, edges: this.outEdges } = build(this.src));
    ({ start: this.inStart, edges: this.inEdges } = build(this.dst));
  }

  /** How many relationships touch `ids` in `direction` (an upper bound of what adjacency() answers). */
  degreeSum(ids: readonly string[], direction: Direction): number {
    let sum = 0;
    for (const id of ids) {
      const v = this.nodeIndex.get(id);
      if (v === undefined) continue;
      if (direction !== 'in') sum += (this.outStart[v + 1] as number) - (this.outStart[v] as number);
      if (direction !== 'out') sum += (this.inStart[v + 1] as number) - (this.inStart[v] as number);
    }
    return sum;
  }

  adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter): EdgeRef[] {
    let typeMask: Set<number> | undefined;
    if (filter.types && filter.types.length > 0) {
      typeMask = new Set(filter.types.map((t) => this.typeIndex.get(t)).filter((t): t is number => t !== undefined));
    }
    const year = filter.year;
    const out: EdgeRef[] = [];
    const taken = new Set<number>();
    const visit = (start: Int32Array, edges: Int32Array, v: number): void => {
      for (let k = start[v] as number; k < (start[v + 1] as number); k += 1) {
        const e = edges[k] as number;
        if (taken.has(e)) continue;
        if (typeMask && !typeMask.has(this.type[e] as number)) continue;
        if (year !== undefined && ((this.from[e] as number) > year || (this.to[e] as number) < year)) continue;
        taken.add(e);
        out.push({
          id: this.edgeIds[e] as string,
          type: this.typeNames[this.type[e] as number] as string,
          source: this.nodeIds[this.src[e] as number] as string,
          target: this.nodeIds[this.dst[e] as number] as string,
        });
      }
    };
    for (const id of new Set(ids)) {
      const v = this.nodeIndex.get(id);
      if (v === undefined) continue;
      if (direction !== 'in') visit(this.outStart, this.outEdges, v);
      if (direction !== 'out') visit(this.inStart, this.inEdges, v);
    }
    return out;
  }
}

/**
 * The snapshot's life cycle: built on demand in the background (callers fall back to the engine until
 * it is ready), dropped on every write.
 */
export class AdjacencyIndex {
  private snapshot: AdjacencySnapshot | undefined;
  private building: Promise<void> | undefined;
  private generation = 0;

  constructor(private readonly load: AdjacencyLoader) {}

  /** The answer from memory, or undefined when no snapshot is ready (a build is then started). */
  adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter): EdgeRef[] | undefined {
    if (this.snapshot) return this.snapshot.adjacency(ids, direction, filter);
    void this.ready().catch(() => undefined);
    return undefined;
  }

  /** Relationships touching `ids` (ignoring filters), when a snapshot is ready. */
  degreeSum(ids: readonly string[], direction: Direction): number | undefined {
    return this.snapshot?.degreeSum(ids, direction);
  }

  /** The kind of a node that has relationships, when a snapshot is ready. */
  kindOf(id: string): string | undefined {
    return this.snapshot?.kindOf(id);
  }

  /** Type and endpoints of a relationship, when a snapshot is ready. */
  locate(edgeId: string): EdgeLocation | undefined {
    return this.snapshot?.locate(edgeId);
  }

  /** Resolves once a snapshot of the current graph is in memory. */
  async ready(): Promise<void> {
    while (!this.snapshot) {
      if (!this.building) {
        const generation = this.generation;
        const next = new AdjacencySnapshot();
        this.building = this.load((row) => next.add(row)).then(
          () => {
            next.seal();
            // A write during the build may or may not be in what was read: keep only a clean build.
            if (generation === this.generation) this.snapshot = next;
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

  /** Drops the snapshot: the graph changed. */
  invalidate(): void {
    this.generation += 1;
    this.snapshot = undefined;
  }
}
