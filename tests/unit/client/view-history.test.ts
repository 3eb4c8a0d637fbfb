/**
 * Which view changes make a browser-history entry and which update the current one, and an entry's snapshot
 * putting its view back (client/src/state/url/view-history.ts).
 */
import type { Graph } from '../../../server/domain/graph-model';
import { initialAppState, type AppState } from '../../../client/src/state/app-state';
import { hideNodes } from '../../../client/src/state/canvas/canvas-state';
import { setYear, toggleKind } from '../../../client/src/state/filters/filters-state';
import { selectNode } from '../../../client/src/state/selection/selection-state';
import { startPathSearch, setPathResults } from '../../../client/src/state/paths/paths-state';
import { encodeUrlView } from '../../../client/src/state/url/url-state';
import {
  YEAR_COALESCE_MS,
  changedParams,
  chooseStep,
  markView,
  restoreViewSnapshot,
  takeViewSnapshot,
  type RecordedView,
} from '../../../client/src/state/url/view-history';

const node = (id: string) => ({ id, kind: 'Country', name: id, aliases: [], properties: {} });
const graph: Graph = { nodes: [node('a'), node('b'), node('c')], edges: [{ id: 'ab', type: 'ALLY_OF', source: 'a', target: 'b', properties: {}, sources: [] }] };
const loaded: AppState = { ...initialAppState, graph: { ...initialAppState.graph, graph, status: 'ready' } };

const recordedAt = (state: AppState, changedAt = 0, yearOnly = false): RecordedView => ({ mark: markView(state, encodeUrlView(state)), changedAt, yearOnly });
const stepTo = (from: RecordedView, state: AppState, now = 10_000) => chooseStep(from, markView(state, encodeUrlView(state)), now);

describe('which view changes make a history entry', () => {
  test('selecting a node, a legend switch, hiding a node and a first year change each push', () => {
    const start = recordedAt(loaded);
    expect(stepTo(start, selectNode('a')(loaded)).step).toBe('push');
    expect(stepTo(start, toggleKind('Country')(loaded)).step).toBe('push');
    expect(stepTo(start, hideNodes(['c'])(loaded)).step).toBe('push');
    expect(stepTo(start, setYear(2010)(loaded))).toEqual({ step: 'push', yearOnly: true });
  });

  test('nothing the URL or the canvas content holds changed: no step', () => {
    expect(stepTo(recordedAt(loaded), { ...loaded, console: { ...loaded.console, open: true } }).step).toBe('none');
  });

  test('a year changed again soon after a year change replaces (a dragged slider), later it pushes', () => {
    const in2010 = setYear(2010)(loaded);
    const dragged = recordedAt(in2010, 9_500, true);
    expect(stepTo(dragged, setYear(2011)(in2010), 9_500 + YEAR_COALESCE_MS - 1).step).toBe('replace');
    expect(stepTo(dragged, setYear(2011)(in2010), 9_500 + YEAR_COALESCE_MS + 1).step).toBe('push');
    // Not a drag: the year changed right after another kind of change.
    expect(stepTo(recordedAt(in2010, 9_500, false), setYear(2011)(in2010), 9_600).step).toBe('push');
  });

  test('the play button replaces at every step', () => {
    const playing: AppState = { ...setYear(2010)(loaded), filters: { ...setYear(2010)(loaded).filters, playing: true } };
    expect(stepTo(recordedAt(playing, 0, false), setYear(2011)(playing), 50_000).step).toBe('replace');
  });

  test('a path search under way is completed by its answer in the same entry', () => {
    const a = node('a');
    const b = node('b');
    const asked = startPathSearch({ from: a, to: b, maxHops: 3, types: [], categories: [], direction: 'any', year: null, metonyms: true })(loaded);
    expect(stepTo(recordedAt(loaded), asked).step).toBe('push');
    const answered = setPathResults([{ nodes: [a, b], edges: graph.edges }])(asked);
    expect(changedParams(encodeUrlView(asked), encodeUrlView(answered))).toEqual(['path']);
    expect(stepTo(recordedAt(asked), answered).step).toBe('replace');
    // Once answered, choosing another node is a new view again.
    expect(stepTo(recordedAt(answered), selectNode('b')(answered)).step).toBe('push');
  });
});

describe('an entry snapshot', () => {
  test('puts back canvas content, hides, paths, selection and filters, without re-centring', () => {
    const before = selectNode('a')(hideNodes(['c'])(loaded));
    const snapshot = takeViewSnapshot(before);
    const after = setYear(2012)(toggleKind('Country')({ ...before, graph: { ...before.graph, graph: { nodes: [node('z')], edges: [] } }, canvas: { ...before.canvas, hidden: [] } }));
    const restored = restoreViewSnapshot(snapshot)(selectNode('z')(after));
    expect(restored.graph.graph).toBe(graph);
    expect(restored.canvas.hidden).toEqual(['c']);
    expect(restored.filters).toEqual({ ...before.filters, playing: false });
    expect(restored.selection.current).toEqual(before.selection.current);
    expect(restored.selection.centre).toBe(false);
    expect(encodeUrlView(restored)).toBe(encodeUrlView(before));
  });
});
