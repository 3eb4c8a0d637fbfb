/**
 * The compact graph index must answer exactly what the engine's adjacency query answers: checked here
 * against a plain filter over the same rows, for every direction, type and year filter; and its id table
 * must give every id back and find it again, whatever its script.
 */
import { KeptGraphIndex } from '../../server/stores/graph-index/kept-graph-index';
import { GraphIndexBuilder, emptyAdjacencyColumns } from '../../server/stores/graph-index/graph-index';
import { IdTableBuilder } from '../../server/stores/graph-index/id-table';
import { SliceClock } from '../../server/stores/graph-index/slice-clock';
import type { Direction } from '../../server/domain/graph-model';
import type { AdjacencyColumns, AdjacencyFilter } from '../../server/domain/ports/graph-store';
import { createRandom } from '../../bench/synthetic-graph';

interface AdjacencyRow {
  id: string;
  type: string;
  source: string;
  target: string;
  yearFrom: number | null;
  yearTo: number | null;
  sourceKind: string;
  targetKind: string;
}

/** The rows as blocks of columns of at most `block` rows, as the stores send them. */
function columnsOf(rows: AdjacencyRow[], block = 300): AdjacencyColumns[] {
  const out: AdjacencyColumns[] = [];
  for (let i = 0; i < rows.length; i += block) {
    const c = emptyAdjacencyColumns();
    for (const r of rows.slice(i, i + block)) {
      c.id.push(r.id);
      c.type.push(r.type);
      c.source.push(r.source);
      c.target.push(r.target);
      c.yearFrom.push(r.yearFrom);
      c.yearTo.push(r.yearTo);
      c.sourceKind.push(r.sourceKind);
      c.targetKind.push(r.targetKind);
    }
    out.push(c);
  }
  return out;
}

function rowsOf(seed: number, nodes: number, edges: number): AdjacencyRow[] {
  const random = createRandom(seed);
  const types = ['HOSTS_BASE', 'LENDS_TO', 'ALLY_OF'];
  const rows: AdjacencyRow[] = [];
  for (let i = 0; i < edges; i += 1) {
    const s = Math.floor(random() * nodes);
    const t = Math.floor(random() * nodes);
    const from = random() < 0.5 ? 1990 + Math.floor(random() * 30) : null;
    rows.push({
      id: `e${i}`,
      type: types[i % types.length] as string,
      source: `n${s}`,
      target: `n${t}`,
      yearFrom: from,
      yearTo: from !== null && random() < 0.5 ? from + Math.floor(random() * 10) : null,
      sourceKind: s % 2 ? 'Country' : 'City',
      targetKind: t % 2 ? 'Country' : 'City',
    });
  }
  return rows;
}

function expected(rows: AdjacencyRow[], ids: string[], direction: Direction, filter: AdjacencyFilter): string[] {
  const set = new Set(ids);
  return rows
    .filter((r) => (direction !== 'in' && set.has(r.source)) || (direction !== 'out' && set.has(r.target)))
    .filter((r) => !filter.types || filter.types.length === 0 || filter.types.includes(r.type))
    .filter((r) => filter.year === undefined || ((r.yearFrom === null || r.yearFrom <= filter.year) && (r.yearTo === null || r.yearTo >= filter.year)))
    .map((r) => r.id)
    .sort();
}

