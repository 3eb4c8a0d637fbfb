/**
 * Console parameters for Kuzu, kept exact: the binding of kuzu 0.11.3 turns an empty list into NULL and types
 * a list by its first element (see kuzu-values.ts), so `{"p": []}` answered null and `{"p": [1, 2.5, -3]}`
 * answered garbage. The console takes only scalars and flat lists (domain/cypher-console.ts), so two shapes
 * need help, and both are rewritten where the query names the parameter:
 * - an empty list becomes the literal `[]` (`RETURN $p` answers [], `x IN $p` false, as on Neo4j);
 * - a list of numbers that are not all whole becomes `CAST($p AS DOUBLE[])`, its elements sent as text.
 * Every other parameter stays a parameter, untouched. Only `$name` tokens are rewritten: text inside string
 * literals, backtick-quoted names and comments is skipped.
 */
import type { KuzuParam } from './kuzu-values';

export interface BoundQuery {
  query: string;
  params: Record<string, unknown>;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** How a parameter is written into the query, or undefined when it stays a plain parameter. */
function rewriteOf(name: string, value: unknown): { text: string; param?: KuzuParam } | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return { text: '[]' };
  if (value.every((x) => typeof x === 'number') && !value.every((x) => Number.isInteger(x))) {
    return { text: `CAST($${name} AS DOUBLE[])`, param: value.map((x: number) => String(x)) };
  }
  return undefined;
}

/** The end (exclusive) of the quoted text opening at `at` with `quote`; backslash escapes in strings. */
function skipQuoted(query: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === '\\' && quote !== '`') i += 2;
    else if (c === quote) {
      // A doubled backtick is an escaped backtick inside a quoted name.
      if (quote === '`' && query[i + 1] === '`') i += 2;
      else return i + 1;
    } else i += 1;
  }
  return query.length;
}

/** Rewrites the parameters the binding cannot carry exactly (see the module comment); the rest pass through. */
export function bindQueryParams(query: string, params: Record<string, unknown>): BoundQuery {
  const rewrites = new Map<string, { text: string; param?: KuzuParam }>();
  for (const [name, value] of Object.entries(params)) {
    const r = rewriteOf(name, value);
    if (r) rewrites.set(name, r);
  }
  if (rewrites.size === 0) return { query, params };
  let out = '';
  let from = 0;
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(query, i, c);
    else if (c === '/' && query[i + 1] === '/') {
      const end = query.indexOf('\n', i);
      i = end < 0 ? query.length : end;
    } else if (c === '/' && query[i + 1] === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end < 0 ? query.length : end + 2;
    } else if (c === '$') {
      let name: string;
      let end: number;
      if (query[i + 1] === '`') {
        end = skipQuoted(query, i + 1, '`');
        name = query.slice(i + 2, end - 1).replace(/``/g, '`');
      } else {
        end = i + 1;
        if (NAME_START.test(query[end] ?? '') || /[0-9]/.test(query[end] ?? '')) while (end < query.length && NAME_CHAR.test(query[end] as string)) end += 1;
        name = query.slice(i + 1, end);
      }
      const r = rewrites.get(name);
      if (r) {
        out += `${query.slice(from, i)}(${r.text})`;
        from = end;
      }
      i = Math.max(end, i + 1);
    } else i += 1;
  }
  out += query.slice(from);
  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const r = rewrites.get(name);
    if (!r) bound[name] = value;
    else if (r.param !== undefined) bound[name] = r.param;
  }
  return { query: out, params: bound };
}
