/**
 * The view in the address bar: focus, path query (ends, hops, types, categories, direction, city itself, chosen path),
 * year, legend filters and the camera (zoom and the model point at the canvas centre), so a shared link reopens
 * the same view. Pure encoding and decoding; history-sync.ts writes the URL (a history entry per view) and
 * url-replay.ts replays a decoded one on start and on Back/Forward.
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
  readonly camera: Camera | null;
  /** Parameters present but malformed or out of range, ignored (the caller says so, calmly). */
  readonly ignored: readonly string[];
}

/**
 * Where the canvas looks: the zoom and the model point at the centre of the canvas. The centre rather than
 * Cytoscape's pan (a screen offset) so a link opens on the same place on a screen of another size.
 */
export interface Camera {
  readonly zoom: number;
  readonly x: number;
  readonly y: number;
}

/** The zoom range a URL may ask for (Cytoscape clamps further to the drawing's own limits). */
export const URL_ZOOM_MIN = 0.01;
export const URL_ZOOM_MAX = 10;
/** How far from the origin a camera centre may be (model units); beyond, the value is not a real view. */
const URL_COORDINATE_MAX = 10_000_000;
/** Parameters holding the camera: history-sync.ts compares views without them. */
export const CAMERA_PARAMS = ['zoom', 'x', 'y'] as const;

/** A camera as the URL writes it: the zoom to 3 decimals, the centre to whole model units. */
export function roundCamera(camera: Camera): Camera {
  return { zoom: Math.round(camera.zoom * 1000) / 1000, x: Math.round(camera.x), y: Math.round(camera.y) };
}

// Listed here, not imported from graph-model: a value import from there would pull zod into the bundle.
const DIRECTIONS: readonly Direction[] = ['out', 'in', 'any'];

const list = (value: string | null): string[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);

function intIn(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function numberIn(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^-?\d+(\.\d+)?$/.test(value)) return null;
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
  const year = intIn(params.get('year'), 1000, 2999);
  const zoom = numberIn(params.get('zoom'), URL_ZOOM_MIN, URL_ZOOM_MAX);
  const x = numberIn(params.get('x'), -URL_COORDINATE_MAX, URL_COORDINATE_MAX);
  const y = numberIn(params.get('y'), -URL_COORDINATE_MAX, URL_COORDINATE_MAX);
  const camera = zoom !== null && x !== null && y !== null ? { zoom, x, y } : null;
  const ignored: string[] = [];
  const bad = (name: string, accepted: boolean): void => {
    if (params.has(name) && !accepted) ignored.push(name);
  };
  bad('focus', focus !== null && focus.length > 0);
  bad('from', path !== null);
  bad('to', path !== null);
  if (path !== null) {
    bad('hops', intIn(params.get('hops'), MIN_HOPS, MAX_HOPS) !== null);
    bad('dir', (DIRECTIONS as readonly string[]).includes(direction ?? ''));
    bad('path', intIn(params.get('path'), 1, 50) !== null);
  }
  bad('year', year !== null);
  // The camera is whole or not at all: a zoom without its centre cannot place the view.
  for (const name of CAMERA_PARAMS) bad(name, camera !== null);
  return {
    focus: focus !== null && focus.length > 0 ? focus : null,
    path,
    year,
    hiddenKinds: list(params.get('hideKinds')),
    hiddenCategories: list(params.get('hideCats')),
    camera,
    ignored,
  };
}

/** The query string (with "?", or "" for the plain overview) describing the current view, and `camera` when given. */
export function encodeUrlView(state: AppState, camera: Camera | null = null): string {
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
  return withCamera(params.toString().length > 0 ? `?${params.toString()}` : '', camera);
}

/** A URL query (with "?", or "") with `camera`'s parameters set, rounded; unchanged when there is none. */
export function withCamera(search: string, camera: Camera | null): string {
  if (camera === null) return search;
  const params = new URLSearchParams(search);
  const rounded = roundCamera(camera);
  params.set('zoom', String(rounded.zoom));
  params.set('x', String(rounded.x));
  params.set('y', String(rounded.y));
  return `?${params.toString()}`;
}
