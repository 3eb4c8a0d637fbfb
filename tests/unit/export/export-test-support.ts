/**
 * Test support for the export writers: a small graph full of values that break naive writers (quotes,
 * backslashes, markup, line breaks, commas, semicolons, Cyrillic, control characters, empty lists, number
 * lists, a correction among two sources, validity dates), the ExportInput over it, and readers for the output
 * (an XML tree built with saxes, a strict namespace-aware parser).
 */
import { SaxesParser } from 'saxes';
import { collectPropertyKeys } from '../../../server/export/collect-property-keys';
import type { ExportInput, ExportWriter } from '../../../server/export/export-writer';
import type { GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import type { PropertyType, SeedDocument } from '../../../server/domain/seed-schema';

export const TITLE = 'paths dushanbe → moscow (≤3 hops) & "friends" <script>';

export const DOCUMENTS: SeedDocument[] = [
  {
    id: 'doc-a.txt',
    publisher: 'Eurasia "Net"',
    title: "Tajikistan's <base> & Russia",
    author: "O'Brien",
    published: '2004-10',
    url: 'https://example.org/a?x=1&y=2',
  },
  {
    id: 'doc-b.txt',
    publisher: 'RFE/RL',
    title: 'Душанбе; a city, and more\nsecond line',
    published: '2011',
    publishedInferred: true,
    publishedNote: 'year from the URL',
  },
];

const [DOC_A, DOC_B] = DOCUMENTS as [SeedDocument, SeedDocument];

/** A string XML 1.0 cannot carry whole: writers of XML drop the control characters. */
export const CONTROL_TEXT = 'bell\u0007 and nul\u0000 gone, CRLF\r\nkept';
export const CONTROL_TEXT_IN_XML = 'bell and nul gone, CRLF\r\nkept';

export const NODES: GraphNode[] = [
  {
    id: 'dushanbe',
    kind: 'City',
    name: 'Душанбе',
    aliases: ['Dushanbe', 'Stalinabad; 1929–1961', 'He said "hi", then left'],
    properties: {
      population: 863400,
      description: '<img src=x onerror=alert(1)>',
      topics: ['capital', 'a;b', 'c,d', 'line1\nline2'],
    },
  },
  {
    id: 'tajikistan',
    kind: 'Country',
    name: 'Tajikistan',
    aliases: [],
    properties: { description: "It's a \\ backslash \\' and 'quote'", memberCsto: true },
  },
  {
    id: 'russia',
    kind: 'Country',
    name: 'Russia\'s "Federation"',
    aliases: ['RF'],
    properties: { ratios: [1.5, 2, -3e-7], ctrl: CONTROL_TEXT, memberCsto: false },
  },
  {
    id: 'elections-2005',
    kind: 'Event',
    name: 'Elections',
    aliases: [],
    properties: { date: '2005-02-27', topics: [] },
  },
];

export const EDGES: GraphEdge[] = [
  {
    id: 'russia--hosts-base--tajikistan',
    type: 'HOSTS_BASE',
    source: 'russia',
    target: 'tajikistan',
    properties: {
      validFrom: '2004-10',
      validTo: '2014',
      troops: 5000,
      equipment: 'T-72, BMP; "heavy"',
      domains: ['military', 'a;b'],
    },
    sources: [
      {
        document: DOC_A.id,
        publisher: DOC_A.publisher,
        title: DOC_A.title,
        published: DOC_A.published,
        quote: 'Russia\'s 201st "division" stays; period.\nNew line & <tag>',
      },
      {
        document: DOC_B.id,
        publisher: DOC_B.publisher,
        title: DOC_B.title,
        published: DOC_B.published,
        quote: "Correction: it's the 201st base, not a division \\ slash",
        role: 'correction',
      },
    ],
  },
  {
    id: 'russia--provides-aid--dushanbe',
    type: 'PROVIDES_AID',
    source: 'russia',
    target: 'dushanbe',
    properties: { asOf: '2011-07', amountUsd: 12500000.75 },
    sources: [{ document: DOC_B.id, publisher: DOC_B.publisher, published: DOC_B.published, quote: 'Aid, worth $12.5m; "more" to come.' }],
  },
  {
    id: 'tajikistan--observes--elections-2005',
    type: 'OBSERVES',
    source: 'tajikistan',
    target: 'elections-2005',
    properties: {},
    sources: [{ document: DOC_A.id, quote: 'Tajikistan observed the elections.' }],
  },
  {
    id: 'dushanbe--capital-of--tajikistan',
    type: 'CAPITAL_OF',
    source: 'dushanbe',
    target: 'tajikistan',
    properties: { amountUsd: 1e21 },
    sources: [{ document: DOC_A.id, quote: 'Dushanbe, the capital.' }],
  },
];

/** The vocabulary's declarations for some keys; memberCsto, ratios and ctrl are left to inference. */
export const DECLARED = new Map<string, PropertyType>([
  ['population', 'number'],
  ['description', 'string'],
  ['topics', 'string[]'],
  ['date', 'date'],
  ['validFrom', 'date'],
  ['validTo', 'date'],
  ['asOf', 'date'],
  ['troops', 'number'],
  ['equipment', 'string'],
  ['domains', 'string[]'],
  ['amountUsd', 'number'],
]);

export const NODE_KEY_COUNT = 7; // ctrl, date, description, memberCsto, population, ratios, topics
export const EDGE_KEY_COUNT = 7; // amountUsd, asOf, domains, equipment, troops, validFrom, validTo

/** The items in chunks of two, so writers meet chunk boundaries even in the small test graph. */
async function* stream<T>(items: readonly T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += 2) yield items.slice(i, i + 2);
}

/** A fresh input over the test graph (its iterables can be read once). */
export async function makeInput(): Promise<ExportInput> {
  const keys = await collectPropertyKeys(NODES, EDGES, DECLARED);
  return {
    title: TITLE,
    documents: DOCUMENTS,
    propertyTypes: DECLARED,
    nodePropertyKeys: keys.nodePropertyKeys,
    edgePropertyKeys: keys.edgePropertyKeys,
    nodes: stream(NODES),
    edges: stream(EDGES),
  };
}

/** Runs a writer and gathers its chunks. */
export async function collectChunks(writer: ExportWriter, input: ExportInput): Promise<Array<Uint8Array | string>> {
  const chunks: Array<Uint8Array | string> = [];
  for await (const chunk of writer(input)) chunks.push(chunk);
  return chunks;
}

export async function writeText(writer: ExportWriter, input: ExportInput): Promise<string> {
  const chunks = await collectChunks(writer, input);
  return chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'))).join('');
}

export async function writeBytes(writer: ExportWriter, input: ExportInput): Promise<Uint8Array> {
  const chunks = await collectChunks(writer, input);
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
}

export interface XmlElement {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses XML strictly (well-formedness, XML 1.0 characters, namespaces) into a tree; throws on any error. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attributes[a.name] = a.value;
    const el: XmlElement = { name: tag.local, uri: tag.uri, attributes, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (text) => {
    const el = stack[stack.length - 1];
    if (el) el.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  return root;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function onlyChild(el: XmlElement, name: string): XmlElement {
  const found = childrenNamed(el, name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${el.name}>, found ${found.length}`);
  return found[0] as XmlElement;
}
