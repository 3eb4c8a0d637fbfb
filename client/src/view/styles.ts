/**
 * How the graph looks: a colour and a shape per node kind (a known palette, then a deterministic colour from
 * a hash for kinds nobody planned for, so a new kind is drawn the same way on every load), and the Cytoscape
 * stylesheet for the states the view sets as classes (selected, on the highlighted path, faded, hovered).
 */
import type cytoscape from 'cytoscape';

export type NodeShape = cytoscape.Css.NodeShape;

export interface KindStyle {
  readonly color: string;
  readonly shape: NodeShape;
}

/**
 * The kinds of graph-seed/vocabulary.json. Related kinds share a family of hues (state actors blue, military
 * red, organisations purple, acts pink) and every kind has its own shape, so colour is not the only cue.
 * Colours are mid-tone so both the white label halo and the dark selection border stay readable on them.
 */
const KNOWN_KINDS: Readonly<Record<string, KindStyle>> = {
  Country: { color: '#2f6fde', shape: 'round-rectangle' },
  GovernmentBody: { color: '#1e3a8a', shape: 'rectangle' },
  City: { color: '#0f9d8a', shape: 'diamond' },
  Region: { color: '#4b8fa8', shape: 'octagon' },
  NaturalFeature: { color: '#65a30d', shape: 'round-triangle' },
  MilitaryBase: { color: '#c8413a', shape: 'triangle' },
  MilitaryUnit: { color: '#8e2c2c', shape: 'vee' },
  MilitantGroup: { color: '#3f3f46', shape: 'concave-hexagon' },
  InternationalOrganization: { color: '#7c4dcc', shape: 'hexagon' },
  ThinkTank: { color: '#8a6d3b', shape: 'barrel' },
  MediaOutlet: { color: '#0891b2', shape: 'tag' },
  Infrastructure: { color: '#475569', shape: 'cut-rectangle' },
  Project: { color: '#15803d', shape: 'round-tag' },
  Person: { color: '#e08a1e', shape: 'ellipse' },
  Group: { color: '#a4508b', shape: 'pentagon' },
  Event: { color: '#b8860b', shape: 'star' },
  Agreement: { color: '#d04f8f', shape: 'rhomboid' },
  Policy: { color: '#9d174d', shape: 'bottom-round-rectangle' },
  Language: { color: '#78716c', shape: 'heptagon' },
  // Not an entity: a source document the console returned. A page with a folded corner (DOCUMENT_PAGE).
  SourceDocument: { color: '#52525b', shape: 'polygon' },
};

/** The outline of a page with its top right corner folded, in Cytoscape's polygon units (-1..1). */
const DOCUMENT_PAGE = '-0.72 -1 0.38 -1 0.72 -0.62 0.72 1 -0.72 1';

// Shapes no known kind uses, so an unplanned kind never looks like a planned one.
const FALLBACK_SHAPES: readonly NodeShape[] = ['round-octagon', 'round-heptagon', 'round-pentagon', 'round-hexagon'];

/** FNV-1a, 32 bit: small, fast and stable across browsers, which is all a colour pick needs. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The colour and shape of a node kind; the same kind always gets the same style. */
export function styleForKind(kind: string): KindStyle {
  const known = KNOWN_KINDS[kind];
  if (known !== undefined) return known;
  const hash = hashString(kind);
  // Saturation and lightness fixed at mid values keep any hue legible under white label halos.
  const hue = hash % 360;
  const shape = FALLBACK_SHAPES[(hash >>> 9) % FALLBACK_SHAPES.length] ?? 'ellipse';
  return { color: `hsl(${hue}, 55%, 45%)`, shape };
}

