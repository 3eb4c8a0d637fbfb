/**
 * Passages of a document's text found by search (server/domain/document-text-search.ts): the match maps back
 * to the stored text across folded white space, case and typography; the passage is its sentence; one
 * sentence holding two matches is one passage; at most three per document.
 */
import { findDocumentPassages, indexDocumentText, indexDocumentTextSliced } from '../../../server/domain/document-text-search';
import { foldText } from '../../../server/domain/text-folding';
import { documentTextDigest, documentTextDigestSliced } from '../../../server/domain/document-text-digest';

const meta = { id: 'd', title: 'T', publisher: 'P', published: '2025' };

test('a match across a run of white space and a curly quote maps back to the stored text, with its sentence', () => {
  const text = 'First one.\n\nThe  “Rogun”\tdam is TALL. Last one.';
  const [hit, ...rest] = findDocumentPassages(indexDocumentText(meta, text), foldText('the "rogun" dam is tall'));
  expect(rest).toEqual([]);
  expect(text.slice(hit?.start, hit?.end)).toBe('The  “Rogun”\tdam is TALL');
  expect(text.slice(hit?.passageStart, hit?.passageEnd)).toBe('The  “Rogun”\tdam is TALL.');
  expect(hit?.passage).toBe('The  “Rogun”\tdam is TALL.');
});

test('two matches in one sentence are one passage; more than three sentences give three', () => {
  const text = 'Dam and dam again. A dam. Another dam. One more dam. The last dam.';
  const hits = findDocumentPassages(indexDocumentText(meta, text), 'dam');
  expect(hits.map((h) => text.slice(h.passageStart, h.passageEnd))).toEqual(['Dam and dam again.', 'A dam.', 'Another dam.']);
});

test('an empty needle or no match finds nothing', () => {
  const entry = indexDocumentText(meta, 'Nothing here.');
  expect(findDocumentPassages(entry, '')).toEqual([]);
  expect(findDocumentPassages(entry, 'dam')).toEqual([]);
});

test('folding in slices gives exactly what folding at once gives, across slice ends, surrogate pairs and space runs', async () => {
  const unit = 'Душанбе —  “Rogun”\t\tdam 😀 Raḥmon ß ﬁ. ';
  // Long enough to cross many slices of 2,048 characters, with a surrogate pair landing on some slice ends.
  const text = unit.repeat(Math.ceil(60_000 / unit.length));
  const sliced = await indexDocumentTextSliced(meta, text);
  const atOnce = indexDocumentText(meta, text);
  expect(sliced.folded).toBe(atOnce.folded);
  expect(Array.from(sliced.origin)).toEqual(Array.from(atOnce.origin));
  expect(findDocumentPassages(sliced, foldText('rogun" dam')).length).toBeGreaterThan(0);
});

test('the text digest hashed in slices equals the one hashed at once, with a surrogate pair across a slice end', async () => {
  // 2^17 characters is the slice: an emoji placed across it must not be split into two replacement characters.
  const text = `${'a'.repeat((1 << 17) - 1)}😀${'Душанбе '.repeat(70_000)}`;
  await expect(documentTextDigestSliced(text)).resolves.toBe(documentTextDigest(text));
});
