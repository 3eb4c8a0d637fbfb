/**
 * getEdges' check of the engine's rows against the graph index (SOURCE_IN_LISTS in kuzu-edge-reads.ts): a row
 * whose ends are not the relationship's is dropped and its relationship read again; each relationship comes once.
 */
import { planEdgeReads, settleEdgeRows } from '../../server/stores/kuzu/kuzu-edge-reads';
import type { EdgeLocation } from '../../server/stores/graph-index/graph-index';

const at = (source: string, target: string, type = 'FUNDS_FORUM'): EdgeLocation => ({
  type,
  source,
  target,
  sourceKind: 'GovernmentBody',
  targetKind: 'Event',
  sourceOutDegree: 4,
  targetInDegree: 4,
});
const index = new Map<string, EdgeLocation>([
  ['r1', at('gb-1', 'ev-1')],
  ['r2', at('gb-2', 'ev-1')],
  ['r3', at('gb-2', 'ev-2')],
]);
const locate = (id: string): EdgeLocation | undefined => index.get(id);
const row = (id: string, s: string, t: string): Record<string, unknown> => ({ r: { id }, s, t });

describe('settling relationship rows', () => {
  it('when the engine answers a relationship under another source, that row is dropped and the relationship is missing', () => {
    const rows = [row('r1', 'gb-2', 'ev-1'), row('r1', 'gb-1', 'ev-1'), row('r2', 'gb-2', 'ev-1')];
    const settled = settleEdgeRows(rows, ['r1', 'r2', 'r3'], locate);
    expect(settled.rows).toEqual([row('r1', 'gb-1', 'ev-1'), row('r2', 'gb-2', 'ev-1')]);
    expect(settled.missing).toEqual(['r3']);
  });

  it('keeps each wanted relationship once, leaves out unwanted ones, and takes rows the index cannot place as they come', () => {
    const rows = [row('r2', 'gb-2', 'ev-1'), row('r2', 'gb-2', 'ev-1'), row('r3', 'gb-2', 'ev-2'), row('x9', 'a', 'b'), row('r1', 'gb-1', 'ev-1')];
    const settled = settleEdgeRows(rows, ['r2', 'x9', 'r1'], locate);
    expect(settled.rows).toEqual([row('r2', 'gb-2', 'ev-1'), row('x9', 'a', 'b'), row('r1', 'gb-1', 'ev-1')]);
    expect(settled.missing).toEqual([]);
  });

  it('reads what is missing again with one primary-key look-up per source, never a source list', () => {
    const lists = planEdgeReads(['r1', 'r2', 'r3'], locate, () => true);
    expect(lists.map((r) => r.query).join('\n')).toContain('a.id IN $s AND r.id IN $ids');
    const again = planEdgeReads(['r1', 'r2', 'r3'], locate, () => true, true);
    expect(again).toHaveLength(2);
    for (const read of again) expect(read.query).toContain('WHERE a.id = $s AND r.id IN $ids');
    expect(again.map((r) => r.params.s).sort()).toEqual(['gb-1', 'gb-2']);
  });
});