/** CSS clip-path polygons approximating the node shapes, so the HTML legend matches the canvas. */
const SHAPE_CLIP_PATHS: Partial<Record<NodeShape, string>> = {
  diamond: 'polygon(50% 0, 100% 50%, 50% 100%, 0 50%)',
  'round-diamond': 'polygon(50% 0, 100% 50%, 50% 100%, 0 50%)',
  triangle: 'polygon(50% 0, 100% 100%, 0 100%)',
  'round-triangle': 'polygon(50% 0, 100% 100%, 0 100%)',
  hexagon: 'polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)',
  'concave-hexagon': 'polygon(0 0, 100% 0, 85% 50%, 100% 100%, 0 100%, 15% 50%)',
  octagon: 'polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)',
  'round-octagon': 'polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)',
  'round-heptagon': 'polygon(50% 0, 90% 20%, 100% 60%, 75% 100%, 25% 100%, 0 60%, 10% 20%)',
  pentagon: 'polygon(50% 0, 100% 38%, 82% 100%, 18% 100%, 0 38%)',
  'round-pentagon': 'polygon(50% 0, 100% 38%, 82% 100%, 18% 100%, 0 38%)',
  'round-hexagon': 'polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)',
  heptagon: 'polygon(50% 0, 90% 20%, 100% 60%, 75% 100%, 25% 100%, 0 60%, 10% 20%)',
  tag: 'polygon(0 0, 75% 0, 100% 50%, 75% 100%, 0 100%)',
  star: 'polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%)',
  rhomboid: 'polygon(25% 0, 100% 0, 75% 100%, 0 100%)',
  'round-tag': 'polygon(0 0, 75% 0, 100% 50%, 75% 100%, 0 100%)',
  'cut-rectangle': 'polygon(20% 0, 80% 0, 100% 20%, 100% 80%, 80% 100%, 20% 100%, 0 80%, 0 20%)',
  vee: 'polygon(0 0, 50% 40%, 100% 0, 50% 100%)',
  polygon: 'polygon(14% 0, 69% 0, 86% 19%, 86% 100%, 14% 100%)',
};

/** A CSS rendering of a kind's shape: clip-path and border-radius for a small legend swatch. */
export function swatchCss(shape: NodeShape): { clipPath: string; borderRadius: string } {
  if (shape === 'ellipse') return { clipPath: 'none', borderRadius: '50%' };
  if (shape === 'rectangle') return { clipPath: 'none', borderRadius: '0' };
  if (shape === 'barrel' || shape === 'round-rectangle') return { clipPath: 'none', borderRadius: '30%' };
  if (shape === 'bottom-round-rectangle') return { clipPath: 'none', borderRadius: '0 0 35% 35%' };
  return { clipPath: SHAPE_CLIP_PATHS[shape] ?? 'none', borderRadius: '0' };
}

/**
 * Edge colour by relationship category (the seven of graph-seed/vocabulary.json): hues far apart from each
 * other, and muted, so the amber of a highlighted path still stands out on top of them.
 */
export const CATEGORY_COLORS: Readonly<Record<string, string>> = {
  military: '#d0625b',
  economic: '#3f9d5a',
  diplomatic: '#5b8de0',
  political: '#9a77d6',
  social: '#c99a3d',
  cultural: '#d470a6',
  environmental: '#7fb03a',
};

/** The colour of a category's edges; an unknown category gets the plain edge grey. */
export function colorForCategory(category: string): string {
  return CATEGORY_COLORS[category] ?? '#9aa5b4';
}

/**
 * Claim statuses drawn apart from a plain reported claim, weakest last: a retracted claim is grey, dotted and
 * crossed (a bar mid-line), so it never reads as holding; a disputed one is dashed; an alleged one finely
 * dotted; a planned one long-dashed and lighter. The legend draws the same line styles (statusLineStyle).
 */
export const STYLED_STATUSES: readonly string[] = ['retracted', 'disputed', 'alleged', 'planned'];

/** The CSS border style of a status's line in the legend, matching the canvas. */
export function statusLineStyle(status: string): { style: 'dotted' | 'dashed'; color: string } {
  return status === 'retracted' ? { style: 'dotted', color: RETRACTED_GREY } : status === 'alleged' ? { style: 'dotted', color: EDGE_GREY } : { style: 'dashed', color: EDGE_GREY };
}

const RETRACTED_GREY = '#8b95a3';

