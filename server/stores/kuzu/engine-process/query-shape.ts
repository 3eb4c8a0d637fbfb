/**
 * A console query's shape: its text with literals replaced by typed placeholders, comments dropped, words
 * lower-cased and whitespace folded, followed by its parameters' names and value types. Two queries with
 * the same shape run the same plan on the same kinds of values, which is what decides whether the engine
 * crashes on them (`RETURN keys(null)` and `return KEYS( null )` share one; `RETURN keys(n)` does not).
 * A tokenizer, not the console's parser: it must accept anything the engine accepted, cheaply.
 */

import { BoundedMemo } from '../../../domain/bounded-memo';

/**
 * The text's part of a shape, kept per text: every console query on the embedded engine is shaped before it
 * is sent, and a team repeats its queries (a pure function of the text, so kept across writes).
 */
const textShapes = new BoundedMemo<string>(1_000, 4 * 1024 * 1024, (shape) => 2 * shape.length);

/** `?str`, `?int`, `?float` for literals; words and punctuation as written (words lower-cased). */
export function queryShape(query: string, params: Record<string, unknown>): string {
  let text = textShapes.get(query);
  if (text === undefined) {
    text = textShape(query);
    textShapes.set(query, text);
  }
  const types = Object.keys(params)
    .sort()
    .map((name) => `$${name}:${valueType(params[name])}`);
  return types.length > 0 ? `${text} | ${types.join(' ')}` : text;
}

function textShape(query: string): string {
  const tokens: string[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '/' && query[i + 1] === '/') {
      while (i < n && query[i] !== '\n') i += 1;
    } else if (c === '/' && query[i + 1] === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      i = skipQuoted(query, i, c);
      tokens.push('?str');
    } else if (c === '`') {
      const start = i;
      i = skipQuoted(query, i, '`');
      tokens.push(query.slice(start, i));
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const match = /^(0x[0-9a-fA-F]+|0o[0-7]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)/.exec(query.slice(i, i + 400));
      const text = match?.[0] ?? c;
      tokens.push(/[.eE]/.test(text) && !text.startsWith('0x') ? '?float' : '?int');
      i += text.length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i;
      i += 1;
      while (i < n && /[A-Za-z0-9_]/.test(query[i] as string)) i += 1;
      tokens.push(query.slice(start, i).toLowerCase());
    } else {
      tokens.push(c);
      i += 1;
    }
  }
  return tokens.join(' ');
}

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && quote !== '`') i += 2;
    else if (c === quote) {
      // A doubled quote is an escaped one inside the literal.
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return text.length;
}

/** A parameter's type as the engine sees it: null, bool, int, float, str, list<...> (an empty list too). */
export function valueType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) {
    const inner = [...new Set(value.map(valueType))].sort();
    return `list<${inner.join('|')}>`;
  }
  return 'map';
}
