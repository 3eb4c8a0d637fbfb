/**
 * Strings (node or relationship ids) kept once, compactly: their UTF-8 bytes in one buffer with an offset
 * per string, and an open-addressing hash table of ordinals on an Int32Array for look-ups. A JS Map of a
 * million ids costs about 100 bytes per entry (each key a heap string, each entry a hash node); this costs
 * the id's bytes plus about 10 (4 for the offset, 4 / load factor for the slot).
 *
 * Two phases: `IdTableBuilder` interns strings as they stream in (growing its arrays by doubling), and
 * `seal()` trims them to size. Ordinals are given in first-seen order and never change.
 */
import { CHECK_EVERY, SliceClock, runToEnd } from './slice-clock';

/** Slots per string at most: a table fuller than 1 / this is grown (linear probing stays short). */
const MAX_LOAD = 0.7;
const EMPTY = -1;

/** FNV-1a over bytes: cheap, and good enough for ids (hash flooding is not a concern for ids we store). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i += 1) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over an ASCII string's code units (equal to hashBytes over its bytes), or -1 if it is not ASCII. */
function hashAscii(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    if (c > 0x7f) return -1;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function slotsFor(count: number): number {
  return Math.max(8, Math.ceil(count / MAX_LOAD) + 1);
}

/** A look-up key: the id's UTF-8 bytes in a reused scratch buffer (ids are short; longer ones get their own). */
class KeyEncoder {
  private scratch = Buffer.allocUnsafe(256);

  encode(id: string): { bytes: Buffer; length: number } {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (id.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(id.length * 3);
    const length = this.scratch.write(id, 0, 'utf8');
    return { bytes: this.scratch, length };
  }
}

/** Read side shared by the builder and the sealed table. */
abstract class IdStore {
  protected bytes: Buffer;
  protected offsets: Int32Array;
  protected slots: Int32Array;
  protected count = 0;
  protected readonly keys = new KeyEncoder();
  /** Whether every byte stored is ASCII, so strings can be cut with the faster latin1 decoder. */
  protected ascii = true;

  protected constructor(bytes: Buffer, offsets: Int32Array, slots: Int32Array) {
    this.bytes = bytes;
    this.offsets = offsets;
    this.slots = slots;
  }

  get size(): number {
    return this.count;
  }

  /** The ordinal of `id`, or -1 when it is not in the table. */
  ordinalOf(id: string): number {
    // Most ids are ASCII: hashed and compared from the string itself, without encoding it first.
    const h = hashAscii(id);
    if (h >= 0) return this.findAscii(id, h);
    const { bytes: key, length } = this.keys.encode(id);
    return this.find(key, 0, length);
  }

  protected findAscii(id: string, hash: number): number {
    const slots = this.slots;
    const capacity = slots.length;
    if (capacity === 0) return -1;
    const length = id.length;
    const bytes = this.bytes;
    let s = hash % capacity;
    for (;;) {
      const o = slots[s] as number;
      if (o === EMPTY) return -1;
      const from = this.offsets[o] as number;
      if ((this.offsets[o + 1] as number) - from === length) {
        let i = 0;
        while (i < length && bytes[from + i] === id.charCodeAt(i)) i += 1;
        if (i === length) return o;
      }
      s = s + 1 === capacity ? 0 : s + 1;
    }
  }

  /** The string at `ordinal` (0 <= ordinal < size). */
  at(ordinal: number): string {
    const start = this.offsets[ordinal] as number;
    const end = this.offsets[ordinal + 1] as number;
    return this.bytes.toString(this.ascii ? 'latin1' : 'utf8', start, end);
  }

  protected find(key: Uint8Array, start: number, end: number): number {
    const slots = this.slots;
    const capacity = slots.length;
    if (capacity === 0) return -1;
    const length = end - start;
    let s = hashBytes(key, start, end) % capacity;
    for (;;) {
      const o = slots[s] as number;
      if (o === EMPTY) return -1;
      const from = this.offsets[o] as number;
      if ((this.offsets[o + 1] as number) - from === length && this.equalAt(from, key, start, length)) return o;
      s = s + 1 === capacity ? 0 : s + 1;
    }
  }

  private equalAt(from: number, key: Uint8Array, start: number, length: number): boolean {
    const bytes = this.bytes;
    for (let i = 0; i < length; i += 1) if (bytes[from + i] !== key[start + i]) return false;
    return true;
  }

  protected place(ordinal: number): void {
    const capacity = this.slots.length;
    let s = hashBytes(this.bytes, this.offsets[ordinal] as number, this.offsets[ordinal + 1] as number) % capacity;
    while (this.slots[s] !== EMPTY) s = s + 1 === capacity ? 0 : s + 1;
    this.slots[s] = ordinal;
  }

  /** Bytes held by the table's arrays. */
  byteSize(): number {
    return this.bytes.byteLength + this.offsets.byteLength + this.slots.byteLength;
  }
}

/** The sealed table: fixed arrays, look-ups and ordinal -> string only. */
export class IdTable extends IdStore {
  /** Internal: made by IdTableBuilder.seal() or IdTable.fromOrdered(). */
  constructor(bytes: Buffer, offsets: Int32Array, slots: Int32Array, count: number, ascii: boolean) {
    super(bytes, offsets, slots);
    this.count = count;
    this.ascii = ascii;
  }

  /**
   * A table of the strings of `source` in the order `order` gives (order[i] is the source ordinal that
   * becomes ordinal i), with its hash table built for that order. Used to number relationships in the
   * order the adjacency rows keep them.
   */
  static fromOrdered(source: IdTable, order: Int32Array): IdTable {
    return runToEnd(IdTable.fromOrderedSteps(source, order, new SliceClock()));
  }

  /** fromOrdered() in slices of `clock` (a million ids take hundreds of milliseconds, mostly hashing). */
  static *fromOrderedSteps(source: IdTable, order: Int32Array, clock: SliceClock): Generator<void, IdTable> {
    const n = order.length;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i += 1) {
      const o = order[i] as number;
      offsets[i + 1] = (offsets[i] as number) + (source.offsets[o + 1] as number) - (source.offsets[o] as number);
      if ((i & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    const bytes = Buffer.allocUnsafe(offsets[n] as number);
    const from = source.bytes;
    // A byte loop: ids are short, and Buffer.copy per id costs a native call each.
    for (let i = 0; i < n; i += 1) {
      const o = order[i] as number;
      let at = offsets[i] as number;
      for (let k = source.offsets[o] as number, end = source.offsets[o + 1] as number; k < end; k += 1) bytes[at++] = from[k] as number;
      if ((i & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    return yield* IdTable.hashedSteps(bytes, offsets, n, source.ascii, clock);
  }

  /** A table over these strings with its hash table built (a duplicate string answers its first ordinal). */
  static hashed(bytes: Buffer, offsets: Int32Array, count: number, ascii: boolean): IdTable {
    return runToEnd(IdTable.hashedSteps(bytes, offsets, count, ascii, new SliceClock()));
  }

  /** hashed() in slices of `clock`. */
  static *hashedSteps(bytes: Buffer, offsets: Int32Array, count: number, ascii: boolean, clock: SliceClock): Generator<void, IdTable> {
    const table = new IdTable(bytes, offsets, new Int32Array(slotsFor(count)).fill(EMPTY), count, ascii);
    for (let i = 0; i < count; i += 1) {
      table.place(i);
      if ((i & CHECK_EVERY) === 0 && clock.due()) yield* clock.pause();
    }
    return table;
  }
}

/** Interns strings while a graph streams in; `add` answers each one's ordinal (the same for the same string). */
export class IdTableBuilder extends IdStore {
  private used = 0;

  /** `lookups` false: strings are only pushed (see push), so no hash table is kept while building. */
  constructor(expected = 1024, lookups = true) {
    super(
      Buffer.allocUnsafe(Math.max(64, expected * 8)),
      new Int32Array(Math.max(16, expected + 1)),
      lookups ? new Int32Array(slotsFor(expected)).fill(EMPTY) : new Int32Array(0),
    );
  }

  /** The ordinal of `id`, adding it when new. */
  add(id: string): number {
    const h = hashAscii(id);
    if (h >= 0) {
      const found = this.findAscii(id, h);
      return found !== EMPTY ? found : this.appendAscii(id, true);
    }
    const { bytes: key, length } = this.keys.encode(id);
    const found = this.find(key, 0, length);
    if (found !== EMPTY) return found;
    return this.append(key, length);
  }

  /** Adds `id` without looking it up (the caller knows it is new or accepts a duplicate ordinal). */
  push(id: string): number {
    if (hashAscii(id) >= 0) return this.appendAscii(id, false);
    const { bytes: key, length } = this.keys.encode(id);
    return this.append(key, length, false);
  }

  private reserve(length: number): void {
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
  }

  private appendAscii(id: string, hashed: boolean): number {
    this.reserve(id.length);
    const bytes = this.bytes;
    for (let i = 0; i < id.length; i += 1) bytes[this.used + i] = id.charCodeAt(i);
    this.used += id.length;
    return this.appended(hashed);
  }

  private append(key: Buffer, length: number, hashed = true): number {
    this.reserve(length);
    key.copy(this.bytes, this.used, 0, length);
    if (this.ascii) for (let i = 0; i < length; i += 1) if ((key[i] as number) > 0x7f) this.ascii = false;
    this.used += length;
    return this.appended(hashed);
  }

  /** Records the string just written at the end of `bytes`. */
  private appended(hashed: boolean): number {
    const ordinal = this.count;
    if (ordinal + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[ordinal + 1] = this.used;
    this.count += 1;
    if (hashed) {
      if (this.count > this.slots.length * MAX_LOAD) this.rehash(slotsFor(this.count * 2));
      else this.place(ordinal);
    }
    return ordinal;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(EMPTY);
    for (let o = 0; o < this.count; o += 1) this.place(o);
  }

  /**
   * The table trimmed to its contents. `hashed` false (strings pushed without look-ups) leaves the hash
   * table empty: such a table is only a source for IdTable.fromOrdered.
   */
  seal(hashed = true): IdTable {
    return runToEnd(this.sealSteps(hashed, new SliceClock()));
  }

  /** seal() in slices of `clock`. */
  *sealSteps(hashed: boolean, clock: SliceClock): Generator<void, IdTable> {
    const bytes = Buffer.allocUnsafe(this.used);
    this.bytes.copy(bytes, 0, 0, this.used);
    const offsets = this.offsets.slice(0, this.count + 1);
    // Rehashed at the final count: the build's table may be up to twice as large as needed.
    if (hashed) return yield* IdTable.hashedSteps(bytes, offsets, this.count, this.ascii, clock);
    return new IdTable(bytes, offsets, new Int32Array(0), this.count, this.ascii);
  }
}
