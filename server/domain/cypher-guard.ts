/**
 * The console's first wall: a lexical guard that lets through one read statement and nothing else.
 * It tokenises Cypher (strings, backtick identifiers and comments understood, so a keyword inside a
 * string or a property name is harmless) and refuses every clause or keyword that writes, changes the
 * schema, reads files or URLs, calls procedures, loads extensions or alters session settings, on
 * either engine. The engines' own read-only modes are the second wall, not the first: on Kuzu they
 * do not stop COPY TO, LOAD FROM or CALL settings (see ../shared/ENGINE-NOTES.md).
 */
import { QueryRejectedError } from './errors';

/** Words that may not appear as keywords anywhere in a console query, with the reason shown to users. */
const FORBIDDEN: Record<string, string> = {
  CREATE: 'writes', MERGE: 'writes', SET: 'writes', DELETE: 'writes', DETACH: 'writes', REMOVE: 'writes',
  INSERT: 'writes', FOREACH: 'writes', DROP: 'changes the schema', ALTER: 'changes the schema',
  COPY: 'reads or writes files', EXPORT: 'writes files', IMPORT: 'reads files', LOAD: 'reads files, URLs or extensions',
  INSTALL: 'installs extensions', ATTACH: 'opens other databases', USE: 'switches database',
  CALL: 'calls procedures or changes settings', BEGIN: 'controls transactions', COMMIT: 'controls transactions',
  ROLLBACK: 'controls transactions', CHECKPOINT: 'controls storage', GRANT: 'administers', REVOKE: 'administers',
  DENY: 'administers', SHOW: 'administers', START: 'administers', STOP: 'administers', TERMINATE: 'administers',
};

/** The words a console statement may start with. */
const STARTS = new Set(['MATCH', 'OPTIONAL', 'WITH', 'UNWIND', 'RETURN', 'EXPLAIN', 'PROFILE']);

interface Token {
  kind: 'word' | 'punct' | 'string' | 'quoted';
  text: string;
  offset: number;
}

function position(query: string, offset: number): { line: number; column: number } {
  const before = query.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function reject(query: string, offset: number, message: string): never {
  const pos = position(query, offset);
  throw new QueryRejectedError(`${message} (line ${pos.line}, column ${pos.column})`, { ...pos, offset });
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (query.startsWith('//', i)) {
      const end = query.indexOf('\n', i);
      i = end === -1 ? query.length : end + 1;
    } else if (query.startsWith('/*', i)) {
      const end = query.indexOf('*/', i + 2);
      if (end === -1) reject(query, i, 'The query has an unterminated /* comment');
      i = end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const start = i;
      i += 1;
      while (i < query.length && query[i] !== ch) {
        if (query[i] === '\\' && ch !== '`') i += 1;
        i += 1;
      }
      if (i >= query.length) reject(query, start, `The query has an unterminated ${ch === '`' ? 'backtick identifier' : 'string'}`);
      i += 1;
      tokens.push({ kind: ch === '`' ? 'quoted' : 'string', text: query.slice(start, i), offset: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < query.length && /[A-Za-z0-9_]/.test(query[i] as string)) i += 1;
      tokens.push({ kind: 'word', text: query.slice(start, i), offset: start });
    } else {
      tokens.push({ kind: 'punct', text: ch, offset: i });
      i += 1;
    }
  }
  return tokens;
}

/**
 * Accepts exactly one read-only Cypher statement; otherwise throws QueryRejectedError naming the clause
 * and where it stands. Returns the statement without a trailing semicolon.
 */
export function assertReadOnlyCypher(query: string): string {
  const tokens = tokenize(query);
  const first = tokens[0];
  if (!first) throw new QueryRejectedError('The query is empty.');
  tokens.forEach((t, i) => {
    if (t.kind === 'punct' && t.text === ';' && tokens.slice(i + 1).length > 0) {
      reject(query, t.offset, 'Only one statement can run at a time; remove what follows ";"');
    }
    if (t.kind !== 'word') return;
    const prev = tokens[i - 1];
    // A word after "." is a property key and after ":" a label or type: names, not clauses.
    if (prev && prev.kind === 'punct' && (prev.text === '.' || prev.text === ':')) return;
    const upper = t.text.toUpperCase();
    const why = FORBIDDEN[upper];
    if (why) reject(query, t.offset, `The console only reads: ${upper} ${why} and is not allowed`);
  });
  if (first.kind !== 'word' || !STARTS.has(first.text.toUpperCase())) {
    reject(query, first.offset, `A console query starts with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN, not "${first.text}"`);
  }
  return query.trim().replace(/;\s*$/, '');
}
