/**
 * A claim whose two ends sit in adjacent sentences: proposed from the sentence with the trigger phrase, the
 * quote the two sentences as one verbatim span of the text, scored below a claim stated in one sentence.
 */
import { proposeClaims, type Party } from '../../../server/documents/claim-proposer';
import { splitSentences } from '../../../server/documents/sentence-split';

const TYPES = [{ type: 'PROVIDES_AID', from: ['Country'], to: ['Country'] }];

function party(text: string, word: string, id: string): Party {
  const start = text.indexOf(word);
  return { id, kind: 'Country', start, end: start + word.length, isNew: false };
}

test('a trigger sentence naming one party is read with the sentence before it, quote verbatim', () => {
  const text = 'Norway is a quiet donor.  Each year aid flows to Chad.';
  const claims = proposeClaims({ text, documentId: 'd', sentences: splitSentences(text), parties: [party(text, 'Norway', 'norway'), party(text, 'Chad', 'chad')], types: TYPES, existing: [] });
  expect(claims.map((c) => [c.type, c.source, c.target, c.quote])).toEqual([['PROVIDES_AID', 'norway', 'chad', 'Norway is a quiet donor.  Each year aid flows to Chad.']]);
  const [claim] = claims;
  expect(claim && text.slice(claim.start, claim.end)).toBe(claim?.quote);
});

test('the same claim within one sentence scores higher than across two', () => {
  const one = 'Norway sends aid to Chad.';
  const two = 'Norway is a donor. It sends aid to Chad.';
  const score = (text: string) => proposeClaims({ text, documentId: 'd', sentences: splitSentences(text), parties: [party(text, 'Norway', 'norway'), party(text, 'Chad', 'chad')], types: TYPES, existing: [] })[0]?.score ?? 0;
  expect(score(one)).toBeGreaterThan(score(two));
  expect(score(two)).toBeGreaterThan(0);
});
