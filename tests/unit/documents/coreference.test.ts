/**
 * Coreference within a paragraph: a sentence-opening pronoun, a definite description and "the two countries"
 * stand for the most recent entity of a fitting kind named before them in the paragraph, and for nothing
 * across a paragraph break.
 */
import type { Party } from '../../../server/documents/claim-proposer';
import { resolveReferences } from '../../../server/documents/coreference';
import { splitSentences } from '../../../server/documents/sentence-split';

function partiesOf(text: string, named: ReadonlyArray<[string, string, string]>): Party[] {
  return named.map(([word, id, kind]) => {
    const start = text.indexOf(word);
    return { id, kind, start, end: start + word.length, isNew: false };
  });
}

const resolve = (text: string, named: ReadonlyArray<[string, string, string]>) =>
  resolveReferences(text, splitSentences(text), partiesOf(text, named))
    .sort((a, b) => a.start - b.start)
    .map((p) => [text.slice(p.start, p.end), p.id]);

test('"It" opening a sentence stands for the last actor named before it, not a person', () => {
  const text = 'Armenia met Nikol Pashinyan on Monday. It then opened an embassy.';
  expect(resolve(text, [['Armenia', 'armenia', 'Country'], ['Nikol Pashinyan', 'pashinyan', 'Person']])).toEqual([['It', 'armenia']]);
});

test('"the base" stands for the last base named, "the two countries" for the last two countries', () => {
  const text = 'Ruritania runs the Zenda Base in Graustark. The base employs locals, and the two countries agree.';
  const named: Array<[string, string, string]> = [['Ruritania', 'ruritania', 'Country'], ['Zenda Base', 'zenda-base', 'MilitaryBase'], ['Graustark', 'graustark', 'Country']];
  expect(resolve(text, named)).toEqual([['The base', 'zenda-base'], ['the two countries', 'graustark'], ['the two countries', 'ruritania']]);
});

test('a pronoun after a paragraph break stands for nothing', () => {
  const text = 'Armenia opened an embassy.\n\nIt was raining.';
  expect(resolve(text, [['Armenia', 'armenia', 'Country']])).toEqual([]);
});
