import zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import { syntheticGraph } from '../../../bench/export-sample-graph';
import { collectPropertyKeys } from '../../../server/export/collect-property-keys';
import { ARRAY_DELIMITER, CSV_FILES, writeCsvZip } from '../../../server/export/csv-writer';
import type { PropertyValue } from '../../../server/domain/graph-model';
import { DECLARED, DOCUMENTS, EDGES, makeInput, NODES, writeBytes } from './export-test-support';

type Field = string | null; // null: an empty unquoted field, which neo4j-admin reads as no value

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; rows end in CRLF. */
function parseCsv(text: string): Field[][] {
  const rows: Field[][] = [];
  let row: Field[] = [];
  let i = 0;
  for (;;) {
    let field: Field;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = value;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') {
        if (text[j] === '"') throw new Error(`quote inside an unquoted field at ${j}`);
        j++;
      }
      field = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
}

async function unzipped(): Promise<Record<string, string>> {
  const files = unzipSync(await writeBytes(writeCsvZip, await makeInput()));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]));
}

function table(text: string): { header: string[]; rows: Field[][] } {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) expect(r).toHaveLength(header!.length);
  return { header: header as string[], rows };
}

/** A cell read as neo4j-admin would, by the type in its header. */
function read(field: Field, header: string): PropertyValue | undefined {
  if (field === null) return undefined;
  const type = header.includes(':') ? header.slice(header.lastIndexOf(':') + 1) : 'string';
  const list = type.endsWith('[]');
  const parts = list ? field.split(ARRAY_DELIMITER) : [field];
  const typed = parts.map((p) => (type.startsWith('double') || type.startsWith('long') ? Number(p) : p));
  if (type === 'boolean') return field === 'true';
  return list ? (typed as string[] | number[]) : typed[0];
}

function record(header: string[], row: Field[]): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  header.forEach((h, i) => {
    const v = read(row[i] ?? null, h);
    if (v !== undefined) out[h.split(':')[0] || h] = v;
  });
  return out;
}