describe('graph index', () => {
  const rows = rowsOf(7, 200, 2_000);
  const load = async (onColumns: (c: AdjacencyColumns) => void): Promise<void> => columnsOf(rows).forEach(onColumns);

  test('when ready, it answers the same relationships as filtering every row, for every direction and filter', async () => {
    const index = new KeptGraphIndex(load);
    await index.ready();
    const random = createRandom(11);
    const filters: AdjacencyFilter[] = [{}, { types: ['LENDS_TO'] }, { year: 2005 }, { types: ['HOSTS_BASE', 'ALLY_OF'], year: 1999 }, { types: ['NO_SUCH'] }];
    for (let trial = 0; trial < 30; trial += 1) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 5) }, () => `n${Math.floor(random() * 220)}`);
      for (const direction of ['out', 'in', 'any'] as Direction[]) {
        for (const filter of filters) {
          const got = index.adjacency(ids, direction, filter);
          expect(got).toBeDefined();
          expect(got?.map((r) => r.id).sort()).toEqual(expected(rows, ids, direction, filter));
        }
      }
    }
    const one = index.adjacency(['n1'], 'out', {})?.[0];
    const row = rows.find((r) => r.id === one?.id);
    expect(one).toEqual({ id: row?.id, type: row?.type, source: row?.source, target: row?.target });
    expect(index.locate(row?.id ?? '')).toEqual({
      type: row?.type,
      source: row?.source,
      target: row?.target,
      sourceKind: row?.sourceKind,
      targetKind: row?.targetKind,
      sourceOutDegree: rows.filter((r) => r.source === row?.source).length,
      targetInDegree: rows.filter((r) => r.target === row?.target).length,
    });
    expect(index.kindOf('n3')).toBe('Country');
  });

  test('the degree sum of some nodes counts every relationship touching them in the direction, unknown ids as none', async () => {
    const index = new KeptGraphIndex(load);
    expect(index.degreeSum(['n1'], 'any')).toBeUndefined();
    await index.ready();
    const ids = ['n1', 'n2', 'n3', 'no-such-node'];
    const count = (direction: Direction): number =>
      ids.reduce((sum, id) => sum + rows.filter((r) => (direction !== 'in' && r.source === id) || (direction !== 'out' && r.target === id)).length + (direction === 'any' ? rows.filter((r) => r.source === id && r.target === id).length : 0), 0);
    for (const direction of ['out', 'in', 'any'] as Direction[]) expect(index.degreeSum(ids, direction)).toBe(count(direction));
    expect(index.degreeSum(ids, 'any')).toBeGreaterThan(0);
  });

  test('before its first build and after invalidate, it answers nothing so the caller asks the engine', async () => {
    const index = new KeptGraphIndex(load);
    expect(index.adjacency(['n1'], 'any', {})).toBeUndefined();
    await index.ready();
    expect(index.adjacency(['n1'], 'any', {})).toBeDefined();
    index.invalidate();
    expect(index.adjacency(['n1'], 'any', {})).toBeUndefined();
    expect(index.locate('e1')).toBeUndefined();
  });

  test('a build that overlapped a write is thrown away and rebuilt', async () => {
    let builds = 0;
    const index: KeptGraphIndex = new KeptGraphIndex(async (onColumns) => {
      builds += 1;
      if (builds === 1) index.invalidate();
      columnsOf(rows).forEach(onColumns);
    });
    await index.ready();
    expect(builds).toBe(2);
    expect(index.adjacency(['n1'], 'any', {})).toBeDefined();
  });

  test('each relationship comes once, also a self-loop or one joining two of the nodes asked about', () => {
    const builder = new GraphIndexBuilder();
    const loop = [
      { id: 'loop', type: 'ALLY_OF', source: 'a', target: 'a', yearFrom: null, yearTo: null, sourceKind: 'Country', targetKind: 'Country' },
      { id: 'ab', type: 'ALLY_OF', source: 'a', target: 'b', yearFrom: null, yearTo: null, sourceKind: 'Country', targetKind: 'Country' },
      { id: 'ba', type: 'LENDS_TO', source: 'b', target: 'a', yearFrom: 2001, yearTo: 2001, sourceKind: 'Country', targetKind: 'Country' },
    ];
    columnsOf(loop).forEach((c) => builder.add(c));
    const index = builder.seal();
    expect(index.adjacency(['a', 'b', 'a'], 'any').map((r) => r.id).sort()).toEqual(['ab', 'ba', 'loop']);
    expect(index.adjacency(['a'], 'in', { year: 2001 }).map((r) => r.id).sort()).toEqual(['ba', 'loop']);
    expect(index.adjacency(['a'], 'in', { year: 2002 }).map((r) => r.id)).toEqual(['loop']);
    expect(index.locate('ba')).toMatchObject({ source: 'b', target: 'a', type: 'LENDS_TO', sourceOutDegree: 1, targetInDegree: 2 });
  });

  test('built in slices (a pause whenever the clock allows), it answers exactly what the one-turn build answers', async () => {
    const many = rowsOf(11, 3_000, 40_000);
    const whole = new GraphIndexBuilder();
    columnsOf(many, 20_000).forEach((c) => whole.add(c));
    const oneTurn = whole.seal();
    // A slice of 0 ms ends at every clock check: the most pauses the passes can make.
    const clock = new SliceClock(0);
    const sliced = new GraphIndexBuilder();
    let pauses = 0;
    for (const c of columnsOf(many, 20_000)) {
      const steps = sliced.addSteps(c, clock);
      while (!steps.next().done) pauses += 1;
    }
    const addPauses = pauses;
    const index = await sliced.sealInSteps(async () => {
      pauses += 1;
    }, clock);
    // Blocks paused every 1,024 rows; the seal paused in each pass over the relationships (the id hash included).
    expect(addPauses).toBeGreaterThanOrEqual(38);
    expect(pauses - addPauses).toBeGreaterThanOrEqual(40);
    expect(index.size).toBe(oneTurn.size);
    expect(index.byteSize()).toBe(oneTurn.byteSize());
    const ids = Array.from({ length: 300 }, (_, i) => `n${i * 10}`);
    for (const direction of ['out', 'in', 'any'] as const) {
      expect(index.adjacency(ids, direction, { year: 2005 })).toEqual(oneTurn.adjacency(ids, direction, { year: 2005 }));
    }
    for (const r of many.slice(0, 2_000)) expect(index.locate(r.id)).toEqual(oneTurn.locate(r.id));
  });

  test('its size stays within 48 bytes per relationship for short ids at 20k relationships', () => {
    const builder = new GraphIndexBuilder();
    columnsOf(rowsOf(3, 2_000, 20_000), 5_000).forEach((c) => builder.add(c));
    const index = builder.seal();
    expect(index.size).toBe(20_000);
    expect(index.byteSize() / index.size).toBeLessThan(48);
  });
});

describe('id table', () => {
  test('every id added is found again at its ordinal and given back as written, in any script', () => {
    const ids = ['dushanbe', 'Душанбе', '北京', 'emoji 🇹🇯', '', 'a'.repeat(500), ...Array.from({ length: 5_000 }, (_, i) => `n-${i}`)];
    const builder = new IdTableBuilder(4);
    const ordinals = ids.map((id) => builder.add(id));
    expect(ids.map((id) => builder.add(id))).toEqual(ordinals);
    const table = builder.seal();
    expect(table.size).toBe(ids.length);
    ids.forEach((id, i) => {
      expect(table.ordinalOf(id)).toBe(ordinals[i]);
      expect(table.at(ordinals[i] as number)).toBe(id);
    });
    expect(table.ordinalOf('n-5000')).toBe(-1);
    expect(table.ordinalOf('Душанб')).toBe(-1);
  });
});
