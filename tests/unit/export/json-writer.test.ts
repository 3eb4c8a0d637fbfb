import { writeJson } from '../../../server/export/json-writer';
import type { GraphNode } from '../../../server/domain/graph-model';
import { DOCUMENTS, EDGES, makeInput, NODES, TITLE, writeText } from './export-test-support';

describe('JSON writer', () => {
  it('when the graph is parsed back, it is the API Graph plus title and documents, value for value', async () => {
    const parsed = JSON.parse(await writeText(writeJson, await makeInput()));
    expect(Object.keys(parsed).sort()).toEqual(['documents', 'edges', 'nodes', 'title']);
    expect(parsed).toEqual({ title: TITLE, documents: DOCUMENTS, nodes: NODES, edges: EDGES });
  });

  it('when the selection is empty, writes empty arrays', async () => {
    async function* none(): AsyncGenerator<never> {}
    const input = { ...(await makeInput()), documents: [], nodes: none(), edges: none() };
    expect(JSON.parse(await writeText(writeJson, input))).toEqual({ title: TITLE, documents: [], nodes: [], edges: [] });
  });

  it('when the graph is large, yields chunks of about 64 K characters, not one per element', async () => {
    const many: GraphNode[] = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, kind: 'City', name: `City ${i}`, aliases: [], properties: {} }));
    async function* nodes(): AsyncGenerator<GraphNode> {
      yield* many;
    }
    async function* none(): AsyncGenerator<never> {}
    const chunks: string[] = [];
    for await (const c of writeJson({ ...(await makeInput()), nodes: nodes(), edges: none() })) chunks.push(c);
    const total = chunks.join('').length;
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(total / (64 * 1024)) + 1);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(JSON.parse(chunks.join('')).nodes).toHaveLength(5000);
  });
});
