/**
 * JSON.stringify in slices: the same text, built in turns of at most about `sliceMs` with a setImmediate
 * between them, so a large answer (a neighbourhood of 2,000 nodes is megabytes of JSON) does not hold the
 * event loop while it is serialised and every other request waits. Small values are stringified whole.
 *
 * For the plain data the use cases answer (objects, arrays, strings, numbers, booleans, null): keys whose
 * value is undefined are left out and undefined array items become null, as JSON.stringify does; values
 * with toJSON (dates) are written by JSON.stringify itself. Answers are top-level objects or arrays.
 */
import { nextTurn } from '../domain/next-turn';

/** Arrays shorter than this are stringified in one piece (checking the clock per item would cost more). */
const WHOLE_BELOW = 64;
/** Items of a long array stringified by one JSON.stringify call, at first; halved or doubled to fit a slice. */
const FIRST_CHUNK = 64;
const MAX_CHUNK = 4_096;

/**
 * Answers with at most this many items in their arrays (counted two levels down: the answer's own lists of
 * nodes, edges, paths) are stringified whole: a 300-element neighbourhood (275 KB) takes about 1 ms that way,
 * and slicing it cost 2-4 times as much. Past it the answer is sliced.
 */
const WHOLE_ITEMS = 1_000;

/** The items of the arrays in `value` and in its object values, two levels down; stops counting past `limit`. */
function itemsNear(value: unknown, depth: number, limit: number): number {
  if (Array.isArray(value)) return value.length;
  if (depth === 0 || value === null || typeof value !== 'object') return 0;
  let items = 0;
  for (const v of Object.values(value)) {
    items += itemsNear(v, depth - 1, limit - items);
    if (items > limit) break;
  }
  return items;
}

/** Whether `value` is small enough to be written in one turn (stringifyInSlices writes it whole). */
export function isWrittenWhole(value: unknown): boolean {
  return itemsNear(value, 2, WHOLE_ITEMS) <= WHOLE_ITEMS;
}

/** Answers JSON.stringify(value), yielding to the event loop whenever a slice has run `sliceMs`. */
export async function stringifyInSlices(value: unknown, sliceMs = 8): Promise<string> {
  if (isWrittenWhole(value)) return JSON.stringify(value);
  let sliceStart = performance.now();
  const parts: string[] = [];
  const pause = async (): Promise<void> => {
    await nextTurn();
    sliceStart = performance.now();
  };
  // A long array is written in chunks of items, each chunk by one JSON.stringify of its slice with the
  // brackets cut off: the same text as item by item (holes and undefined items become null either way), at
  // close to the speed of one JSON.stringify (item by item was 3-4 times slower on neighbourhood answers).
  // The chunk shrinks when one takes more than a quarter of a slice and grows when it takes far less.
  let chunk = FIRST_CHUNK;
  const writeArray = async (v: unknown[]): Promise<void> => {
    parts.push('[');
    for (let i = 0; i < v.length; ) {
      const end = Math.min(v.length, i + chunk);
      const started = performance.now();
      const text = JSON.stringify(v.slice(i, end));
      const took = performance.now() - started;
      if (i > 0) parts.push(',');
      parts.push(text.slice(1, -1));
      i = end;
      if (took > sliceMs / 4) chunk = Math.max(1, chunk >> 1);
      else if (took < sliceMs / 32) chunk = Math.min(MAX_CHUNK, chunk * 2);
      if (performance.now() - sliceStart >= sliceMs) await pause();
    }
    parts.push(']');
  };
  const write = async (v: unknown): Promise<void> => {
    if (Array.isArray(v)) {
      if (v.length < WHOLE_BELOW) parts.push(JSON.stringify(v));
      else await writeArray(v);
      return;
    }
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
      parts.push('{');
      let first = true;
      for (const [k, item] of Object.entries(v)) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        parts.push(first ? '' : ',', JSON.stringify(k), ':');
        first = false;
        await write(item);
      }
      parts.push('}');
      return;
    }
    parts.push(JSON.stringify(v));
  };
  await write(value);
  return parts.join('');
}
