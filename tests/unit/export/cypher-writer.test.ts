import { CYPHER_BATCH_ROWS, cypherFloat, cypherNumber, cypherString, cypherValue, writeCypher } from '../../../server/export/cypher-writer';
import type { GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import { DOCUMENTS, EDGES, makeInput, NODES, TITLE, writeText } from './export-test-support';

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Splits a script at the semicolons outside strings, identifiers and comments. */
function splitStatements(script: string): { statements: string[]; rest: string } {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < script.length && script[i] !== c) i += script[i] === '\\' && c !== '`' ? 2 : 1;
      if (i >= script.length) throw new Error(`unterminated ${c} literal`);
      i++;
    } else if (script.startsWith('//', i)) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end + 1;
    } else if (c === ';') {
      statements.push(script.slice(start, i).trim());
      start = ++i;
    } else i++;
  }
  return { statements, rest: script.slice(start) };
}

/** Reads Cypher literals: lists, maps, strings with escapes, numbers, booleans and null. */
class LiteralReader {
  pos = 0;
  constructor(private readonly text: string) {}

  private skip(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  expect(token: string): void {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) throw new Error(`expected ${token} at ${this.pos}: ${this.text.slice(this.pos, this.pos + 30)}`);
    this.pos += token.length;
  }

  private peek(): string {
    this.skip();
    return this.text[this.pos] ?? '';
  }

  value(): Value {
    const c = this.peek();
    if (c === '[') {
      this.pos++;
      const items: Value[] = [];
      if (this.peek() === ']') {
        this.pos++;
        return items;
      }
      const kinds = new Set<string>();
      for (;;) {
        const start = this.pos;
        items.push(this.value());
        const text = this.text.slice(start, this.pos).trim();
        if (/^-?\d/.test(text)) kinds.add(/[.e]/.test(text) ? 'float' : 'integer');
        if (this.peek() === ',') this.pos++;
        else break;
      }
      // Neo4j keeps one type per list property: integer and float literals never share a list.
      if (kinds.size > 1) throw new Error(`list mixing integer and float literals at ${this.pos}`);
      this.expect(']');
      return items;
    }
    if (c === '{') {
      this.pos++;
      const map: Record<string, Value> = {};
      if (this.peek() === '}') {
        this.pos++;
        return map;
      }
      for (;;) {
        const key = this.key();
        this.expect(':');
        if (key in map) throw new Error(`duplicate key ${key}`);
        map[key] = this.value();
        if (this.peek() === ',') this.pos++;
        else break;
      }
      this.expect('}');
      return map;
    }
    if (c === "'") return this.string();
    const word = /^(true|false|null)\b/.exec(this.text.slice(this.pos));
    if (word) {
      this.pos += word[0].length;
      return word[0] === 'null' ? null : word[0] === 'true';
    }
    const num = /^-?(?:\d+\.\d+|\d+)(?:e-?\d+)?/.exec(this.text.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      if (!/[.e]/.test(num[0]) && !Number.isSafeInteger(Number(num[0]))) throw new Error(`integer literal ${num[0]} beyond ±2^53`);
      return Number(num[0]);
    }
    throw new Error(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))}`);
  }

  private key(): string {
    this.skip();
    if (this.text[this.pos] === '`') {
      const end = this.text.indexOf('`', this.pos + 1);
      const key = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return key;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw new Error(`expected a key at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  private string(): string {
    this.pos++;
    let out = '';
    const escapes: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) throw new Error('unterminated string');
      if (c === "'") return out;
      if (c === ';') throw new Error('raw semicolon inside a string literal');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++]!;
      if (e === 'u') {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else if (e in escapes) out += escapes[e];
      else throw new Error(`unknown escape \\${e}`);
    }
  }

  rest(): string {
    return this.text.slice(this.pos).trim();
  }
}

function balanced(statement: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = 0;
  while (i < statement.length) {
    const c = statement[i]!;
    if (c === "'" || c === '`') {
      i++;
      while (statement[i] !== c) i += statement[i] === '\\' && c === "'" ? 2 : 1;
    } else if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
    i++;
  }
  return stack.length === 0;
}

