/**
 * Browser history as a list of views: which state changes make a new history entry (a node selected, a path
 * traced, an expansion, a filter or the year changed) and which only update the current one (the camera, a
 * year slider dragged or played, the answer of a path search under way), and the snapshot of the view each
 * entry keeps so Back and Forward put it back exactly, canvas content included. Pure; history-sync.ts applies it.
 */
import type { Graph } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';
import type { FiltersState } from '../filters/filters-state';
import type { PathsState } from '../paths/paths-state';
import type { Selection } from '../selection/selection-state';

/** What a history entry remembers of its view, beyond the URL: enough to draw it again without the API. */
export interface ViewSnapshot {
  readonly graph: Graph | null;
  readonly hidden: readonly string[];
  readonly pinned: readonly string[];
  readonly paths: PathsState;
  readonly selection: Selection;
  readonly filters: FiltersState;
}

/** The view as history compares it: its URL without the camera, and the identity of the canvas content. */
export interface ViewMark {
  /** The URL query without camera parameters. */
  readonly search: string;
  /** The canvas content (same objects = same content: producers replace, never mutate). */
  readonly graph: Graph | null;
  readonly hidden: readonly string[];
  /** A path search is under way: its answer (or failure) completes this view rather than making another. */
  readonly provisional: boolean;
  /** The year slider is playing: each step updates the entry. */
  readonly playing: boolean;
}

/** What the current entry last recorded, and when and how it last changed. */
export interface RecordedView {
  readonly mark: ViewMark;
  readonly changedAt: number;
  /** True when the last change was the year alone (a slider being dragged coalesces into one entry). */
  readonly yearOnly: boolean;
}

export type HistoryStep = 'none' | 'replace' | 'push';

/** Year changes this close together are one gesture (dragging the slider, the arrow keys held down). */
export const YEAR_COALESCE_MS = 1_000;

export function takeViewSnapshot(state: AppState): ViewSnapshot {
  return {
    graph: state.graph.graph,
    hidden: state.canvas.hidden,
    pinned: state.canvas.pinned,
    paths: state.paths,
    selection: state.selection.current,
    filters: state.filters,
  };
}

export function markView(state: AppState, search: string): ViewMark {
  return {
    search,
    graph: state.graph.graph,
    hidden: state.canvas.hidden,
    provisional: state.paths.status === 'loading',
    playing: state.filters.playing,
  };
}

/** The parameters whose values differ between two URL queries. */
export function changedParams(a: string, b: string): string[] {
  const pa = new URLSearchParams(a);
  const pb = new URLSearchParams(b);
  const names = new Set([...pa.keys(), ...pb.keys()]);
  return [...names].filter((name) => pa.get(name) !== pb.get(name)).sort();
}

/**
 * Whether going from the recorded view to `next` (at time `now`) makes a new history entry, updates the
 * current one, or changes nothing history keeps (the camera is written apart, debounced).
 */
export function chooseStep(recorded: RecordedView, next: ViewMark, now: number): { step: HistoryStep; yearOnly: boolean } {
  const { mark } = recorded;
  const sameContent = mark.graph === next.graph && mark.hidden === next.hidden;
  if (mark.search === next.search && sameContent) return { step: 'none', yearOnly: recorded.yearOnly };
  // A path search under way: its answer and the canvas it draws belong to the entry that asked.
  if (mark.provisional) return { step: 'replace', yearOnly: false };
  const changed = changedParams(mark.search, next.search);
  const yearOnly = sameContent && changed.length === 1 && changed[0] === 'year';
  if (yearOnly && (next.playing || mark.playing || (recorded.yearOnly && now - recorded.changedAt < YEAR_COALESCE_MS))) {
    return { step: 'replace', yearOnly: true };
  }
  return { step: 'push', yearOnly };
}

/**
 * The state with an entry's view put back: canvas content, hides and pins, paths, selection (not re-centred:
 * the entry's camera follows) and filters. The undo history is left alone, and the layout request is not
 * renewed, so nodes drawn before keep their places.
 */
export function restoreViewSnapshot(snapshot: ViewSnapshot): (state: AppState) => AppState {
  return (state) => ({
    ...state,
    graph: snapshot.graph === null ? state.graph : { ...state.graph, graph: snapshot.graph, status: 'ready' },
    canvas: { ...state.canvas, hidden: snapshot.hidden, pinned: snapshot.pinned, expansion: null },
    paths: snapshot.paths,
    selection: { current: snapshot.selection, revision: state.selection.revision + 1, centre: false },
    filters: { ...snapshot.filters, playing: false },
  });
}
