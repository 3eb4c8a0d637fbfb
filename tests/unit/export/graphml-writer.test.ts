import { FLAT_SEPARATOR, GRAPHML_NAMESPACE, writeGraphml } from '../../../server/export/graphml-writer';
import type { PropertyValue } from '../../../server/domain/graph-model';
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

const CORE_KEYS = 12; // title, documents; label, name, kind, aliases; edgelabel, type, sources, sourceQuotes, sourceDocuments, sourceRoles

interface Key {
  id: string;
  for: string;
  name: string;
  type: string;
  desc: string;
}

async function parsed(): Promise<{ xml: string; root: XmlElement; keys: Map<string, Key>; graph: XmlElement }> {
  const xml = await writeText(writeGraphml, await makeInput());
  const root = parseXml(xml);
  const keys = new Map<string, Key>();
  for (const k of childrenNamed(root, 'key')) {
    const desc = childrenNamed(k, 'desc')[0]?.text ?? '';
    keys.set(k.attributes.id!, { id: k.attributes.id!, for: k.attributes.for!, name: k.attributes['attr.name']!, type: k.attributes['attr.type']!, desc });
  }
  return { xml, root, keys, graph: onlyChild(root, 'graph') };
}

/** The data of an element as typed values, by attr.name (the label keys by id). */
function dataOf(el: XmlElement, keys: Map<string, Key>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of childrenNamed(el, 'data')) {
    const key = keys.get(d.attributes.key!);
    if (!key) throw new Error(`<data key="${d.attributes.key}"> has no <key>`);
    if (key.for !== el.name) throw new Error(`key ${key.id} is for ${key.for}, used on <${el.name}>`);
    const name = key.id === 'label' || key.id === 'edgelabel' ? key.id : key.name;
    if (name in out) throw new Error(`two values for ${name} on <${el.name}>`);
    if (key.type === 'double' || key.type === 'long') out[name] = Number(d.text);
    else if (key.type === 'boolean') out[name] = d.text === 'true';
    else if (key.desc.includes('GraphML has no list type')) out[name] = JSON.parse(d.text);
    else out[name] = d.text;
  }
  return out;
}

/** What XML 1.0 can carry of a value. */
function xmlSafe(value: PropertyValue): PropertyValue {
  return value === NODES[2]!.properties.ctrl ? CONTROL_TEXT_IN_XML : value;
}

describe('GraphML writer', () => {
  it('when parsed by a strict XML parser, is well-formed GraphML in the GraphML namespace', async () => {
    const { root, graph } = await parsed();
    expect(root.name).toBe('graphml');
    expect(root.uri).toBe(GRAPHML_NAMESPACE);
    expect(root.attributes['xsi:schemaLocation']).toBe(`${GRAPHML_NAMESPACE} ${GRAPHML_NAMESPACE}/1.0/graphml.xsd`);
    // graphml.xsd: <desc>?, <key>*, then <graph> / <data>.
    const order = root.children.map((c) => c.name);
    expect(order[0]).toBe('desc');
    expect(order.slice(1, -1).every((n) => n === 'key')).toBe(true);
    expect(order[order.length - 1]).toBe('graph');
    expect(graph.attributes.edgedefault).toBe('directed');
    // <graph>: its <data> first, then every node before any edge.
    const inGraph = graph.children.map((c) => c.name).join(' ');
    expect(inGraph).toBe(['data', 'data', ...NODES.map(() => 'node'), ...EDGES.map(() => 'edge')].join(' '));
  });

  it('when parsed back, declares one typed key per property and per core field, with unique ids', async () => {
    const { root, keys } = await parsed();
    expect(childrenNamed(root, 'key')).toHaveLength(CORE_KEYS + NODE_KEY_COUNT + EDGE_KEY_COUNT);
    expect(keys.size).toBe(CORE_KEYS + NODE_KEY_COUNT + EDGE_KEY_COUNT);
    for (const k of keys.values()) {
      expect(['string', 'long', 'double', 'boolean']).toContain(k.type);
      expect(['graph', 'node', 'edge']).toContain(k.for);
      expect(k.id).toMatch(/^[A-Za-z_][\w.-]*$/);
    }
    expect(keys.get('n_population')).toMatchObject({ for: 'node', name: 'population', type: 'long' });
    expect(keys.get('n_memberCsto')).toMatchObject({ for: 'node', name: 'memberCsto', type: 'boolean' });
    expect(keys.get('n_date')).toMatchObject({ for: 'node', name: 'date', type: 'string' });
    expect(keys.get('n_topics')!.desc).toMatch(/JSON array/);
    expect(keys.get('n_ratios')).toMatchObject({ type: 'string' });
    expect(keys.get('e_troops')).toMatchObject({ for: 'edge', name: 'troops', type: 'long' });
    expect(keys.get('label')).toMatchObject({ for: 'node', name: 'label' });
    expect(keys.get('edgelabel')).toMatchObject({ for: 'edge', name: 'label' });
    expect(keys.get('sources')!.desc).toMatch(/JSON/);
  });

  it('when parsed back, the graph carries the title and the bibliography', async () => {
    const { root, keys, graph } = await parsed();
    expect(onlyChild(root, 'desc').text).toBe(TITLE);
    const { title, documents, ...rest } = dataOf(graph, keys);
    expect(title).toBe(TITLE);
    expect(JSON.parse(documents as string)).toEqual(DOCUMENTS);
    expect(rest).toEqual({});
  });

  it('when parsed back, every node has its label, name, kind, aliases and typed properties', async () => {
    const { keys, graph } = await parsed();
    const nodes = childrenNamed(graph, 'node');
    expect(nodes).toHaveLength(NODES.length);
    nodes.forEach((el, i) => {
      const n = NODES[i]!;
      expect(el.attributes.id).toBe(n.id);
      const props = Object.fromEntries(Object.entries(n.properties).map(([k, v]) => [k, xmlSafe(v)]));
      expect(dataOf(el, keys)).toEqual({ label: n.name, name: n.name, kind: n.kind, aliases: n.aliases, ...props });
    });
  });

  it('when parsed back, every edge has its type, typed properties and evidence, JSON and flat', async () => {
    const { keys, graph } = await parsed();
    const edges = childrenNamed(graph, 'edge');
    expect(edges).toHaveLength(EDGES.length);
    const nodeIds = new Set(NODES.map((n) => n.id));
    edges.forEach((el, i) => {
      const e = EDGES[i]!;
      expect(el.attributes).toEqual({ id: e.id, source: e.source, target: e.target });
      expect(nodeIds.has(el.attributes.source!) && nodeIds.has(el.attributes.target!)).toBe(true);
      const { sources, ...rest } = dataOf(el, keys);
      expect(JSON.parse(sources as string)).toEqual(e.sources);
      expect(rest).toEqual({
        edgelabel: e.type,
        type: e.type,
        ...e.properties,
        sourceQuotes: e.sources.map((s) => s.quote).join(FLAT_SEPARATOR),
        sourceDocuments: e.sources.map((s) => s.document).join(FLAT_SEPARATOR),
        sourceRoles: e.sources.map((s) => s.role ?? 'claim').join(FLAT_SEPARATOR),
      });
    });
  });

  it('when values hold markup, quotes and control characters, escapes the markup and drops what XML 1.0 cannot carry', async () => {
    const { xml } = await parsed();
    expect(xml).not.toContain('<img');
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).toContain('CRLF&#13;\nkept');
  });
});
