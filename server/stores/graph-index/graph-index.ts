/**
 * The graph's adjacency in memory, compact: compressed sparse rows over typed arrays, answering the
 * GraphStore's one-hop adjacency() (and where a relationship or a node sits) in microseconds, on any engine.
 *
 * Layout, per relationship (numbered in order of their source node, so the outgoing rows are the
 * relationship numbers themselves): target and source node ordinals (Int32), its place in the incoming
 * rows (Int32), type and status codes (Uint8 up to 256 distinct values), hard validity years (Int16, open
 * ends as sentinels), and its id in an IdTable (UTF-8 bytes, an offset, a hash slot). Per node: the start
 * of its outgoing and incoming rows, a kind code and its id. About 20 bytes plus the id's length plus 10
 * per relationship; see bench/graph-index-bench.ts for measured sizes.
 */
import type { Direction } from '../../domain/graph-model';
import type { AdjacencyColumns, AdjacencyFilter, EdgeRef, PathCandidateQuery, PathCandidates } from '../../domain/ports/graph-store';
import { IdTable, IdTableBuilder } from './id-table';
import { searchPathCandidates, type SearchableIndex } from './index-path-search';
import { PathSearchScratchPool } from './path-search-scratch';
import { nodeNameOrderSteps } from './node-name-order';
import { CHECK_EVERY, SliceClock, runToEnd } from './slice-clock';
import { runInTurns } from './turn-queue';

/** Years are whole (the API takes 1000-2999); these stand for open ends. */
const OPEN_FROM = -32768;
const OPEN_TO = 32767;

/** Rows added between clock reads (each row interns two node ids: far slower than a typed-array pass). */
const CHECK_EVERY_ROW = 0x3ff;

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

/** A block of adjacency rows with no row yet. */
export function emptyAdjacencyColumns(): AdjacencyColumns {
  return { id: [], type: [], source: [], target: [], yearFrom: [], yearTo: [], sourceKind: [], targetKind: [] };
}

/** Small vocabularies (types, kinds, statuses) as codes; code 0 may be reserved for "none". */
class Codes {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];

  code(name: string): number {
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.index.set(name, c);
      this.names.push(name);
    }
    return c;
  }

  get(name: string): number | undefined {
    return this.index.get(name);
  }
}

/** Narrows a Uint16Array of codes to bytes when every code fits. */
function narrow(codes: Uint16Array, distinct: number): Uint8Array | Uint16Array {
  if (distinct > 256) return codes;
  const bytes = new Uint8Array(codes.length);
  bytes.set(codes);
  return bytes;
}

function year(value: number | null | undefined, open: number, round: (x: number) => number): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return open;
  // Whole query years: year >= from iff year >= ceil(from); year <= to iff year <= floor(to).
  return Math.max(OPEN_FROM + 1, Math.min(OPEN_TO - 1, round(value)));
}

