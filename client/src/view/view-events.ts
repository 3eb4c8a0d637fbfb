/**
 * The view's event handlers on a Cytoscape instance: taps and double taps reported as API ids, camera moves
 * announced, hover drawn. Bound on every new instance (a tier change recreates it), so a handler never reaches
 * a destroyed one.
 */
import type cytoscape from 'cytoscape';
import type { CytoscapeViewEvents } from './cytoscape-view';
import type { OverviewDrawing } from './overview-drawing';

export interface ViewEventsHost {
  readonly events: CytoscapeViewEvents;
  readonly container: HTMLElement;
  /** The overview drawing of this instance, when it is an overview. */
  overview(): OverviewDrawing | null;
  /** Called whenever the camera moves. */
  onViewport(): void;
}

const refOf = (element: cytoscape.SingularElementArgument): string => String(element.data('ref'));

/** Binds taps and hovers on a new instance (its own `cy`, so handlers never reach a destroyed one). */
export function wireViewEvents(cy: cytoscape.Core, host: ViewEventsHost): void {
  const { events, container } = host;
  // A tap with Shift, Ctrl or Cmd adds to the group selection (canvas-interactions.ts), not the details' focus.
  const modified = (event: cytoscape.EventObject): boolean => {
    const original = event.originalEvent as MouseEvent | undefined;
    return original !== undefined && (original.shiftKey || original.ctrlKey || original.metaKey);
  };
  cy.on('tap', 'node', (event) => {
    if (!modified(event)) events.onNodeTap(refOf(event.target as cytoscape.NodeSingular));
  });
  cy.on('tap', 'edge', (event) => {
    if (!modified(event)) events.onEdgeTap(refOf(event.target as cytoscape.EdgeSingular));
  });
  cy.on('tap', (event) => {
    if (event.target !== cy) return;
    // On an overview most nodes are only on the layer: a tap there is a tap on the node under it.
    const onLayer = host.overview()?.nodeAtRendered(event.renderedPosition) ?? null;
    if (onLayer === null) events.onBackgroundTap();
    else if (!modified(event)) events.onNodeTap(onLayer);
  });
  cy.on('dbltap', 'node', (event) => events.onNodeDoubleTap?.(refOf(event.target as cytoscape.NodeSingular)));
  cy.on('viewport', host.onViewport);
  // Hover is a passing look, not state: it only shows the edge types around the pointer. Not while a button
  // is down: the pointer sweeping over nodes during a pan would restyle them frame after frame.
  const panning = (event: cytoscape.EventObject): boolean => ((event.originalEvent as MouseEvent | undefined)?.buttons ?? 0) !== 0;
  cy.on('mouseover', 'edge', (event) => {
    if (!panning(event)) (event.target as cytoscape.EdgeSingular).addClass('hover');
  });
  cy.on('mouseout', 'edge', (event) => (event.target as cytoscape.EdgeSingular).removeClass('hover'));
  cy.on('mouseover', 'node', (event) => {
    if (panning(event)) return;
    const node = event.target as cytoscape.NodeSingular;
    node.addClass('hover');
    node.connectedEdges().addClass('hover');
    container.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', (event) => {
    const node = event.target as cytoscape.NodeSingular;
    node.removeClass('hover');
    node.connectedEdges().removeClass('hover');
    container.style.cursor = '';
  });
}
