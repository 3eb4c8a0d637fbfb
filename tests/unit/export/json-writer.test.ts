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

  it('when the graph is large, yields UTF-8 chunks of about 64 KB, not one per element', async () => {
    const many: GraphNode[] = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, kind: 'City', name: `City ${i}`, aliases: [], properties: {} }));
    async function* nodes(): AsyncGenerator<GraphNode[]> {
      for (let i = 0; i < many.length; i += 1000) yield many.slice(i, i + 1000);
    }
    async function* none(): AsyncGenerator<never> {}
    const chunks: Uint8Array[] = [];
    for await (const c of writeJson({ ...(await makeInput()), nodes: nodes(), edges: none() })) chunks.push(c);
    const whole = Buffer.concat(chunks);
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(whole.length / (64 * 1024)) + 1);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(JSON.parse(whole.toString('utf8')).nodes).toHaveLength(5000);
  });
});