interface Replayed {
  statements: string[];
  constraints: string[];
  documents: Array<Record<string, Value>>;
  nodes: Array<{ kind: string; row: Record<string, Value> }>;
  edges: Array<{ type: string; row: Record<string, Value> }>;
}

/** Evaluates the script's UNWIND statements into the rows they would write, by label or type. */
function replay(script: string): Replayed {
  const { statements, rest } = splitStatements(script);
  expect(rest.replace(/\/\/[^\n]*/g, '').trim()).toBe(''); // every statement ends with ";"
  const out: Replayed = { statements, constraints: [], documents: [], nodes: [], edges: [] };
  for (const statement of statements) {
    expect(balanced(statement)).toBe(true);
    const text = statement.replace(/^(\/\/[^\n]*\n|\s)+/, '');
    if (text.startsWith('CREATE CONSTRAINT')) {
      out.constraints.push(text);
      continue;
    }
    const reader = new LiteralReader(text);
    reader.expect('UNWIND');
    const rows = reader.value() as Array<Record<string, Value>>;
    reader.expect('AS row');
    const body = reader.rest().replace(/\s+/g, ' ');
    let m: RegExpExecArray | null;
    if (body === 'MERGE (d:SourceDocument {id: row.id}) SET d += row') out.documents.push(...rows);
    else if ((m = /^MERGE \(n:Entity \{id: row\.id\}\) SET n \+= row\.props, n:`([A-Za-z0-9]+)`$/.exec(body))) {
      for (const row of rows) out.nodes.push({ kind: m[1]!, row });
    } else if (
      (m = /^MATCH \(a:Entity \{id: row\.source\}\) MATCH \(b:Entity \{id: row\.target\}\) MERGE \(a\)-\[r:`([A-Z0-9_]+)` \{id: row\.id\}\]->\(b\) SET r \+= row\.props$/.exec(body))
    ) {
      for (const row of rows) out.edges.push({ type: m[1]!, row });
    } else throw new Error(`unexpected statement: ${body.slice(0, 200)}`);
  }
  return out;
}

/** The items in chunks of 100, as a store streams them. */
async function* streamOf<T>(items: T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += 100) yield items.slice(i, i + 100);
}