describe('CSV (neo4j-admin) writer', () => {
  it('when unzipped, holds the README, the bibliography, the nodes and the relationships', async () => {
    const files = await unzipped();
    expect(Object.keys(files).sort()).toEqual([...CSV_FILES].sort());
    expect(files['README.txt']).toContain('neo4j-admin database import full --nodes=nodes.csv --nodes=documents.csv');
    expect(files['README.txt']).toContain('--relationships=relationships.csv --array-delimiter=U+001F --multiline-fields=true');
  });

  it('when read back, nodes.csv has the neo4j-admin header and every node, value for value', async () => {
    const { header, rows } = table((await unzipped())['nodes.csv']!);
    expect(header.join(',')).toBe(
      'id:ID,:LABEL,name,aliases:string[],ctrl,date,description,memberCsto:boolean,population:long,ratios:double[],topics:string[]',
    );
    expect(rows).toHaveLength(NODES.length);
    rows.forEach((row, i) => {
      const n = NODES[i]!;
      const { id, ':LABEL': _label, name, aliases, ...props } = record(header, row);
      expect(row[1]!.split(ARRAY_DELIMITER)).toEqual(['Entity', n.kind]);
      expect({ id, name, aliases: aliases ?? [] }).toEqual({ id: n.id, name: n.name, aliases: n.aliases });
      // An empty list is an empty field: no property after import.
      const expected = Object.fromEntries(Object.entries(n.properties).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
      expect(props).toEqual(expected);
    });
  });

  it('when read back, relationships.csv has the header, every relationship, its evidence lists and its validity years', async () => {
    const { header, rows } = table((await unzipped())['relationships.csv']!);
    expect(header.join(',')).toBe(
      ':START_ID,:END_ID,:TYPE,id,amountUsd:double,asOf,domains:string[],equipment,troops:long,validFrom,validTo,' +
        'sourceDocuments:string[],sourceQuotes:string[],sourceRoles:string[],yearFrom:long,yearTo:long',
    );
    expect(rows).toHaveLength(EDGES.length);
    const years = [
      { yearFrom: 2004, yearTo: 2014 },
      { yearFrom: 2011 },
      { yearFrom: 2005, yearTo: 2005 },
      {},
    ];
    rows.forEach((row, i) => {
      const e = EDGES[i]!;
      expect(row.slice(0, 3)).toEqual([e.source, e.target, e.type]);
      const { id, sourceDocuments, sourceQuotes, sourceRoles, yearFrom, yearTo, ...props } = record(header.slice(3), row.slice(3));
      expect(id).toBe(e.id);
      expect(props).toEqual(e.properties);
      expect({ sourceDocuments, sourceQuotes, sourceRoles }).toEqual({
        sourceDocuments: e.sources.map((s) => s.document),
        sourceQuotes: e.sources.map((s) => s.quote),
        sourceRoles: e.sources.map((s) => s.role ?? 'claim'),
      });
      expect(JSON.parse(JSON.stringify({ yearFrom, yearTo }))).toEqual(years[i]);
    });
  });

  it('when read back, documents.csv is the bibliography as SourceDocument nodes', async () => {
    const { header, rows } = table((await unzipped())['documents.csv']!);
    expect(header.join(',')).toBe('id:ID(SourceDocument),:LABEL,publisher,title,author,published,publishedInferred:boolean,publishedNote,url');
    expect(rows.map((r) => r[1])).toEqual(DOCUMENTS.map(() => 'SourceDocument'));
    expect(rows.map((r) => {
      const { ':LABEL': _label, ...doc } = record(header, r);
      return doc;
    })).toEqual(DOCUMENTS);
  });

  it('when a value holds quotes, commas, semicolons or line breaks, quotes it as RFC 4180 says and keeps list elements whole', async () => {
    const text = (await unzipped())['nodes.csv']!;
    expect(text).toContain('He said ""hi"", then left'); // quotes doubled inside a quoted field
    expect(text).toContain(`capital${ARRAY_DELIMITER}a;b${ARRAY_DELIMITER}c,d${ARRAY_DELIMITER}line1\nline2"`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('when the CSV spans many compressor blocks, each entry inflates to the size and CRC-32 the central directory records', async () => {
    const graph = syntheticGraph({ nodes: 2_000, edges: 20_000, quoteChars: 300 });
    const keys = await collectPropertyKeys(graph.nodes, graph.edges, DECLARED);
    async function* chunks<T>(items: T[]): AsyncGenerator<T[]> {
      for (let i = 0; i < items.length; i += 1000) yield items.slice(i, i + 1000);
    }
    const zip = Buffer.from(
      await writeBytes(writeCsvZip, { title: 'blocks', documents: graph.documents, propertyTypes: DECLARED, ...keys, nodes: chunks(graph.nodes), edges: chunks(graph.edges) }),
    );
    // The central directory, read by hand: what any unzip tool checks the inflated data against.
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const recorded = new Map<string, { crc: number; compressed: number; size: number }>();
    let at = zip.readUInt32LE(eocd + 16);
    for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
      const nameLength = zip.readUInt16LE(at + 28);
      const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
      recorded.set(name, { crc: zip.readUInt32LE(at + 16), compressed: zip.readUInt32LE(at + 20), size: zip.readUInt32LE(at + 24) });
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    const files = unzipSync(zip);
    expect([...recorded.keys()].sort()).toEqual([...CSV_FILES].sort());
    for (const [name, bytes] of Object.entries(files)) {
      expect({ name, crc: zlib.crc32(bytes), size: bytes.length }).toEqual({ name, crc: recorded.get(name)?.crc, size: recorded.get(name)?.size });
    }
    // Several 256 KB blocks went through the compressor, and the rows all came back.
    expect(recorded.get('relationships.csv')!.size).toBeGreaterThan(4 * 256 * 1024);
    expect(recorded.get('relationships.csv')!.compressed).toBeLessThan(recorded.get('relationships.csv')!.size);
    expect(Buffer.from(files['relationships.csv']!).toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(20_001);
  });
});
