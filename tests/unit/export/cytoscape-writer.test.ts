import { writeCytoscape } from '../../../server/export/cytoscape-writer';
import { DOCUMENTS, EDGES, makeInput, NODES, TITLE, writeText } from './export-test-support';

interface Element {
  data: Record<string, unknown>;
}

describe('Cytoscape (cyjs) writer', () => {
  it('when parsed back, has the cyjs envelope with the title and bibliography', async () => {
    const doc = JSON.parse(await writeText(writeCytoscape, await makeInput()));
    expect(doc.format_version).toBe('1.0');
    expect(doc.generated_by).toBe('multivector');
    expect(doc.target_cytoscapejs_version).toBe('~3.34');
    expect(doc.data).toEqual({ name: TITLE, documents: DOCUMENTS });
    expect(Object.keys(doc.elements).sort()).toEqual(['edges', 'nodes']);
  });

  it('when parsed back, every node is its id, name, kind, aliases and properties', async () => {
    const doc = JSON.parse(await writeText(writeCytoscape, await makeInput()));
    const nodes = doc.elements.nodes as Element[];
    expect(nodes).toHaveLength(NODES.length);
    nodes.forEach((el, i) => {
      const n = NODES[i]!;
      expect(el).toEqual({ data: { id: n.id, name: n.name, kind: n.kind, aliases: n.aliases, ...n.properties } });
    });
  });

  it('when parsed back, every edge has interaction = type, its properties and its evidence as objects and as flat lists', async () => {
    const doc = JSON.parse(await writeText(writeCytoscape, await makeInput()));
    const edges = doc.elements.edges as Element[];
    expect(edges).toHaveLength(EDGES.length);
    edges.forEach((el, i) => {
      const e = EDGES[i]!;
      expect(el.data).toEqual({
        ...e.properties,
        id: e.id,
        source: e.source,
        target: e.target,
        interaction: e.type,
        type: e.type,
        sources: e.sources,
        sourceQuotes: e.sources.map((s) => s.quote),
        sourceDocuments: e.sources.map((s) => s.document),
        sourceRoles: e.sources.map((s) => s.role ?? 'claim'),
      });
    });
    expect(edges[0]!.data.sourceRoles).toEqual(['claim', 'correction']);
  });
});
