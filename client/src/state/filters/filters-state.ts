/**
 * What the user chose to see: a year (the graph as it was then; null = every year) and the node kinds and
 * edge categories switched off in the legend. The drawn graph is derived from the canvas with these
 * (drawn-graph.ts), so a filtered-out edge is not drawn at all rather than styled invisible.
 */
import type { AppState } from '../app-state';

export interface FiltersState {
  readonly year: number | null;
  readonly hiddenKinds: readonly string[];
  readonly hiddenCategories: readonly string[];
  /** True while the play button steps through the years. */
  readonly playing: boolean;
}

export const initialFiltersState: FiltersState = { year: null, hiddenKinds: [], hiddenCategories: [], playing: false };

function withFilters(state: AppState, filters: Partial<FiltersState>): AppState {
  return { ...state, filters: { ...state.filters, ...filters } };
}

export function setYear(year: number | null): (state: AppState) => AppState {
  return (state) => (state.filters.year === year ? state : withFilters(state, { year }));
}

export function setPlaying(playing: boolean): (state: AppState) => AppState {
  return (state) => (state.filters.playing === playing ? state : withFilters(state, { playing }));
}

function toggle(list: readonly string[], value: string): readonly string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value].sort();
}

export function toggleKind(kind: string): (state: AppState) => AppState {
  return (state) => withFilters(state, { hiddenKinds: toggle(state.filters.hiddenKinds, kind) });
}

export function toggleCategory(category: string): (state: AppState) => AppState {
  return (state) => withFilters(state, { hiddenCategories: toggle(state.filters.hiddenCategories, category) });
}

export function setHiddenFilters(hiddenKinds: readonly string[], hiddenCategories: readonly string[]): (state: AppState) => AppState {
  return (state) => withFilters(state, { hiddenKinds: [...hiddenKinds].sort(), hiddenCategories: [...hiddenCategories].sort() });
}

/** The next year of the play button: one step on, or null when the last year has been shown. */
export function nextPlayYear(current: number | null, span: { from: number; to: number }): number | null {
  if (current === null || current >= span.to) return current === null ? span.from : null;
  return current + 1;
}
