/**
 * The openCypher TCK's queries (../shared/tck/queries.json, see its README) as console requests: each
 * record's parameters are written there as Cypher literals (`'Stefan'`, `[1, 2]`, `{name: 'Apa'}`) and
 * are read into plain JSON values here, as a client would send them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/project-paths';

export interface TckQuery {
  id: number;
  file: string;
  scenario: string;
  query: string;
  class: 'read' | 'write';
  expect: 'result' | 'error';
  params: Record<string, unknown>;
}

interface TckRecord {
  id: number;
  file: string;
  scenario: string;
  query: string;
  class: 'read' | 'write';
  expect: 'result' | 'error';
  params: Array<[string, string]> | null;
}

/** Where the corpus lives: TCK_QUERIES, or ../shared/tck/queries.json next to the project. */
export const TCK_QUERIES_FILE = process.env.TCK_QUERIES ?? path.join(PROJECT_ROOT, '..', 'shared', 'tck', 'queries.json');

/** Reads a Cypher literal (string, number, boolean, null, list, map) into its JSON value. */
export function readCypherLiteral(text: string): unknown {
  let i = 0;
  const fail = (): never => {
    throw new Error(`not a Cypher literal at ${i}: ${text}`);
  };
  const space = (): void => {
    while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  };
  const value = (): unknown => {
    space();
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      let out = '';
      i += 1;
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\') {
          i += 1;
          const esc = text[i] ?? '';
          out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[esc] ?? esc;
        } else out += text[i];
        i += 1;
      }
      if (text[i] !== ch) fail();
      i += 1;
      return out;
    }
    if (ch === '[' || ch === '{') {
      const close = ch === '[' ? ']' : '}';
      const list: unknown[] = [];
      const map: Record<string, unknown> = {};
      i += 1;
      space();
      while (text[i] !== close) {
        if (ch === '[') list.push(value());
        else {
          const key = /^`([^`]*)`|^([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i)) ?? fail();
          i += key[0].length;
          space();
          if (text[i] !== ':') fail();
          i += 1;
          map[key[1] ?? key[2] ?? ''] = value();
        }
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] !== close) fail();
        space();
      }
      i += 1;
      return ch === '[' ? list : map;
    }
    const word = /^(?:-?\d+\.?\d*(?:[eE][-+]?\d+)?|true|false|null)/i.exec(text.slice(i)) ?? fail();
    i += word[0].length;
    const lower = word[0].toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : lower === 'null' ? null : Number(word[0]);
  };
  const v = value();
  space();
  if (i !== text.length) fail();
  return v;
}

/** Every query of the corpus, with its parameters as JSON values. */
export function readTckQueries(file: string = TCK_QUERIES_FILE): TckQuery[] {
  const records = JSON.parse(readFileSync(file, 'utf8')) as TckRecord[];
  return records.map((r) => ({
    id: r.id,
    file: r.file,
    scenario: r.scenario,
    query: r.query,
    class: r.class,
    expect: r.expect,
    params: Object.fromEntries((r.params ?? []).map(([k, v]) => [k, readCypherLiteral(v)])),
  }));
}
