/**
 * Level of detail: how much the view draws for its size. Small views (the seed graph) are drawn in full:
 * bezier edges with arrows, every label with its halo, a force layout run on the main thread. Large views
 * switch to what keeps an overview fluid, each measured by `npm run bench:client`: every element drawn by a
 * plain canvas layer (overview-layer.ts) with only the interactive and highlighted ones handed to Cytoscape
 * (overview-drawing.ts), labels only once zoomed in far enough to read them, no label halos or node borders, and while the user pans or zooms, a texture of the last
 * frame instead of a redraw.
 */
import type cytoscape from 'cytoscape';
import type { RendererName } from './renderer-choice';

export const DETAIL_TIERS = ['full', 'overview'] as const;
export type DetailTier = (typeof DETAIL_TIERS)[number];

/** From this many elements (nodes + edges) a view is drawn as an overview and laid out in the worker. */
export const OVERVIEW_MIN_ELEMENTS = 1000;

/** Node size (see nodeSize) from which an overview names the node: 25 links or more. */
export const HUB_MIN_SIZE = 43;
/** The class the overview gives the nodes in view when zoomed in (overview-drawing.ts), so their names show. */
export const LABELLED_CLASS = 'labelled';
/** Zoom from which the nodes in view are named: a 12 px name is then at least 10 px on screen. */
export const LABEL_ZOOM = 0.85;
/** At most this many nodes are named at once; beyond that the view is not zoomed in enough to read them. */
export const LABEL_MAX_NODES = 600;

/** The tier for a view of `elementCount` nodes and edges. */
export function detailTierFor(elementCount: number): DetailTier {
  return elementCount >= OVERVIEW_MIN_ELEMENTS ? 'overview' : 'full';
}

/** The renderer settings Cytoscape takes at construction, for a tier and a renderer. */
export function rendererOptionsFor(tier: DetailTier, renderer: RendererName): cytoscape.CytoscapeOptions {
  const webgl: cytoscape.CytoscapeOptions = renderer === 'webgl' ? ({ renderer: { name: 'canvas', webgl: true } } as cytoscape.CytoscapeOptions) : {};
  if (tier === 'full') return webgl;
  return {
    ...webgl,
    // Pan and zoom move a snapshot of the last frame; the real redraw happens once the gesture stops.
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    // Motion blur draws every frame twice; on thousands of elements that halves the frame rate.
    motionBlur: false,
    // Device-pixel ratio 1: on a 2x screen a full-resolution overview costs four times the pixels for detail
    // nobody can read at that zoom.
    pixelRatio: 1,
  };
}

type StyleBlock = Record<string, unknown>;

const isTextProperty = (key: string): boolean =>
  key === 'label' || key === 'color' || key.startsWith('text-') || key.startsWith('font-') || key === 'min-zoomed-font-size';

function splitText(style: StyleBlock): { text: StyleBlock; rest: StyleBlock } {
  const text: StyleBlock = {};
  const rest: StyleBlock = {};
  for (const [key, value] of Object.entries(style)) (isTextProperty(key) ? text : rest)[key] = value;
  return { text, rest };
}

/**
 * What an overview changes in the base `node` and `edge` rules (their text properties move to the rules of the
 * labelled elements). Properties whose Cytoscape default is what an overview wants are left unset rather than
 * set, since each one set costs its change triggers on every element: no border (default width 0). Edges are
 * drawn by the overview layer (overview-layer.ts), so the base edge rule only hides them, and everything else the base
 * rule set moves to the rule of the few edges Cytoscape still shows (hovered, selected, near the selection, on
 * a path), which keep their arrows and bezier curves.
 */
const OVERVIEW_NODE: StyleBlock = {};
const OVERVIEW_NODE_UNSET = ['border-width', 'border-color'];
const OVERVIEW_EDGE: StyleBlock = { display: 'none' };
/** The class that shows an overview's edges in Cytoscape while a PNG or SVG of the view is made. */
export const EXPORT_EDGES_CLASS = 'in-image-export';

function without(style: StyleBlock, keys: readonly string[]): StyleBlock {
  return Object.fromEntries(Object.entries(style).filter(([key]) => !keys.includes(key)));
}
const LABELLED_NODES = `node[size >= ${HUB_MIN_SIZE}], node.${LABELLED_CLASS}, node.hover, node.is-selected, node.on-path`;
const LABELLED_EDGES = 'edge.hover, edge.near-selection, edge.on-path, edge.is-selected';

/**
 * The base stylesheet rewritten for a tier. On an overview, the base `node` and `edge` rules lose their text
 * properties, which move to rules for the few elements that show a label (hubs, nodes in view when zoomed in,
 * hovered, selected or on the path): Cytoscape applies every property of every matching rule to every element,
 * firing change triggers each time, so on thousands of elements the number of properties set is what the
 * first draw costs. For the same reason the overview's values are merged into the base rules, not added as
 * later rules that would set curve-style twice. The new rules go right after the base `edge` rule, before the
 * state rules (selected, on the path), so those still win.
 */
export function withTierStyles(base: cytoscape.StylesheetJson, tier: DetailTier): cytoscape.StylesheetJson {
  if (tier === 'full') return base;
  const blocks = base as unknown as { selector: string; style: StyleBlock }[];
  const nodeRule = blocks.find((rule) => rule.selector === 'node');
  const edgeRule = blocks.find((rule) => rule.selector === 'edge');
  const nodeStyle = splitText(nodeRule?.style ?? {});
  const edgeStyle = splitText(edgeRule?.style ?? {});
  const added = [
    // Names once zoomed in far enough to read them, not as thousands of specks at overview zoom.
    { selector: LABELLED_NODES, style: { ...nodeStyle.text, 'text-background-opacity': 0, 'min-zoomed-font-size': 9 } },
    { selector: LABELLED_EDGES, style: { ...edgeStyle.rest, ...edgeStyle.text, label: 'data(type)', display: 'element', opacity: 1 } },
    // A PNG or SVG of the view is drawn by Cytoscape alone, without the edge layer: while one is made every edge
    // is shown by Cytoscape (EXPORT_EDGES_CLASS, cytoscape-view.ts), or the picture would have no edges.
    { selector: `edge.${EXPORT_EDGES_CLASS}`, style: { ...edgeStyle.rest, display: 'element' } },
  ];
  const rewritten = blocks.flatMap((rule) => {
    if (rule === nodeRule) return [{ selector: 'node', style: { ...without(nodeStyle.rest, OVERVIEW_NODE_UNSET), ...OVERVIEW_NODE } }];
    if (rule === edgeRule) return [{ selector: 'edge', style: OVERVIEW_EDGE }, ...added];
    return [rule];
  });
  return rewritten as unknown as cytoscape.StylesheetJson;
}
