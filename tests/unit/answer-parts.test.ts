/**
 * Long answers of the engine process cross the boundary in parts of at most PART_ITEMS items, and the
 * server puts them back exactly: the answer itself when it is a list, or each long list field of it.
 */
import { AnswerAssembly, PART_ITEMS, splitAnswer } from '../../server/stores/kuzu/engine-process/answer-parts';

function roundTrip(value: unknown): { whole: unknown; sizes: number[] } {
  // Through structured clone, as over the IPC channel.
  const split = structuredClone(splitAnswer(value));
  const assembly = new AnswerAssembly();
  split.parts.forEach((part) => assembly.add(part));
  return { whole: split.parted.length > 0 ? assembly.complete(split.rest, split.parted) : split.rest, sizes: split.parts.map((p) => p.items.length) };
}

describe('answer parts', () => {
  const records = Array.from({ length: 2 * PART_ITEMS + 500 }, (_, i) => ({ id: `e${i}`, sources: [{ quote: `q${i}` }] }));

  test('a long list is sent in parts of at most PART_ITEMS and put back in order', () => {
    const { whole, sizes } = roundTrip(records);
    expect(sizes).toEqual([PART_ITEMS, PART_ITEMS, 500]);
    expect(whole).toEqual(records);
  });

  test('the long list fields of an answer are sent in parts; its short fields and other values travel in the result', () => {
    const answer = { columns: ['e'], rows: records.map((r) => [r]), nodeIds: ['a'], edges: records, truncated: false };
    const split = splitAnswer(answer);
    expect(split.parted).toEqual(['rows', 'edges']);
    expect(split.rest).toEqual({ columns: ['e'], rows: [], nodeIds: ['a'], edges: [], truncated: false });
    expect(answer.rows).toHaveLength(records.length);
    expect(roundTrip(answer).whole).toEqual(answer);
  });

  test('a short answer is sent whole, with no parts', () => {
    for (const value of [records.slice(0, PART_ITEMS), { done: false, value: records.slice(0, 10) }, 42, undefined, new Map([[1, 2]])]) {
      const split = splitAnswer(value);
      expect(split.parts).toEqual([]);
      expect(split.rest).toBe(value);
    }
  });
});
