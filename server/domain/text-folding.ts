/**
 * Folding for search: what an analyst types should find the text however it is written. Case folds
 * (in every script: "ДУШАНБЕ" finds "Душанбе"), diacritics fold ("Rahmon" finds "Raḥmon"; Tajik "Раҳмон"
 * folds to the Russian "Рахмон"), compatibility forms fold (full-width letters, ligatures), typographic quotes and
 * dashes fold to plain ones, and runs of white space fold to one space. Folding keeps the string's length
 * where it can but offsets are not relied on: snippets are cut from the original text by word.
 */

/** Tajik Cyrillic letters with no Unicode decomposition, folded to the Russian letters typed for them. */
const TAJIK_LETTERS: Readonly<Record<string, string>> = { ҳ: 'х', ҷ: 'ч', қ: 'к', ғ: 'г' };

/** A character past ASCII; text without one is left as it is by every step below but the spaces and the case. */
const NOT_ASCII = /[\u0080-\uffff]/;

/** The text folded for comparison (see the module comment). */
export function foldText(text: string): string {
  // Most quotes and names are plain ASCII: search folds a quote's words on every matching passage, and the
  // full pipeline (normalisation and seven more passes) cost 4% of the server's CPU in the mixed load.
  if (!NOT_ASCII.test(text)) return text.replace(/\s+/g, ' ').toLowerCase().trim();
  return foldFully(text);
}

function foldFully(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('und')
    .replace(/[ҳҷқғ]/g, (c) => TAJIK_LETTERS[c] ?? c)
    .trim();
}
