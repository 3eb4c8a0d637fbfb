/**
 * The layouts that run on the main thread, over what Cytoscape holds: the first picture of a small graph (cose,
 * seeded so a graph always comes out the same), the explorer's force layout (fcose, pinned nodes fixed) and
 * concentric rings of hop distance around an anchor. Overviews use the worker's force layout instead
 * (layout-runner.ts): these would freeze the page for seconds on thousands of nodes.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { seededRandom } from './seeded-random';

cytoscape.use(fcose);

/** The first picture of a small graph. */
const FIRST_LAYOUT: cytoscape.CoseLayoutOptions = {
  name: 'cose',
  // No animation: the layout runs to the end at once, so the first picture is the final one.
  animate: false,
  randomize: false,
  fit: true,
  padding: 30,
  // Counting the long event names as node size spread the seed graph so far that fitting it hid every
  // label; hubs repel strongly instead, so the picture keeps the hubs' names readable.
  nodeDimensionsIncludeLabels: false,
  nodeRepulsion: () => 250000,
  nodeOverlap: 20,
  idealEdgeLength: () => 70,
  edgeElasticity: () => 100,
  nestingFactor: 1.2,
  gravity: 80,
  numIter: 1000,
  initialTemp: 200,
  coolingFactor: 0.95,
  minTemp: 1.0,
  componentSpacing: 80,
};

/**
 * Runs `run` with Math.random seeded. cose nudges overlapping nodes apart in random directions, so the same
 * graph would otherwise come out differently on every load; the layout is synchronous (animate: false), so
 * nothing else can observe the swap.
 */
function withSeededRandom(seed: number, run: () => void): void {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    run();
  } finally {
    Math.random = original;
  }
}

/** Lays out a newly drawn small graph (cose, fitted), the same way for the same `seed`. */
export function runFirstLayout(cy: cytoscape.Core, seed: number): void {
  withSeededRandom(seed, () => cy.layout(FIRST_LAYOUT).run());
}

/** The explorer's force layout over what is drawn; pinned nodes stay where they are. */
export function runFcoseLayout(cy: cytoscape.Core): void {
  const fixed = cy.nodes('.is-pinned').map((node) => ({ nodeId: node.id(), position: { ...node.position() } }));
  withSeededRandom(cy.nodes().length * 17 + cy.edges().length, () =>
    cy.layout({
      name: 'fcose',
      animate: false,
      randomize: true,
      quality: 'default',
      fit: false,
      nodeRepulsion: () => 6000,
      idealEdgeLength: () => 60,
      // Nodes without a relationship (a console answer of documents or names) are tiled; the default 10 px
      // between them put their wrapped names over each other.
      tilingPaddingVertical: 36,
      tilingPaddingHorizontal: 90,
      fixedNodeConstraint: fixed.length > 0 ? fixed : undefined,
    } as unknown as cytoscape.LayoutOptions).run(),
  );
}

/** Rings of hop distance around `anchor`: the anchor in the middle, its neighbours next, and so on. */
export function runConcentricLayout(cy: cytoscape.Core, anchor: cytoscape.CollectionReturnValue): void {
  const distance = hopDistances(cy, anchor);
  const far = Math.max(0, ...distance.values()) + 1;
  cy.layout({
    name: 'concentric',
    animate: false,
    fit: false,
    concentric: (node: cytoscape.NodeSingular) => far - (distance.get(node.id()) ?? far),
    levelWidth: () => 1,
    minNodeSpacing: 30,
  } as cytoscape.ConcentricLayoutOptions).run();
}

/** Hop distance (ignoring direction) of every drawn node from `start`. */
function hopDistances(cy: cytoscape.Core, start: cytoscape.CollectionReturnValue): Map<string, number> {
  const distance = new Map<string, number>();
  cy.elements().bfs({
    roots: start,
    directed: false,
    visit: (node, _edge, _previous, _index, depth) => {
      distance.set(node.id(), depth);
    },
  });
  return distance;
}
