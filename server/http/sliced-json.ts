/**
 * JSON.stringify in slices: the same text, built in turns of at most about `sliceMs` with a setImmediate
 * between them, so a large answer (a neighbourhood of 2,000 nodes is megabytes of JSON) does not hold the
 * event loop while it is serialised and every other request waits. Small values are stringified whole.
 *
 * For the plain data the use cases answer (objects, arrays, strings, numbers, booleans, null): keys whose
 * value is undefined are left out and undefined array items become null, as JSON.stringify does; values
 * with toJSON (dates) are written by JSON.stringify itself. Answers are top-level objects or arrays.
 */

/** Arrays shorter than this are stringified in one piece (checking the clock per item would cost more). */
const WHOLE_BELOW = 64;

/** Answers JSON.stringify(value), yielding to the event loop whenever a slice has run `sliceMs`. */
export async function stringifyInSlices(value: unknown, sliceMs = 8): Promise<string> {
  let sliceStart = performance.now();
  const parts: string[] = [];
  const pause = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  // Objects are walked key by key; a long array is written item by item, each item with JSON.stringify
  // (an item is one node, edge or path: small), pausing between items when the slice has run out.
  const write = async (v: unknown): Promise<void> => {
    if (Array.isArray(v)) {
      if (v.length < WHOLE_BELOW) {
        parts.push(JSON.stringify(v));
        return;
      }
      parts.push('[');
      for (let i = 0; i < v.length; i += 1) {
        if (i > 0) parts.push(',');
        // JSON.stringify writes an undefined array item as null.
        parts.push((JSON.stringify(v[i]) as string | undefined) ?? 'null');
        if ((i & 15) === 15) await pause();
      }
      parts.push(']');
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
