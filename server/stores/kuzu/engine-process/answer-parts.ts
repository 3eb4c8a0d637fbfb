/**
 * Large answers cross the process boundary in parts. The server deserialises each IPC message in one turn
 * of its event loop, at about 4 µs per record here: one answer of 20,000 relationships with their evidence
 * held the loop ~85-145 ms. So the host sends every long list of an answer (the answer itself when it is a
 * list, or a list-valued field of it: `rows` of a console answer, `edges` of a graph) as `part` messages of
 * at most PART_ITEMS items, then the `result` with those lists emptied and named in `parted`; the server puts
 * them back before it resolves the call. Both sides are here so they cannot drift apart. Stream chunks are
 * rows, not records (kuzu-row-chunks.ts), and never longer than PART_ITEMS rows (remote-stream.ts).
 */

/** Items per part: about 400 KB and 2 ms of deserialising for relationships with two sources each. */
export const PART_ITEMS = 1_000;

/** The field of the answer a part belongs to; ANSWER_ITSELF when the answer is the list. */
export const ANSWER_ITSELF = '';

/** One part of a long list, in the order it is to be put back. */
export interface AnswerPart {
  field: string;
  items: unknown[];
}

/** What the host sends: the parts, then `rest` (the answer with its long lists emptied) naming `parted`. */
export interface SplitAnswer {
  parts: AnswerPart[];
  rest: unknown;
  parted: string[];
}

/**
 * A record-like object (not a Map, Date, typed array...). By its tag, not its prototype: a message is
 * deserialised in Node's own realm, which under jest is not the test's (its Object.prototype differs).
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.prototype.toString.call(value) === '[object Object]';
}

function cut(field: string, list: unknown[], into: AnswerPart[]): void {
  for (let i = 0; i < list.length; i += PART_ITEMS) into.push({ field, items: list.slice(i, i + PART_ITEMS) });
}

/** Splits the long lists out of an answer; an answer without one comes back whole with no parts. */
export function splitAnswer(value: unknown): SplitAnswer {
  const parts: AnswerPart[] = [];
  if (Array.isArray(value)) {
    if (value.length <= PART_ITEMS) return { parts, rest: value, parted: [] };
    cut(ANSWER_ITSELF, value, parts);
    return { parts, rest: [], parted: [ANSWER_ITSELF] };
  }
  if (!isPlainObject(value)) return { parts, rest: value, parted: [] };
  const parted: string[] = [];
  let rest: Record<string, unknown> | undefined;
  for (const [field, list] of Object.entries(value)) {
    if (!Array.isArray(list) || list.length <= PART_ITEMS) continue;
    cut(field, list, parts);
    parted.push(field);
    rest ??= { ...value };
    rest[field] = [];
  }
  return { parts, rest: rest ?? value, parted };
}

/** The server's side: collects the parts of one call's answer as they arrive and puts the answer back. */
export class AnswerAssembly {
  private readonly lists = new Map<string, unknown[][]>();

  add(part: AnswerPart): void {
    let list = this.lists.get(part.field);
    if (!list) this.lists.set(part.field, (list = []));
    list.push(part.items);
  }

  /** The whole answer: `rest` with each field named in `parted` refilled from its parts, in order. */
  complete(rest: unknown, parted: readonly string[]): unknown {
    const whole = (field: string): unknown[] => {
      const out: unknown[] = [];
      for (const items of this.lists.get(field) ?? []) for (const item of items) out.push(item);
      return out;
    };
    if (parted.includes(ANSWER_ITSELF)) return whole(ANSWER_ITSELF);
    if (!isPlainObject(rest)) return rest;
    for (const field of parted) rest[field] = whole(field);
    return rest;
  }
}
