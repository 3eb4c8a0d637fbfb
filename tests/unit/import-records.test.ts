/** The import readers: CSV in the export's header format, the JSON formats, and format recognition. */
import { readSection, type ImportFile, type ParseEvent, type Section } from '../../server/import/import-file';
import { ARRAY_DELIMITER } from '../../server/export/csv-writer';
import { describeIssue } from '../../server/import/import-plan';
import type { ImportIssue } from '../../server/domain/import-model';

async function events(file: ImportFile, section: Section): Promise<ParseEvent[]> {
  const out: ParseEvent[] = [];
  for await (const e of readSection(file, section)) out.push(e);
  return out;
}

const text = (name: string, body: string): ImportFile => ({ name, bytes: Buffer.from(body, 'utf8') });
const US = ARRAY_DELIMITER;

describe('CSV records', () => {
  const nodes = text(
    'nodes.csv',
    [
      'id:ID,:LABEL,name,aliases:string[],population:double,motto,tags:string[]',
      `alpha,Entity${US}Country,Alphaland,A1${US}A2,5,"",`,
      `beta,Entity${US}Country,"Beta, ""the"" land
on two lines",,,,x${US}y`,
      `gamma,Entity${US}Country,Gamma,,lots,,`,
    ].join('\r\n'),
  );

  test('when a nodes.csv row has lists, quotes and an empty field, it reads as the wire node; "" is an empty string', async () => {
    const [alpha, beta] = await events(nodes, 'node');
    expect(alpha).toEqual({
      type: 'record',
      section: 'node',
      value: { id: 'alpha', kind: 'Country', name: 'Alphaland', aliases: ['A1', 'A2'], properties: { population: 5, motto: '' } },
      loc: { file: 'nodes.csv', row: 2 },
    });
    expect(beta).toMatchObject({ value: { name: 'Beta, "the" land\non two lines', aliases: [], properties: { tags: ['x', 'y'] } } });
  });

  test('when a cell does not fit its column type, the issue names the row (header = 1) and the field', async () => {
    const all = await events(nodes, 'node');
    expect(all[2]).toEqual({ type: 'issue', issue: { file: 'nodes.csv', row: 4, field: 'population', message: '"lots" is not a number' } });
    expect(describeIssue((all[2] as { issue: ImportIssue }).issue)).toBe('nodes.csv row 4 field "population": "lots" is not a number');
  });

  test('when relationships.csv carries evidence lists, they become sources; derived years are dropped', async () => {
    const rels = text(
      'relationships.csv',
      [
        ':START_ID,:END_ID,:TYPE,id,troops:double,sourceDocuments:string[],sourceQuotes:string[],sourceRoles:string[],yearFrom:double,yearTo:double',
        `a,b,HOSTS_BASE,a-b,7,d1${US}d2,"One, quote${US}Two",claim${US}correction,2004,`,
      ].join('\n'),
    );
    const [e] = await events(rels, 'edge');
    expect(e).toMatchObject({
      value: {
        id: 'a-b',
        type: 'HOSTS_BASE',
        source: 'a',
        target: 'b',
        properties: { troops: 7 },
        sources: [
          { document: 'd1', quote: 'One, quote' },
          { document: 'd2', quote: 'Two', role: 'correction' },
        ],
      },
    });
    expect(await events(rels, 'node')).toEqual([]);
  });

  test('when a row has more fields than the header, that row is reported and the next still reads', async () => {
    const docs = text('documents.csv', 'id:ID(SourceDocument),:LABEL,publisher,title,published\nd1,SourceDocument,P,T,2020,extra\nd2,SourceDocument,P,T,2021');
    const all = await events(docs, 'document');
    expect(all[0]).toEqual({ type: 'issue', issue: { file: 'documents.csv', row: 2, message: 'has 6 fields, the header has 5' } });
    expect(all[1]).toMatchObject({ type: 'record', value: { id: 'd2', publisher: 'P', title: 'T', published: '2021' } });
  });

  test('when a CSV breaks quoting, the file is reported with the line and field', async () => {
    const broken = text('relationships.csv', ':START_ID,:END_ID,:TYPE,id\na,b,"X"Y,e');
    expect(await events(broken, 'edge')).toEqual([
      {
        type: 'issue',
        issue: { file: 'relationships.csv', message: expect.stringMatching(/^is not valid CSV: a closing quote is followed by "Y" at line 2, field 3/) },
      },
    ]);
  });

  test('when the file is read in slices that cut a character in two, the text reads back whole', async () => {
    const head = `id:ID,:LABEL,name\nfar,Entity${US}Country,`;
    // The file reaches the reader in 1 MiB slices: put the cut two bytes into a four-byte character.
    const pad = 'p'.repeat((((1 << 20) - Buffer.byteLength(head) - 2) % 4 + 4) % 4);
    const name = `${pad}${'😀'.repeat(300_000)}`;
    expect(((1 << 20) - Buffer.byteLength(head + pad)) % 4).toBe(2);
    const [record, ...rest] = await events(text('nodes.csv', `${head}${name}\n`), 'node');
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ type: 'record', value: { id: 'far', name } });
  });

  test('when a CSV has none of the known headers, it is reported once', async () => {
    const odd = text('odd.csv', 'a,b\n1,2');
    expect(await events(odd, 'node')).toEqual([
      { type: 'issue', issue: { file: 'odd.csv', message: expect.stringContaining('is not a nodes, relationships or documents CSV') } },
    ]);
    expect(await events(odd, 'edge')).toEqual([]);
  });
});

