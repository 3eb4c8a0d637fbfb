/**
 * An answer's JSON bytes with its kept records written from bytes kept with them. With every answer computed
 * (READ_CACHE_MB=0) the server process is the bottleneck of the seed load (its event loop busy 99-100% of
 * the time, the engine process 10-20%), and a third of its CPU went on serialising answers: a depth-2
 * neighbourhood is 275 KB of JSON, nearly all of it relationship and node records that the record cache
 * (stores/record-cache/) hands to every request as the same deep-frozen objects. A deep-frozen plain object
 * cannot change, so its JSON cannot either: it is written once, kept in a WeakMap beside the object (gone
 * with it), and copied into every later answer that holds it.
 *
 * The same bytes as Buffer.from(JSON.stringify(value)): the walk follows JSON.stringify's rules (keys in
 * Object.keys order, undefined / function / symbol values left out of objects and written null in arrays,
 * toJSON values such as dates written by JSON.stringify itself). Only objects frozen all the way down and
 * holding no toJSON are kept; anything else is written anew each time.
 */

/** Levels of the answer's own (unfrozen) objects and arrays walked to find records; deeper ones are written whole. */
const WALK_DEPTH = 4;

const kept = new WeakMap<object, Buffer>();

/** JSON bytes of `value` (a top-level object or array), kept records copied from their kept bytes. */
export function jsonWithKeptRecords(value: unknown): Buffer {
  if (!holdsFrozen(value, WALK_DEPTH)) return Buffer.from(JSON.stringify(value), 'utf8');
  const parts: Array<string | Buffer> = [];
  write(value, WALK_DEPTH, parts);
  let length = 0;
  for (const p of parts) length += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) at += typeof p === 'string' ? out.write(p, at, 'utf8') : p.copy(out, at);
  return out;
}

/** Left out of an object and written null in an array, as JSON.stringify does. */
function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function isRecordLike(v: unknown): v is object {
  return v !== null && typeof v === 'object' && Object.isFrozen(v);
}

/** Whether a frozen object lies within `depth` levels (an array is judged by its first item: lists are of one kind). */
function holdsFrozen(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Object.isFrozen(v)) return true;
  if (depth === 0 || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) return v.length > 0 && holdsFrozen(v[0], depth - 1);
  for (const item of Object.values(v)) if (holdsFrozen(item, depth - 1)) return true;
  return false;
}

/** The kept bytes of a deep-frozen record, kept now if they were not; undefined when it is not deep-frozen. */
function keptBytes(record: object): Buffer | undefined {
  const bytes = kept.get(record);
  if (bytes) return bytes;
  if (!isDeepFrozen(record)) return undefined;
  // Outside Node's shared 8 KB buffer pool: a kept slice of it would hold its whole slab for as long as the
  // record lives, so a few kept records could pin a slab each.
  const text = JSON.stringify(record);
  const made = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  made.write(text, 0, 'utf8');
  kept.set(record, made);
  return made;
}

function isDeepFrozen(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (!Object.isFrozen(v) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const item of Object.values(v)) if (!isDeepFrozen(item)) return false;
  return true;
}

function write(v: unknown, depth: number, parts: Array<string | Buffer>): void {
  if (isRecordLike(v)) {
    const bytes = keptBytes(v);
    if (bytes) {
      parts.push(bytes);
      return;
    }
  }
  if (v === null || typeof v !== 'object' || depth === 0 || typeof (v as { toJSON?: unknown }).toJSON === 'function' || !holdsFrozen(v, depth)) {
    parts.push(JSON.stringify(v));
    return;
  }
  if (Array.isArray(v)) {
    parts.push('[');
    for (let i = 0; i < v.length; i += 1) {
      if (i > 0) parts.push(',');
      const item: unknown = v[i];
      if (isSkipped(item)) parts.push('null');
      else write(item, depth - 1, parts);
    }
    parts.push(']');
    return;
  }
  parts.push('{');
  let first = true;
  for (const key of Object.keys(v)) {
    const item: unknown = (v as Record<string, unknown>)[key];
    if (isSkipped(item)) continue;
    parts.push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    write(item, depth - 1, parts);
  }
  parts.push('}');
}
