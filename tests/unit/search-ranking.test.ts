/**
 * Node ranking for /api/search (server/domain/search-ranking.ts): the order analysts see, and the same answer
 * as ranking every node in full (the form it replaced, kept here as the reference) on random graphs whose names
 * share syllables, so thousands of ties pass the cut.
 */
import type { GraphNode } from '../../server/domain/graph-model';
import { labelRank, rankNodes, searchableNodes, type NodeEntry } from '../../server/domain/search-ranking';
import { foldText } from '../../server/domain/text-folding';
import { createRandom } from '../../bench/synthetic-graph';

function entry(id: string, name: string, aliases: string[] = [], description = ''): NodeEntry {
  const node: GraphNode = { id, kind: 'Country', name, aliases, properties: {} };
  return { node, labels: [name, ...aliases].map(foldText), description: foldText(description) };
}

/** Every node ranked and sorted in full: what search-index.ts did before the ranking moved. */
function referenceRank(entries: readonly NodeEntry[], needle: string, limit: number): GraphNode[] {
  const rankOf = (labels: readonly string[]): number => {
    let best = 4;
    for (const [i, label] of labels.entries()) {
      const bias = i === 0 ? 0 : 0.5;
      let r = 4;
      if (label === needle) r = 0;
      else if (label.startsWith(needle)) r = 1;
      else if (label.split(/[\s\-'()/,.]+/).some((w) => w.startsWith(needle))) r = 2;
      else if (label.includes(needle)) r = 3;
      best = Math.min(best, r + bias);
    }
    return best;
  };
  return entries
    .map((e) => {
      let rank = rankOf(e.labels);
      if (rank === 4 && e.description.includes(needle)) rank = 5;
      return { e, rank };
    })
    .filter((x) => x.rank !== 4)
    .sort((a, b) => a.rank - b.rank || a.e.node.name.length - b.e.node.name.length || a.e.node.name.localeCompare(b.e.node.name) || a.e.node.id.localeCompare(b.e.node.id))
    .slice(0, limit)
    .map((x) => x.e.node);
}

test('an exact name comes before a prefix, a word prefix, a substring and a description match', () => {
  const entries = [
    entry('described', 'Nothing here', [], 'the capital of dushanbe province'),
    entry('substring', 'Xdushanbex'),
    entry('word', 'Old (Dushanbe) quarter'),
    entry('prefix', 'Dushanbe city'),
    entry('exact', 'Dushanbe'),
    entry('none', 'Moscow'),
  ];
  expect(rankNodes(searchableNodes(entries), 'dushanbe', 10).map((n) => n.id)).toEqual(['exact', 'prefix', 'word', 'substring', 'described']);
});

test('an alias counts half a rank worse than a name of the same quality, and a label without the needle is no match', () => {
  expect(labelRank(['dushanbe'], 'dushanbe')).toBe(0);
  expect(labelRank(['stalinabad', 'dushanbe'], 'dushanbe')).toBe(0.5);
  expect(labelRank(['stalinabad', 'new dushanbe'], 'dushanbe')).toBe(2.5);
  expect(labelRank(['stalinabad'], 'dushanbe')).toBe(4);
});

test('ties go to the shorter name, then the alphabetically earlier name, then the id, and the limit cuts after ordering', () => {
  const entries = [entry('b2', 'Kabul 22'), entry('b1', 'Kabul 22'), entry('a', 'Kabul 1'), entry('c', 'Kabul 3')];
  expect(rankNodes(searchableNodes(entries), 'kabul', 3).map((n) => n.id)).toEqual(['a', 'c', 'b1']);
  expect(rankNodes(searchableNodes(entries), 'kabul', 0)).toEqual([]);
});

test('a node is found whether the needle is in its first label, its last alias or only its description, first or last in the index', () => {
  const entries = [entry('first', 'Zarafshan'), entry('middle', 'Other', ['Second', 'Khujand old']), entry('none', 'Nothing'), entry('last', 'Plain', [], 'near khujand')];
  expect(rankNodes(searchableNodes(entries), 'zaraf', 5).map((n) => n.id)).toEqual(['first']);
  expect(rankNodes(searchableNodes(entries), 'khujand', 5).map((n) => n.id)).toEqual(['middle', 'last']);
  expect(rankNodes(searchableNodes([]), 'khujand', 5)).toEqual([]);
});

test('on random graphs with shared syllables, the answer equals ranking every node in full', () => {
  const syllables = ['ka', 'ro', 'du', 'shan', 'be', 'mo', 'tal', 'vi'];
  for (const seed of [1, 2, 3]) {
    const random = createRandom(seed);
    const word = (): string => Array.from({ length: 1 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join('');
    const entries = Array.from({ length: 2000 }, (_, i) =>
      entry(`n-${i}`, `${word()} ${word()}${random() < 0.3 ? ` ${i % 50}` : ''}`, random() < 0.3 ? [`${word()}-${word()}`] : [], random() < 0.2 ? `${word()} ${word()}` : ''),
    );
    // '' and the joined string's separator (\u0001) too: neither may find what ranking every node would not.
    for (const needle of ['ka', 'shan', 'duro', 'be mo', 'ta', 'vivi', 'zz', 'ka 1', 'a', '', '\u0001', 'ka\u0001']) {
      for (const limit of [1, 10, 50, 5000]) {
        const expected = referenceRank(entries, needle, limit);
        expect(rankNodes(searchableNodes(entries), needle, limit)).toEqual(expected);
      }
    }
  }
});
