/**
 * The embedded store replaces a pooled connection once it has spent its prepare budget
 * (server/stores/kuzu/kuzu-connection-recycling.ts): only when it comes back, with borrowers waiting getting
 * the fresh one, and a write's swap of the database file waiting for a replacement in flight. Here distinct
 * console texts (each a prepare), selection streams (a prepare per table on every call) and writes run at
 * once, more of them than the pool has connections: every answer must be right, and the store must read its
 * writes. Run on the store alone and behind the engine process boundary; Neo4j prepares nothing of the app's.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { RECYCLE_AFTER_PREPARES } from '../../server/stores/kuzu/kuzu-connection-recycling';

afterAll(removeTempDirs);

const OPTIONS = { timeoutMs: 10_000, maxRows: 10 };
/** Enough distinct texts for every connection of a pool of 4 to be replaced before the writes, and after them. */
const TEXTS = RECYCLE_AFTER_PREPARES * 4 * 3;
const AT_A_TIME = 6;

describe.each(engineFactories().filter((f) => f.name !== 'neo4j'))('connections replaced under load on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await openSeeded(factory);
  });

  afterAll(async () => {
    await store.close();
  });

  test('distinct console texts, selection streams and writes at once all answer right', async () => {
    const query = (i: number): string => `MATCH (n:Country) WHERE n.name <> 'not a name ${i}' RETURN n.id AS id ORDER BY id LIMIT 3`;
    const expected = (await store.runReadQuery(query(0), {}, OPTIONS)).rows;
    expect(expected).toHaveLength(3);
    const selection = expected.map((row) => String(row[0]));

    let next = 1;
    const wrong: string[] = [];
    const reader = async (): Promise<void> => {
      while (next <= TEXTS) {
        const i = next;
        next += 1;
        const rows = (await store.runReadQuery(query(i), {}, OPTIONS)).rows;
        if (JSON.stringify(rows) !== JSON.stringify(expected)) wrong.push(`${i}: ${JSON.stringify(rows)}`);
        if (i % 64 === 0) {
          const streamed: string[] = [];
          for await (const chunk of store.streamNodes(selection, 100)) streamed.push(...chunk.map((n) => n.id));
          if (streamed.sort().join() !== [...selection].sort().join()) wrong.push(`stream at ${i}: ${streamed.join()}`);
        }
      }
    };
    const writer = async (): Promise<void> => {
      // Each write swaps the file in and opens fresh connections: start once connections are being replaced.
      while (next <= TEXTS / 3) await new Promise((r) => setImmediate(r));
      for (let w = 1; w <= 3; w += 1) {
        await store.upsert({ nodes: [{ id: `recycle-probe-${w}`, kind: 'Newsroom', name: `Probe ${w}`, aliases: [], properties: {} }], edges: [], documents: [], propertyTypes: {} });
      }
    };
    await Promise.all([...Array.from({ length: AT_A_TIME }, reader), writer()]);

    expect(wrong).toEqual([]);
    const probes = await store.runReadQuery('MATCH (n:Newsroom) RETURN n.id AS id ORDER BY id', {}, OPTIONS);
    expect(probes.rows).toEqual([['recycle-probe-1'], ['recycle-probe-2'], ['recycle-probe-3']]);
    expect((await store.getNodes(['recycle-probe-2'])).map((n) => n.name)).toEqual(['Probe 2']);
  }, 240_000);
});
