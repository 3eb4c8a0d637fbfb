/**
 * Stream chunks cross the engine process boundary as rows (flat value lists under their table's columns) and
 * the server rebuilds each row as the object Kuzu gave: same keys in the same order, same values.
 */
import { RowChunks, decodeRowChunk } from '../../server/stores/kuzu/kuzu-row-chunks';

type Row = Parameters<RowChunks['add']>[0];

describe('row chunks', () => {
  const knows: Row[] = [
    { _s: 'a', _t: 'b', id: 'k1', since: 2001, sourceDocuments: ['d1', 'd2'], note: null },
    { _s: 'b', _t: 'c', id: 'k2', since: null, sourceDocuments: [], note: 'x' },
  ];
  const hosts: Row[] = [{ _s: 'c', _t: 'a', id: 'h1', weight: 0.5, sourceDocuments: ['d3'] }];

  test('rows of two tables in one chunk come back equal, with their keys in order and their tables', () => {
    const builder = new RowChunks();
    for (const row of knows) builder.add(row, 'KNOWS');
    for (const row of hosts) builder.add(row, 'HOSTS');
    expect(builder.length).toBe(3);
    // Through structured clone, as over the IPC channel.
    const chunk = structuredClone(builder.take());
    expect(chunk.rows).toBe(3);
    const decoded = decodeRowChunk(chunk, (row, table) => ({ table, row }));
    expect(decoded).toEqual([...knows.map((row) => ({ table: 'KNOWS', row })), ...hosts.map((row) => ({ table: 'HOSTS', row }))]);
    expect(decoded.map((d) => Object.keys(d.row))).toEqual([...knows, ...hosts].map((row) => Object.keys(row)));
  });

  test('take() starts a new chunk, and a table met again after a take() names its columns again', () => {
    const builder = new RowChunks();
    builder.add(knows[0] as Row, 'KNOWS');
    const first = builder.take();
    expect(builder.length).toBe(0);
    builder.add(knows[1] as Row, 'KNOWS');
    const second = builder.take();
    expect(decodeRowChunk(first, (row) => row)).toEqual([knows[0]]);
    expect(decodeRowChunk(second, (row) => row)).toEqual([knows[1]]);
    expect(second.groups).toHaveLength(1);
  });

  test('rows the keep test refuses are not sent', () => {
    const builder = new RowChunks((row) => row._t !== 'c');
    for (const row of knows) builder.add(row, 'KNOWS');
    expect(builder.length).toBe(1);
    expect(decodeRowChunk(builder.take(), (row) => row.id)).toEqual(['k1']);
  });
});
