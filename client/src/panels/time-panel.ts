/**
 * The year slider: the graph as it was in one year (claims that did not hold then, by the evidence rule of
 * server/domain/validity.ts, and the nodes left without any claim are taken off the canvas; paths and
 * expansions are asked for that year), "All years" to drop the filter, and a play button that
 * steps through the span of the sources one year at a time.
 */
import type { ActionContext, AppState } from '../state/app-state';
import { nextPlayYear, setPlaying, setYear, type FiltersState } from '../state/filters/filters-state';
import { findPaths } from '../state/paths/paths-actions';
import { h } from './dom';

export interface TimePanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
}

/** How long each year stays on screen while playing. */
export const PLAY_STEP_MS = 900;

export function createTimePanel(context: ActionContext): TimePanel {
  const { store } = context;
  const slider = h('input', { className: 'year-slider', attrs: { id: 'year-slider', type: 'range', step: '1', 'aria-label': 'Year' } });
  const output = h('output', { className: 'year-value', attrs: { id: 'year-value', for: 'year-slider', 'aria-live': 'polite' } }, 'All years');
  const allYears = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', id: 'year-all' } }, 'All years');
  const play = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', id: 'year-play', 'aria-pressed': 'false' } }, '▶ Play');
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'time-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'time-heading' } }, 'Time'),
    h('div', { className: 'year-row' }, slider, output),
    h('div', { className: 'year-buttons' }, play, allYears),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Applies a year; a traced path is traced again, so the listed paths are those that held that year. */
  function changeYear(year: number | null): void {
    const before = store.get().filters.year;
    store.update(setYear(year));
    if (before !== year && store.get().paths.query !== null) void findPaths(context);
  }

  slider.addEventListener('input', () => changeYear(Number(slider.value)));
  allYears.addEventListener('click', () => {
    store.update(setPlaying(false));
    changeYear(null);
  });
  play.addEventListener('click', () => store.update(setPlaying(!store.get().filters.playing)));

  function step(): void {
    const { filters, graph } = store.get();
    const span = graph.vocabulary?.years;
    if (!filters.playing || span === null || span === undefined) return;
    const next = nextPlayYear(filters.year === null || filters.year >= span.to ? null : filters.year, span);
    if (next === null) {
      store.update(setPlaying(false));
      return;
    }
    changeYear(next);
    timer = setTimeout(step, PLAY_STEP_MS);
  }

  let drawn: FiltersState | null = null;
  let drawnSpan: unknown = null;
  return {
    element,
    render(state) {
      const span = state.graph.vocabulary?.years ?? null;
      if (state.filters === drawn && span === drawnSpan) return;
      const wasPlaying = drawn?.playing ?? false;
      drawn = state.filters;
      drawnSpan = span;
      element.hidden = span === null;
      if (span === null) return;
      slider.min = String(span.from);
      slider.max = String(span.to);
      const year = state.filters.year;
      slider.value = String(year ?? span.to);
      slider.classList.toggle('is-off', year === null);
      output.textContent = year === null ? `All years (${span.from}–${span.to})` : String(year);
      allYears.disabled = year === null;
      play.textContent = state.filters.playing ? '❚❚ Pause' : '▶ Play';
      play.setAttribute('aria-pressed', String(state.filters.playing));
      if (state.filters.playing && !wasPlaying) {
        clearTimeout(timer);
        // Stepped outside this render: a step changes the state, which must not happen while rendering.
        timer = setTimeout(step, 0);
      } else if (!state.filters.playing) {
        clearTimeout(timer);
      }
    },
  };
}
