/**
 * Sentences of a text with their offsets: paragraphs first (a blank line always ends a sentence: headlines,
 * captions and list items carry no full stop), then compromise's sentence splitter within each paragraph,
 * which knows abbreviations ("Mr.", "U.S."). Each sentence is a span of the original text, trimmed.
 */
import { compromiseNlp } from './lazy-nlp';

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

interface OffsetJson {
  offset?: { start: number; length: number };
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraph = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (const p of text.matchAll(paragraph)) {
    const base = p.index ?? 0;
    const body = p[0];
    if (body.trim().length === 0) continue;
    const parts = (compromiseNlp()(body).json({ offset: true }) as OffsetJson[]).map((s) => s.offset).filter((o): o is { start: number; length: number } => !!o);
    const spans = parts.length > 0 ? parts.map((o) => [o.start, o.start + o.length] as const) : [[0, body.length] as const];
    for (const [s, e] of spans) {
      let a = s;
      let b = Math.min(e, body.length);
      while (a < b && /\s/.test(body[a] ?? '')) a += 1;
      while (b > a && /\s/.test(body[b - 1] ?? '')) b -= 1;
      if (b > a) out.push({ start: base + a, end: base + b, text: text.slice(base + a, base + b) });
    }
  }
  return out;
}
