/**
 * Folding that keeps offsets: the text folded as search folds it (text-folding.ts: case, diacritics, Tajik
 * letters, typographic quotes and dashes) character by character, with a map from each folded position back
 * to the original, so a match in the folded text is a span of the original and a quote stays verbatim.
 * White space is not collapsed here (that would move offsets); patterns allow runs of it instead.
 */
import { foldText } from '../domain/text-folding';

export interface FoldedText {
  folded: string;
  /** For each index of `folded` (and one past its end), the index in the original text. */
  origin: Int32Array;
}

/** One character folded; white space stays one space so the length holds. */
function foldChar(c: string): string {
  if (/\s/u.test(c)) return ' ';
  return foldText(c);
}

export function foldWithOffsets(text: string): FoldedText {
  const parts: string[] = [];
  const origin: number[] = [];
  let i = 0;
  for (const c of text) {
    const f = foldChar(c);
    for (let k = 0; k < f.length; k += 1) origin.push(i);
    parts.push(f);
    i += c.length;
  }
  origin.push(i);
  return { folded: parts.join(''), origin: Int32Array.from(origin) };
}

/** The original span of the folded span [start, end). */
export function originalSpan(f: FoldedText, start: number, end: number): { start: number; end: number } {
  return { start: f.origin[start] ?? 0, end: f.origin[end] ?? f.origin[f.origin.length - 1] ?? 0 };
}