/** `a` in row order: out[p] = a[order[p]], in slices of `clock`. */
function* permuteInt32(a: Int32Array, order: Int32Array, clock: SliceClock): Generator<void, Int32Array> {
  const out = new Int32Array(order.length);
  for (let p = 0; p < order.length; p += 1) {
    out[p] = a[order[p] as number] as number;
    if ((p & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
  }
  return out;
}

function* permuteInt16(a: Int16Array, order: Int32Array, clock: SliceClock): Generator<void, Int16Array> {
  const out = new Int16Array(order.length);
  for (let p = 0; p < order.length; p += 1) {
    out[p] = a[order[p] as number] as number;
    if ((p & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
  }
  return out;
}

function* permuteUint16(a: Uint16Array, order: Int32Array, clock: SliceClock): Generator<void, Uint16Array> {
  const out = new Uint16Array(order.length);
  for (let p = 0; p < order.length; p += 1) {
    out[p] = a[order[p] as number] as number;
    if ((p & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
  }
  return out;
}

class Growable<T extends Int32Array | Int16Array | Uint16Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = v;
    this.length += 1;
  }

  trimmed(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Collects adjacency columns as they stream in; `seal()` makes the index. */
export class GraphIndexBuilder {
  private readonly nodes: IdTableBuilder;
  private readonly edges: IdTableBuilder;
  private readonly types = new Codes();
  private readonly kinds = new Codes();
  private readonly statuses = new Codes();
  private readonly src: Growable<Int32Array>;
  private readonly dst: Growable<Int32Array>;
  private readonly type: Growable<Uint16Array>;
  private readonly from: Growable<Int16Array>;
  private readonly to: Growable<Int16Array>;
  private readonly status: Growable<Uint16Array>;
  private readonly nodeKind: Growable<Uint16Array>;

  constructor(expectedEdges = 1024) {
    const m = Math.max(16, expectedEdges);
    this.nodes = new IdTableBuilder(Math.max(16, m >> 3));
    this.edges = new IdTableBuilder(m, false);
    this.src = new Growable(new Int32Array(m), (n) => new Int32Array(n));
    this.dst = new Growable(new Int32Array(m), (n) => new Int32Array(n));
    this.type = new Growable(new Uint16Array(m), (n) => new Uint16Array(n));
    this.from = new Growable(new Int16Array(m), (n) => new Int16Array(n));
    this.to = new Growable(new Int16Array(m), (n) => new Int16Array(n));
    this.status = new Growable(new Uint16Array(m), (n) => new Uint16Array(n));
    this.nodeKind = new Growable(new Uint16Array(Math.max(16, m >> 3)), (n) => new Uint16Array(n));
    this.statuses.code('');
  }

  private node(id: string, kind: string): number {
    const v = this.nodes.add(id);
    if (v === this.nodeKind.length) this.nodeKind.push(this.kinds.code(kind));
    return v;
  }

  /** Adds one block of rows. */
  add(c: AdjacencyColumns): void {
    runToEnd(this.addSteps(c, new SliceClock()));
  }

  /** add() in slices of `clock`: a block of 20,000 rows takes 15-60 ms here, more on a busy machine. */
  *addSteps(c: AdjacencyColumns, clock: SliceClock): Generator<void, void> {
    for (let i = 0; i < c.id.length; i += 1) {
      if ((i & CHECK_EVERY_ROW) === 0 && i > 0 && clock.due()) yield* clock.pause();
      this.edges.push(c.id[i] as string);
      this.src.push(this.node(c.source[i] as string, c.sourceKind[i] as string));
      this.dst.push(this.node(c.target[i] as string, c.targetKind[i] as string));
      this.type.push(this.types.code(c.type[i] as string));
      this.from.push(year(c.yearFrom[i], OPEN_FROM, Math.ceil));
      this.to.push(year(c.yearTo[i], OPEN_TO, Math.floor));
      const status = c.status?.[i];
      this.status.push(status ? this.statuses.code(status) : 0);
    }
  }

  get size(): number {
    return this.src.length;
  }

  /** Sorts the relationships by source into rows, and rows of incoming relationships by target. */
  seal(): GraphIndex {
    return runToEnd(this.sealSteps(new SliceClock()));
  }

  /**
   * seal() in slices of about SLICE_MS, awaiting `pause` between them: at a million relationships the whole
   * seal is about a second of CPU here, which the server must not spend in one turn of its event loop.
   */
  async sealInSteps(pause: () => Promise<void>, clock = new SliceClock()): Promise<GraphIndex> {
    const steps = this.sealSteps(clock);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      await pause();
    }
  }

  private *sealSteps(clock: SliceClock): Generator<void, GraphIndex> {
    const n = this.nodes.size;
    const m = this.src.length;
    const src = this.src.trimmed();
    const outStart = new Int32Array(n + 1);
    for (let e = 0; e < m; e += 1) {
      const v = (src[e] as number) + 1;
      outStart[v] = (outStart[v] as number) + 1;
      if ((e & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    for (let v = 0; v < n; v += 1) outStart[v + 1] = (outStart[v + 1] as number) + (outStart[v] as number);
    // order[p] = the relationship (as read) placed at row position p.
    const order = new Int32Array(m);
    const fill = outStart.slice(0, n);
    for (let e = 0; e < m; e += 1) {
      const v = src[e] as number;
      order[fill[v] as number] = e;
      fill[v] = (fill[v] as number) + 1;
      if ((e & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    // One loop per element type: a generic one over several typed-array kinds is megamorphic and several times slower.
    const rowSrc = yield* permuteInt32(src, order, clock);
    const rowDst = yield* permuteInt32(this.dst.trimmed(), order, clock);
    const inStart = new Int32Array(n + 1);
    for (let p = 0; p < m; p += 1) {
      const v = (rowDst[p] as number) + 1;
      inStart[v] = (inStart[v] as number) + 1;
      if ((p & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    for (let v = 0; v < n; v += 1) inStart[v + 1] = (inStart[v + 1] as number) + (inStart[v] as number);
    const inRows = new Int32Array(m);
    const inFill = inStart.slice(0, n);
    for (let p = 0; p < m; p += 1) {
      const v = rowDst[p] as number;
      inRows[inFill[v] as number] = p;
      inFill[v] = (inFill[v] as number) + 1;
      if ((p & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    const type = narrow(yield* permuteUint16(this.type.trimmed(), order, clock), this.types.names.length);
    const status = narrow(yield* permuteUint16(this.status.trimmed(), order, clock), this.statuses.names.length);
    const from = yield* permuteInt16(this.from.trimmed(), order, clock);
    const to = yield* permuteInt16(this.to.trimmed(), order, clock);
    const nodes = yield* this.nodes.sealSteps(true, clock);
    const nameOrder = yield* nodeNameOrderSteps(nodes.size, (v) => nodes.at(v), clock);
    const edges = yield* IdTable.fromOrderedSteps(yield* this.edges.sealSteps(false, clock), order, clock);
    return new GraphIndex({
      nodes,
      edges,
      nameRank: nameOrder.rank,
      byNameRank: nameOrder.byRank,
      typeNames: this.types.names,
      kindNames: this.kinds.names,
      statusNames: this.statuses.names,
      nodeKind: narrow(this.nodeKind.trimmed(), this.kinds.names.length),
      outStart,
      inStart,
      inRows,
      src: rowSrc,
      dst: rowDst,
      type,
      status,
      from,
      to,
    });
  }
}

interface GraphIndexParts {
  nodes: IdTable;
  edges: IdTable;
  /** Each node's place in order of ids, and the reverse (node-name-order.ts). */
  nameRank: Int32Array;
  byNameRank: Int32Array;
  typeNames: string[];
  kindNames: string[];
  statusNames: string[];
  nodeKind: Uint8Array | Uint16Array;
  outStart: Int32Array;
  inStart: Int32Array;
  inRows: Int32Array;
  src: Int32Array;
  dst: Int32Array;
  type: Uint8Array | Uint16Array;
  status: Uint8Array | Uint16Array;
  from: Int16Array;
  to: Int16Array;
}

/** The sealed index: read-only, answers from typed arrays. Build it with GraphIndexBuilder. */
export class GraphIndex {
  private readonly p: GraphIndexParts;
  /**
   * Node ids already decoded, filled on use: every relationship answered names two nodes, and a node's id is
   * asked again and again while its relationship ids are asked once. At most a few bytes per relationship
   * (nodes are fewer), against a string decode per node per answer.
   */
  private readonly nodeNames: Array<string | undefined>;
  /** Made on the first path search, then reused (path-search-scratch.ts says what each costs). */
  private searchScratches: PathSearchScratchPool | undefined;

  constructor(parts: GraphIndexParts) {
    this.p = parts;
    this.nodeNames = new Array<string | undefined>(parts.nodes.size);
  }

  private nodeId(v: number): string {
    return (this.nodeNames[v] ??= this.p.nodes.at(v));
  }

  /** Relationships held. */
  get size(): number {
    return this.p.src.length;
  }

  /** Nodes with at least one relationship. */
  get nodeCount(): number {
    return this.p.nodes.size;
  }

  /** Bytes held by the index's arrays (strings of the small vocabularies and decoded node ids aside). */
  byteSize(): number {
    const p = this.p;
    const arrays = [p.nodeKind, p.outStart, p.inStart, p.inRows, p.src, p.dst, p.type, p.status, p.from, p.to, p.nameRank, p.byNameRank];
    return p.nodes.byteSize() + p.edges.byteSize() + arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }

  /** The kind of a node that has relationships. */
  kindOf(id: string): string | undefined {
    const v = this.p.nodes.ordinalOf(id);
    return v < 0 ? undefined : this.p.kindNames[this.p.nodeKind[v] as number];
  }

  /** Type and endpoints of a relationship. */
  locate(edgeId: string): EdgeLocation | undefined {
    const p = this.p;
    const e = p.edges.ordinalOf(edgeId);
    if (e < 0) return undefined;
    const s = p.src[e] as number;
    const t = p.dst[e] as number;
    return {
      type: p.typeNames[p.type[e] as number] as string,
      source: this.nodeId(s),
      target: this.nodeId(t),
      sourceKind: p.kindNames[p.nodeKind[s] as number] as string,
      targetKind: p.kindNames[p.nodeKind[t] as number] as string,
      sourceOutDegree: (p.outStart[s + 1] as number) - (p.outStart[s] as number),
      targetInDegree: (p.inStart[t + 1] as number) - (p.inStart[t] as number),
    };
  }

  /** The `status` property of a relationship, when the engine gave it. */
  statusOf(edgeId: string): string | undefined {
    const e = this.p.edges.ordinalOf(edgeId);
    if (e < 0) return undefined;
    const code = this.p.status[e] as number;
    return code === 0 ? undefined : this.p.statusNames[code];
  }

  /** How many relationships touch `ids` in `direction` (an upper bound of what adjacency() answers). */
  degreeSum(ids: readonly string[], direction: Direction): number {
    const p = this.p;
    let sum = 0;
    for (const id of ids) {
      const v = p.nodes.ordinalOf(id);
      if (v < 0) continue;
      if (direction !== 'in') sum += (p.outStart[v + 1] as number) - (p.outStart[v] as number);
      if (direction !== 'out') sum += (p.inStart[v + 1] as number) - (p.inStart[v] as number);
    }
    return sum;
  }

  /**
   * What GraphStore.pathCandidates() answers (index-path-search.ts), in slices of `clock` taking turns with
   * other searches' (turn-queue.ts). The index never changes, so a search that outlives it (a write made a new
   * one meanwhile) still answers for the graph it began on; the caller decides whether that is still current.
   */
  async pathCandidates(q: PathCandidateQuery, clock = new SliceClock()): Promise<PathCandidates> {
    const p = this.p;
    const searchable: SearchableIndex = {
      ordinalOf: (id) => p.nodes.ordinalOf(id),
      nameOf: (v) => this.nodeId(v),
      nameRank: p.nameRank,
      byNameRank: p.byNameRank,
      outStart: p.outStart,
      inStart: p.inStart,
      inRows: p.inRows,
      src: p.src,
      dst: p.dst,
      type: p.type,
      typeNames: p.typeNames,
    };
    this.searchScratches ??= new PathSearchScratchPool(p.nodes.size, p.src.length);
    return this.searchScratches.use((scratch) => runInTurns(searchPathCandidates(searchable, scratch, q, clock), clock));
  }

  /** Path search scratches made so far (each lent to one search at a time). */
  get pathSearchScratches(): number {
    return this.searchScratches?.size ?? 0;
  }

  /**
   * What GraphStore.relationshipsBetween() answers: each pair's relationships, read from its end with fewer,
   * each such end read once for all its pairs (a path's hops are often between hubs); in slices of `clock`.
   */
  async between(pairs: ReadonlyArray<readonly [string, string]>, filter: AdjacencyFilter, clock = new SliceClock()): Promise<EdgeRef[]> {
    return runInTurns(this.betweenSteps(pairs, filter, clock), clock);
  }

  private *betweenSteps(pairs: ReadonlyArray<readonly [string, string]>, filter: AdjacencyFilter, clock: SliceClock): Generator<void, EdgeRef[]> {
    const p = this.p;
    const types = filter.types && filter.types.length > 0 ? new Set(filter.types) : undefined;
    const year = filter.year;
    const out: EdgeRef[] = [];
    const taken = new Set<number>();
    const emit = (e: number): void => {
      if (taken.has(e)) return;
      if (types && !types.has(p.typeNames[p.type[e] as number] as string)) return;
      if (year !== undefined && ((p.from[e] as number) > year || (p.to[e] as number) < year)) return;
      taken.add(e);
      out.push({ id: p.edges.at(e), type: p.typeNames[p.type[e] as number] as string, source: this.nodeId(p.src[e] as number), target: this.nodeId(p.dst[e] as number) });
    };
    const degree = (v: number): number => (p.outStart[v + 1] as number) - (p.outStart[v] as number) + (p.inStart[v + 1] as number) - (p.inStart[v] as number);
    // The other ends to look for, per end read.
    const partners = new Map<number, Set<number>>();
    for (const [a, b] of pairs) {
      let x = p.nodes.ordinalOf(a);
      let y = p.nodes.ordinalOf(b);
      if (x < 0 || y < 0) continue;
      if (degree(y) < degree(x)) [x, y] = [y, x];
      const set = partners.get(x);
      if (set) set.add(y);
      else partners.set(x, new Set([y]));
    }
    for (const [x, ys] of partners) {
      for (let e = p.outStart[x] as number, end = p.outStart[x + 1] as number; e < end; e += 1) {
        if (ys.has(p.dst[e] as number)) emit(e);
        if (clock.tick(4)) yield* clock.pause();
      }
      for (let k = p.inStart[x] as number, end = p.inStart[x + 1] as number; k < end; k += 1) {
        const e = p.inRows[k] as number;
        if (ys.has(p.src[e] as number)) emit(e);
        if (clock.tick(4)) yield* clock.pause();
      }
    }
    return out;
  }

  /** What GraphStore.adjacency() answers: each relationship touching `ids` in `direction` that passes `filter`, once. */
  adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): EdgeRef[] {
    const p = this.p;
    let typeMask: Uint8Array | undefined;
    if (filter.types && filter.types.length > 0) {
      typeMask = new Uint8Array(p.typeNames.length);
      for (const t of filter.types) {
        const code = p.typeNames.indexOf(t);
        if (code >= 0) typeMask[code] = 1;
      }
    }
    const year = filter.year;
    const out: EdgeRef[] = [];
    const starts = new Set<number>();
    for (const id of ids) {
      const v = p.nodes.ordinalOf(id);
      if (v >= 0) starts.add(v);
    }
    const passes = (e: number): boolean =>
      (!typeMask || typeMask[p.type[e] as number] === 1) && (year === undefined || ((p.from[e] as number) <= year && (p.to[e] as number) >= year));
    const emit = (e: number): void => {
      out.push({ id: p.edges.at(e), type: p.typeNames[p.type[e] as number] as string, source: this.nodeId(p.src[e] as number), target: this.nodeId(p.dst[e] as number) });
    };
    for (const v of starts) {
      if (direction !== 'in') {
        for (let e = p.outStart[v] as number, end = p.outStart[v + 1] as number; e < end; e += 1) if (passes(e)) emit(e);
      }
      if (direction !== 'out') {
        for (let k = p.inStart[v] as number, end = p.inStart[v + 1] as number; k < end; k += 1) {
          const e = p.inRows[k] as number;
          // Already answered as an outgoing relationship of one of the starts.
          if (direction === 'any' && starts.has(p.src[e] as number)) continue;
          if (passes(e)) emit(e);
        }
      }
    }
    return out;
  }
}