function statusRules(): cytoscape.StylesheetJson {
  return [
    { selector: 'edge[status = "disputed"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 4] } },
    { selector: 'edge[status = "alleged"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [2, 3] } },
    { selector: 'edge[status = "planned"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [10, 6], opacity: 0.6 } },
    {
      selector: 'edge[status = "retracted"]',
      style: {
        'line-style': 'dotted',
        'line-color': RETRACTED_GREY,
        'target-arrow-color': RETRACTED_GREY,
        'mid-target-arrow-shape': 'tee',
        'mid-target-arrow-color': RETRACTED_GREY,
        'arrow-scale': 1.1,
        opacity: 0.55,
      },
    },
  ];
}

/** Rules for what the explorer marks on elements: category colour, pinned nodes. Kept apart from the base rules. */
function explorerRules(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'edge[categoryColor]',
      style: { 'line-color': 'data(categoryColor)', 'target-arrow-color': 'data(categoryColor)' },
    },
    {
      selector: 'node.is-pinned',
      style: { 'border-style': 'double', 'border-width': 4, 'border-color': '#111827' },
    },
  ];
}

const INK = '#1f2937';
const EDGE_GREY = '#9aa5b4';
const PATH_AMBER = '#e8930c';
const SELECTION = '#111827';
const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';

/** The Cytoscape stylesheet; node colour and shape come from element data set by to-cytoscape-elements. */
export function createStylesheet(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': (ele: cytoscape.NodeSingular) => String(ele.data('color')),
        shape: (ele: cytoscape.NodeSingular) => ele.data('shape') as NodeShape,
        width: 'data(size)',
        height: 'data(size)',
        'border-width': 1.5,
        'border-color': '#ffffff',
        label: 'data(label)',
        'font-family': FONT,
        // Hubs get larger names, so at the overview zoom their labels stay above the minimum size and show.
        'font-size': 'mapData(size, 18, 60, 11, 22)',
        color: INK,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 7,
      },
    },
    {
      // A source document is a page, slightly taller than wide, so it never reads as an entity.
      selector: 'node[kind = "SourceDocument"]',
      // Titles are long: one line, cut with an ellipsis (the details panel has the whole title).
      style: { 'shape-polygon-points': DOCUMENT_PAGE, 'font-style': 'italic', 'text-wrap': 'ellipsis', 'text-max-width': '150px' },
    },
    {
      // Countries carry the story (the four powers and Tajikistan): their names stay legible from further out.
      selector: 'node[kind = "Country"]',
      style: { 'font-weight': 'bold' },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': EDGE_GREY,
        'target-arrow-color': EDGE_GREY,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        opacity: 0.85,
        label: '',
        'font-family': FONT,
        'font-size': 9,
        color: '#374151',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': '1px',
      },
    },
    ...explorerRules(),
    ...statusRules(),
    {
      // Edge types appear only where the user is looking, so the overview stays free of label clutter.
      selector: 'edge.hover, edge.near-selection, edge.on-path, edge.is-selected',
      style: { label: 'data(type)' },
    },
    { selector: 'edge.hover, edge.near-selection', style: { width: 2.5, 'line-color': '#64748b', 'target-arrow-color': '#64748b', opacity: 1, 'z-index': 5 } },
    { selector: 'node.hover', style: { 'border-color': SELECTION, 'border-width': 2 } },
    { selector: '.dimmed', style: { opacity: 0.25, 'text-opacity': 0.3 } },
    { selector: '.faded', style: { opacity: 0.18, 'text-opacity': 0.35 } },
    {
      // Cytoscape gives a tap to the nearest edge whatever its z-index, so faint edges crossing the highlighted
      // path or neighbourhood would steal clicks meant for it; they ignore the pointer until it is cleared.
      selector: 'edge.faded, edge.dimmed',
      style: { events: 'no' },
    },
    {
      selector: 'node.on-path',
      style: { 'border-color': PATH_AMBER, 'border-width': 4, opacity: 1, 'text-opacity': 1, 'z-index': 10 },
    },
    {
      selector: 'edge.on-path',
      style: {
        width: 4,
        'line-color': PATH_AMBER,
        'target-arrow-color': PATH_AMBER,
        opacity: 1,
        'text-opacity': 1,
        'font-size': 10,
        'font-weight': 'bold',
        'z-index': 10,
      },
    },
    {
      selector: 'node.is-selected',
      style: { 'border-color': SELECTION, 'border-width': 4, opacity: 1, 'text-opacity': 1, 'z-index': 20 },
    },
    {
      selector: 'edge.is-selected',
      style: {
        width: 5,
        'line-color': SELECTION,
        'target-arrow-color': SELECTION,
        opacity: 1,
        'text-opacity': 1,
        'font-weight': 'bold',
        'z-index': 20,
      },
    },
  ];
}