describe('JSON records', () => {
  test('when a seed article is read, relationships get the default id and the article document', async () => {
    const article = text(
      'doc.json',
      JSON.stringify({
        document: 'doc-x',
        entities: [{ id: 'a', kind: 'Country', name: 'A' }],
        relationships: [{ type: 'LENDS_TO', source: 'a', target: 'b', sources: [{ quote: 'A lends to B.' }] }],
      }),
    );
    expect((await events(article, 'node'))[0]).toMatchObject({ value: { id: 'a', kind: 'Country', name: 'A', aliases: [], properties: {} } });
    expect((await events(article, 'edge'))[0]).toMatchObject({
      value: { id: 'a--lends-to--b', sources: [{ document: 'doc-x', quote: 'A lends to B.' }] },
      loc: { file: 'doc.json', row: 1, record: 'relationships[0] (LENDS_TO)' },
    });
  });

  test('when a seed entity breaks its schema, the issue names the record and field', async () => {
    const article = text('doc.json', JSON.stringify({ document: 'd', entities: [{ id: 'Not A Slug', kind: 'Country', name: 'A' }], relationships: [] }));
    expect(await events(article, 'node')).toEqual([
      { type: 'issue', issue: { file: 'doc.json', row: 1, record: 'entities[0] (Not A Slug)', field: 'id', message: 'id must be a lowercase slug' } },
    ]);
  });

  test('when Graph JSON is read, documents, nodes and edges come from their own lists', async () => {
    const g = text('g.json', JSON.stringify({ title: 't', documents: [{ id: 'd' }], nodes: [{ id: 'n' }], edges: [{ id: 'e' }, { id: 'f' }] }));
    expect((await events(g, 'document')).length).toBe(1);
    expect((await events(g, 'node')).length).toBe(1);
    expect((await events(g, 'edge')).map((e) => (e.type === 'record' ? e.loc.record : ''))).toEqual(['edges[0] (e)', 'edges[1] (f)']);
  });

  test('when a file is not JSON or of an unknown kind, it is reported once', async () => {
    expect(await events(text('bad.json', '{"nodes": ['), 'node')).toEqual([
      { type: 'issue', issue: { file: 'bad.json', message: expect.stringContaining('is not valid JSON') } },
    ]);
    expect(await events(text('bad.json', '{"nodes": ['), 'edge')).toEqual([]);
    expect(await events(text('x.txt', 'hello'), 'node')).toEqual([
      { type: 'issue', issue: { file: 'x.txt', message: 'has an unknown format: give a .json, .csv or .zip file' } },
    ]);
  });
});
