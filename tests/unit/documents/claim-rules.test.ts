/**
 * Rules of the claim proposer, each on a sentence of its own: a place named where something is stays the
 * place (not the state it stands for), a "<place>-based" compound locates its noun, a kind-implied tie is
 * read within one sentence only, an agreement covers the base named with it, and the trigger phrases of
 * deployment ("attached to"), demand ("said X should") and report ("reporting").
 */
import { proposeClaims, type Party } from '../../../server/documents/claim-proposer';
import { splitSentences } from '../../../server/documents/sentence-split';
import vocabulary from '../../../graph-seed/vocabulary.json';

const TYPES = vocabulary.relationshipTypes;

interface Named {
  word: string;
  id: string;
  kind: string;
  standsFor?: { id: string; kind: string };
  isNew?: boolean;
}

function claimsOf(text: string, named: Named[]): string[] {
  const parties: Party[] = named.map((n) => {
    const start = text.indexOf(n.word);
    if (start < 0) throw new Error(`"${n.word}" is not in the text`);
    return { id: n.id, kind: n.kind, start, end: start + n.word.length, isNew: n.isNew ?? false, ...(n.standsFor ? { standsFor: n.standsFor } : {}) };
  });
  const claims = proposeClaims({ text, documentId: 'd', sentences: splitSentences(text), parties: parties.sort((a, b) => a.start - b.start), types: TYPES, existing: [] });
  for (const c of claims) expect(text.slice(c.start, c.end)).toBe(c.quote);
  return [...new Set(claims.map((c) => `${c.type} ${c.source} ${c.target}`))];
}

const MOSCOW: Named = { word: 'Moscow', id: 'moscow', kind: 'City', standsFor: { id: 'russia', kind: 'Country' } };

test('a think tank named with a capital is located in the city, not in the state the capital stands for', () => {
  const claims = claimsOf('He spoke at the Carnegie Moscow Center last year.', [{ word: 'Carnegie Moscow Center', id: 'carnegie', kind: 'ThinkTank', isNew: true }, MOSCOW]);
  expect(claims).toContain('LOCATED_IN carnegie moscow');
  expect(claims).not.toContain('LOCATED_IN carnegie russia');
});

test('a "<place>-based" compound locates the person it modifies, before or after the name', () => {
  const person = (word: string): Named => ({ word, id: 'p', kind: 'Person', isNew: true });
  expect(claimsOf('The talks stalled, said Moscow-based political analyst Ivan Petrov.', [MOSCOW, person('Ivan Petrov')])).toContain('LOCATED_IN p moscow');
  expect(claimsOf('Ivan Petrov, a Moscow-based expert, disagrees.', [person('Ivan Petrov'), MOSCOW])).toContain('LOCATED_IN p moscow');
});

test('an event implies its participants within a sentence, however far apart, but not across two sentences', () => {
  const one = 'Norway, which had long stayed away from such matters for decades, took a quiet role during the civil war.';
  expect(claimsOf(one, [{ word: 'Norway', id: 'norway', kind: 'Country' }, { word: 'civil war', id: 'war', kind: 'Event', isNew: true }])).toContain('PARTICIPATES_IN norway war');
  const two = 'Norway stayed quiet. The civil war went on.';
  expect(claimsOf(two, [{ word: 'Norway', id: 'norway', kind: 'Country' }, { word: 'civil war', id: 'war', kind: 'Event', isNew: true }])).toEqual([]);
});

test('an agreement named with a military base is proposed as covering it', () => {
  const claims = claimsOf('Dushanbe will go ahead with the 1999 agreement on establishing a new military base.', [
    { word: '1999 agreement', id: 'agreement', kind: 'Agreement', isNew: true },
    { word: 'military base', id: 'base', kind: 'MilitaryBase' },
  ]);
  expect(claims).toContain('COVERS agreement base');
});

test('"attached to" states a deployment, "said X should" a demand, "reporting" a report', () => {
  expect(claimsOf('Some 60 Russian advisers have been attached to Tajik border units.', [
    { word: 'Russian advisers', id: 'advisers', kind: 'MilitaryUnit', isNew: true },
    { word: 'Tajik border units', id: 'guards', kind: 'MilitaryUnit' },
  ])).toContain('DEPLOYS_TO advisers guards');
  expect(claimsOf('Karim Nazar also said Russia should start paying rent.', [{ word: 'Karim Nazar', id: 'nazar', kind: 'Person', isNew: true }, { word: 'Russia', id: 'russia', kind: 'Country' }])).toContain('DEMANDS nazar russia');
  expect(claimsOf('The story cited Gazeta Daily as reporting that Karim Nazar had resigned.', [
    { word: 'Gazeta Daily', id: 'gazeta', kind: 'MediaOutlet', isNew: true },
    { word: 'Karim Nazar', id: 'nazar', kind: 'Person' },
  ])).toContain('REPORTS_ON gazeta nazar');
});

test('a trigger phrase outside the pair does not make a kind-implied tie weaker than the kinds alone', () => {
  const claims = claimsOf('Guard soldiers conducted a mountain warfare exchange with Tajik military forces.', [
    { word: 'mountain warfare exchange', id: 'exchange', kind: 'Event', isNew: true },
    { word: 'Tajik military forces', id: 'forces', kind: 'MilitaryUnit' },
  ]);
  expect(claims).toContain('PARTICIPATES_IN forces exchange');
});
