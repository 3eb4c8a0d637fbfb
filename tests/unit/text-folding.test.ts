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
