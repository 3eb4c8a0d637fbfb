/**
 * The view in the address bar: focus, path query (ends, hops, types, categories, direction, city itself, chosen path),
 * year and legend filters, so a shared link reopens the same view. Pure encoding and decoding; main.ts
 * writes the URL on every change and replays a decoded one on start.
 */
import type { Direction } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';
import { MAX_HOPS, MIN_HOPS } from '../paths/paths-state';

export interface UrlView {
  readonly focus: string | null;
  readonly path: {
    readonly from: string;
    readonly to: string;
    readonly maxHops: number;
    readonly types: readonly string[];
    readonly categories: readonly string[];
    readonly direction: Direction;
    /** A capital traced as the city itself (metonyms off). */
    readonly cityItself: boolean;
    /** Which ranked path is highlighted. */
    readonly active: number;
  } | null;
  readonly year: number | null;
  readonly hiddenKinds: readonly string[];
  readonly hiddenCategories: readonly string[];
}

// Listed here, not imported from graph-model: a value import from there would pull zod into the bundle.
const DIRECTIONS: readonly Direction[] = ['out', 'in', 'any'];

const list = (value: string | null): string[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);

function intIn(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** The view a URL query string describes; anything malformed is ignored rather than trusted. */
export function decodeUrlView(search: string): UrlView {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const direction = params.get('dir');
  const path =
    from !== null && to !== null && from.length > 0 && to.length > 0 && from !== to
      ? {
          from,
          to,
          maxHops: intIn(params.get('hops'), MIN_HOPS, MAX_HOPS) ?? 3,
          types: list(params.get('types')),
          categories: list(params.get('cats')),
          direction: (DIRECTIONS as readonly string[]).includes(direction ?? '') ? (direction as Direction) : 'any',
          cityItself: params.get('city') === '1',
          active: intIn(params.get('path'), 1, 50) !== null ? Number(params.get('path')) - 1 : 0,
        }
      : null;
  const focus = params.get('focus');
  return {
    focus: focus !== null && focus.length > 0 ? focus : null,
    path,
    year: intIn(params.get('year'), 1000, 2999),
    hiddenKinds: list(params.get('hideKinds')),
    hiddenCategories: list(params.get('hideCats')),
  };
}

/** The query string (with "?", or "" for the plain overview) describing the current view. */
export function encodeUrlView(state: AppState): string {
  const params = new URLSearchParams();
  const selection = state.selection.current;
  if (selection.kind === 'node') params.set('focus', selection.id);
  const query = state.paths.query;
  if (query !== null && state.paths.status !== 'failed') {
    params.set('from', query.from.id);
    params.set('to', query.to.id);
    params.set('hops', String(query.maxHops));
    if (query.types.length > 0) params.set('types', query.types.join(','));
    if (query.categories.length > 0) params.set('cats', query.categories.join(','));
    if (query.direction !== 'any') params.set('dir', query.direction);
    if (!query.metonyms) params.set('city', '1');
    if (state.paths.active !== null) params.set('path', String(state.paths.active + 1));
  }
  if (state.filters.year !== null) params.set('year', String(state.filters.year));
  if (state.filters.hiddenKinds.length > 0) params.set('hideKinds', state.filters.hiddenKinds.join(','));
  if (state.filters.hiddenCategories.length > 0) params.set('hideCats', state.filters.hiddenCategories.join(','));
  const text = params.toString();
  return text.length > 0 ? `?${text}` : '';
}