describe('Cypher writer', () => {
  it('when the script is split and its literals evaluated, it rebuilds every node with its labels and properties', async () => {
    const { nodes } = replay(await writeText(writeCypher, await makeInput()));
    expect(nodes).toHaveLength(NODES.length);
    for (const n of NODES) {
      const found = nodes.filter((x) => x.row.id === n.id);
      expect(found).toHaveLength(1);
      expect(found[0]!.kind).toBe(n.kind);
      expect(found[0]!.row.props).toEqual({ id: n.id, name: n.name, aliases: n.aliases, ...n.properties });
    }
  });

  it('when evaluated, it rebuilds every relationship with its type, properties, evidence lists and validity years', async () => {
    const { edges } = replay(await writeText(writeCypher, await makeInput()));
    expect(edges).toHaveLength(EDGES.length);
    const years: Record<string, object> = {
      'russia--hosts-base--tajikistan': { yearFrom: 2004, yearTo: 2014 },
      'russia--provides-aid--dushanbe': { yearFrom: 2011 },
      'tajikistan--observes--elections-2005': { yearFrom: 2005, yearTo: 2005 },
      'dushanbe--capital-of--tajikistan': {},
    };
    for (const e of EDGES) {
      const found = edges.filter((x) => x.row.id === e.id);
      expect(found).toHaveLength(1);
      expect(found[0]!.type).toBe(e.type);
      expect(found[0]!.row.source).toBe(e.source);
      expect(found[0]!.row.target).toBe(e.target);
      expect(found[0]!.row.props).toEqual({
        id: e.id,
        ...e.properties,
        sourceDocuments: e.sources.map((s) => s.document),
        sourceQuotes: e.sources.map((s) => s.quote),
        sourceRoles: e.sources.map((s) => s.role ?? 'claim'),
        ...years[e.id],
      });
    }
  });

  it('when evaluated, it writes the constraints first, then the bibliography as SourceDocument nodes, then nodes before relationships', async () => {
    const script = await writeText(writeCypher, await makeInput());
    const { constraints, documents, statements } = replay(script);
    expect(constraints).toEqual([
      'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (d:SourceDocument) REQUIRE d.id IS UNIQUE',
    ]);
    expect(documents).toEqual(DOCUMENTS);
    const kinds = statements.map((s) => (s.includes('CONSTRAINT') ? 'c' : s.includes('SourceDocument {') ? 'd' : s.includes('MERGE (n:') ? 'n' : 'e'));
    expect(kinds.join('')).toMatch(/^ccd+n+e+$/);
  });

  it('when the title has line breaks, the header comment stays one comment line, and the footer counts what was written', async () => {
    const input = { ...(await makeInput()), title: `${TITLE}\nMATCH (n) DETACH DELETE n;` };
    const script = await writeText(writeCypher, input);
    expect(script.split('\n')[0]).toBe(`// Multivector export: ${TITLE} MATCH (n) DETACH DELETE n;`);
    expect(script.trimEnd().split('\n').pop()).toBe(`// ${NODES.length} nodes, ${EDGES.length} relationships, ${DOCUMENTS.length} documents.`);
    expect(replay(script).nodes).toHaveLength(NODES.length);
  });

  it('when there are more rows of a kind than a batch, splits them into UNWIND statements of at most 500 rows', async () => {
    const many: GraphNode[] = Array.from({ length: 1200 }, (_, i) => ({ id: `c${i}`, kind: i % 2 ? 'City' : 'Country', name: `n${i}`, aliases: [], properties: {} }));
    const input = { ...(await makeInput()), nodes: streamOf(many), edges: streamOf<GraphEdge>([]) };
    const script = await writeText(writeCypher, input);
    const { nodes, statements } = replay(script);
    expect(nodes).toHaveLength(1200);
    expect(new Set(nodes.map((n) => n.row.id)).size).toBe(1200);
    const sizes = statements.filter((s) => s.includes('MERGE (n:')).map((s) => (s.match(/\n {2}\{id: '/g) ?? []).length);
    expect(sizes.sort((a, b) => b - a)).toEqual([CYPHER_BATCH_ROWS, CYPHER_BATCH_ROWS, 100, 100]);
  });

  it('when a kind or type is not in the vocabulary form, refuses to write it', async () => {
    const bad: GraphNode = { id: 'x', kind: 'City`) DETACH DELETE n //', name: 'x', aliases: [], properties: {} };
    await expect(writeText(writeCypher, { ...(await makeInput()), nodes: streamOf([bad]) })).rejects.toThrow(/Kind/);
    const badEdge: GraphEdge = { ...EDGES[0]!, type: 'hosts-base' };
    await expect(writeText(writeCypher, { ...(await makeInput()), edges: streamOf([badEdge]) })).rejects.toThrow(/Relationship type/);
  });

  it('escapes string literals and writes whole numbers as integers, other numbers as floats', () => {
    expect(cypherString("a'b\\c\nd;e\u0000")).toBe("'a\\'b\\\\c\\nd\\u003Be\\u0000'");
    expect(cypherNumber(5)).toBe('5');
    expect(cypherNumber(10000000)).toBe('10000000');
    expect(cypherNumber(2 ** 60)).toBe('1152921504606847000.0');
    expect(cypherFloat(5)).toBe('5.0');
    expect(cypherValue([1, 2.5, -3])).toBe('[1.0, 2.5, -3.0]');
    expect(cypherValue([2015, 10000000])).toBe('[2015, 10000000]');
    expect(cypherValue([])).toBe('[]');
    expect(cypherNumber(-0.25)).toBe('-0.25');
    expect(cypherNumber(1e21)).toBe('1e21');
    expect(cypherNumber(-3e-7)).toBe('-3e-7');
  });
});
