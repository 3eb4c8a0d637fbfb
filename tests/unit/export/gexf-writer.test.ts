import { GEXF_BIBLIOGRAPHY_MARKER, GEXF_NAMESPACE, writeGexf } from '../../../server/export/gexf-writer';
import {
  childrenNamed,
  CONTROL_TEXT_IN_XML,
  DOCUMENTS,
  EDGE_KEY_COUNT,
  EDGES,
  makeInput,
  NODE_KEY_COUNT,
  NODES,
  onlyChild,
  parseXml,
  TITLE,
  writeText,
  type XmlElement,
} from './export-test-support';

const GEXF_TYPES = ['string', 'long', 'double', 'boolean', 'liststring', 'listlong', 'listdouble'];

interface Attribute {
  id: string;
  title: string;
  type: string;
}

async function parsed(): Promise<{ xml: string; root: XmlElement; graph: XmlElement; nodeAttrs: Map<string, Attribute>; edgeAttrs: Map<string, Attribute> }> {
  const xml = await writeText(writeGexf, await makeInput());
  const root = parseXml(xml);
  const graph = onlyChild(root, 'graph');
  const attrs = (cls: string): Map<string, Attribute> => {
    const block = childrenNamed(graph, 'attributes').filter((a) => a.attributes.class === cls);
    expect(block).toHaveLength(1);
    const map = new Map<string, Attribute>();
    for (const a of childrenNamed(block[0]!, 'attribute')) {
      expect(map.has(a.attributes.id!)).toBe(false);
      map.set(a.attributes.id!, { id: a.attributes.id!, title: a.attributes.title!, type: a.attributes.type! });
    }
    return map;
  };
  return { xml, root, graph, nodeAttrs: attrs('node'), edgeAttrs: attrs('edge') };
}

/** The attvalues of a node or edge as typed values by attribute title. */
function valuesOf(el: XmlElement, attrs: Map<string, Attribute>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const blocks = childrenNamed(el, 'attvalues');
  expect(blocks.length).toBeLessThanOrEqual(1);
  for (const v of blocks[0]?.children ?? []) {
    expect(v.name).toBe('attvalue');
    const a = attrs.get(v.attributes.for!);
    if (!a) throw new Error(`attvalue for "${v.attributes.for}" has no <attribute>`);
    const text = v.attributes.value!;
    if (a.type === 'double' || a.type === 'long') out[a.title] = Number(text);
    else if (a.type === 'boolean') out[a.title] = text === 'true';
    else if (a.type.startsWith('list')) out[a.title] = JSON.parse(text);
    else out[a.title] = text;
  }
  return out;
}

describe('GEXF writer', () => {
  it('when parsed by a strict XML parser, is GEXF 1.3 with its elements in schema order', async () => {
    const { root, graph } = await parsed();
    expect(root.name).toBe('gexf');
    expect(root.uri).toBe(GEXF_NAMESPACE);
    expect(root.attributes.version).toBe('1.3');
    expect(root.attributes['xsi:schemaLocation']).toBe(`${GEXF_NAMESPACE} ${GEXF_NAMESPACE}/gexf.xsd`);
    expect(root.children.map((c) => c.name)).toEqual(['meta', 'graph']);
    expect(graph.attributes).toEqual({ defaultedgetype: 'directed', mode: 'dynamic', timeformat: 'date' });
    expect(graph.children.map((c) => `${c.name}${c.attributes.class ? `:${c.attributes.class}` : ''}`)).toEqual([
      'attributes:node',
      'attributes:edge',
      'nodes',
      'edges',
    ]);
  });

  it('when parsed back, the meta carries a date, the creator, the title and the bibliography', async () => {
    const { root } = await parsed();
    const meta = onlyChild(root, 'meta');
    expect(meta.attributes.lastmodifieddate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(onlyChild(meta, 'creator').text).toBe('Multivector');
    const [title, bibliography] = onlyChild(meta, 'description').text.split(GEXF_BIBLIOGRAPHY_MARKER);
    expect(title).toBe(TITLE);
    expect(JSON.parse(bibliography!)).toEqual(DOCUMENTS);
  });

  it('when parsed back, declares one typed attribute per property and per core field', async () => {
    const { nodeAttrs, edgeAttrs } = await parsed();
    expect(nodeAttrs.size).toBe(2 + NODE_KEY_COUNT);
    expect(edgeAttrs.size).toBe(1 + EDGE_KEY_COUNT + 4);
    for (const a of [...nodeAttrs.values(), ...edgeAttrs.values()]) expect(GEXF_TYPES).toContain(a.type);
    expect(nodeAttrs.get('aliases')!.type).toBe('liststring');
    expect(nodeAttrs.get('ratios')!.type).toBe('listdouble');
    expect(nodeAttrs.get('population')!.type).toBe('long');
    expect(nodeAttrs.get('memberCsto')!.type).toBe('boolean');
    expect(nodeAttrs.get('date')!.type).toBe('string');
    expect(edgeAttrs.get('sourceQuotes')!.type).toBe('liststring');
    expect(edgeAttrs.get('sources')!.type).toBe('string');
  });

  it('when parsed back, every node has its label, kind, aliases and typed properties, and no time', async () => {
    const { graph, nodeAttrs } = await parsed();
    const nodes = childrenNamed(onlyChild(graph, 'nodes'), 'node');
    expect(nodes).toHaveLength(NODES.length);
    nodes.forEach((el, i) => {
      const n = NODES[i]!;
      expect(el.attributes).toEqual({ id: n.id, label: n.name });
      const props = { ...n.properties };
      if (props.ctrl !== undefined) props.ctrl = CONTROL_TEXT_IN_XML;
      expect(valuesOf(el, nodeAttrs)).toEqual({ kind: n.kind, aliases: n.aliases, ...props });
    });
  });

  it('when parsed back, every edge has label and kind = type, typed properties, evidence, and its validity as dates', async () => {
    const { graph, edgeAttrs } = await parsed();
    const edges = childrenNamed(onlyChild(graph, 'edges'), 'edge');
    expect(edges).toHaveLength(EDGES.length);
    const times = [
      { start: '2004-10-01', end: '2014-12-31' }, // validFrom 2004-10, validTo 2014
      { start: '2011-07-01' }, // asOf alone: from then on, as the app's time slider reads it
      { start: '2005-01-01', end: '2005-12-31' }, // undated, to an event dated 2005-02-27: the event's year
      {}, // no date at all: always
    ];
    edges.forEach((el, i) => {
      const e = EDGES[i]!;
      expect(el.attributes).toEqual({ id: e.id, source: e.source, target: e.target, label: e.type, kind: e.type, ...times[i] });
      const { sources, ...rest } = valuesOf(el, edgeAttrs);
      expect(JSON.parse(sources as string)).toEqual(e.sources);
      expect(rest).toEqual({
        type: e.type,
        ...e.properties,
        sourceQuotes: e.sources.map((s) => s.quote),
        sourceDocuments: e.sources.map((s) => s.document),
        sourceRoles: e.sources.map((s) => s.role ?? 'claim'),
      });
    });
  });

  it('when values hold markup, quotes, line breaks and control characters, keeps them in attributes and drops only what XML 1.0 cannot carry', async () => {
    const { xml } = await parsed();
    expect(xml).not.toContain('<img');
    // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    // A raw line break inside an attribute would be normalised to a space by every parser.
    expect(xml).toContain('CRLF&#13;&#10;kept');
  });
});
