/** Search folding: case in every script, diacritics, compatibility forms, typographic punctuation, spaces. */
import { foldText } from '../../server/domain/text-folding';

test.each([
  ['ДУШАНБЕ', 'душанбе'],
  ['Эмомалӣ Раҳмон', 'эмомали рахмон'],
  ['Raḥmon', 'rahmon'],
  ['Zürich', 'zurich'],
  ['Ｍｏｓｃｏｗ', 'moscow'],
  ['Tajikistan’s “multi-vector”', 'tajikistan\'s "multi-vector"'],
  ['2003–2005', '2003-2005'],
  ['  a \n\t b  ', 'a b'],
  ['北京', '北京'],
])('%j folds to %j', (text, folded) => {
  expect(foldText(text)).toBe(folded);
});

test('plain ASCII text folds as the full folding folds it', () => {
  // Every ASCII character, in runs of mixed case, spaces and punctuation: the short path for ASCII must agree
  // with what the full pipeline answers for the same text with one non-ASCII letter appended (then cut off).
  const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
  const samples = [ascii, ` ${ascii} `, 'Dushanbe  CASA-1000 "Rogun" (2016)\t\n', '', '   ', 'Tajikistan\'s  Multi-Vector policy'];
  for (const text of samples) expect(foldText(text)).toBe(foldText(`${text}é`).replace(/e$/, '').trim());
});
