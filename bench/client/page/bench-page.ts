/**
 * The page `npm run bench:client` drives in headless Chromium. It publishes window.__bench.run(request): build a
 * synthetic view, draw it either with plain Cytoscape (preset positions, default style with labels: the
 * baseline of issue 6) or with the explorer's own view (worker layout, level of detail, renderer choice), then
 * pan and zoom with the mouse for a while, counting animation frames. Everything is measured inside the page
 * with performance.now(), so the driver's round trips do not count.
 */
import cytoscape from 'cytoscape';
import { initialAppState, type AppState } from '../../../client/src/state/app-state';
import { createCytoscapeView, type ViewProbe } from '../../../client/src/view/cytoscape-view';
import { runForceLayout } from '../../../client/src/view/force-layout';
import { createLayoutRunner } from '../../../client/src/view/layout-runner';
import { browserWorker } from '../../../client/src/view/browser-worker';
import { syntheticView } from './synthetic-view';

export const VARIANTS = ['plain-canvas', 'plain-webgl', 'view-auto', 'view-webgl'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface BenchRequest {
  readonly variant: Variant;
  readonly elements: number;
  readonly panZoomMs: number;
}

export interface FrameStats {
  readonly frames: number;
  readonly fps: number;
  readonly meanFrameMs: number;
  readonly p95FrameMs: number;
  readonly maxFrameMs: number;
}

export interface BenchResult {
  readonly variant: Variant;
  readonly elements: number;
  readonly nodes: number;
  readonly edges: number;
  readonly renderer: string;
  /** From handing over the graph to the first painted frame, layout included for the view. */
  readonly firstDrawMs: number;
  /** From handing over the graph until a click on a node has been answered with its selection drawn. */
  readonly drawAndClickMs: number | null;
  readonly panZoom: FrameStats;
  readonly gpu: string;
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/** Two frames: the first runs Cytoscape's queued redraw, the second starts after it has been painted. */
async function painted(): Promise<void> {
  await nextFrame();
  await nextFrame();
}

/** Cytoscape listens on its container but only takes events whose target is inside it: its top canvas. */
function targetAt(x: number, y: number): EventTarget {
  return document.elementFromPoint(x, y) ?? document.body;
}

function mouse(type: string, x: number, y: number, buttons: number): MouseEvent {
  return new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons, view: window });
}

/**
 * Pans by dragging from the empty top-left corner for half the time, then zooms with the wheel over the centre
 * (in for ten frames, out for ten) for the rest: real pointer events, so Cytoscape's gesture optimisations
 * (texture on viewport, hidden edges) engage as they would for a user. Cytoscape takes equal wheel deltas for a
 * coarse mouse wheel and zooms only a little per event, so the zoom half changes the scale gently.
 */
async function panAndZoom(container: HTMLElement, durationMs: number): Promise<FrameStats> {
  const box = container.getBoundingClientRect();
  const startX = box.left + 6;
  const startY = box.top + 6;
  const centreX = box.left + box.width / 2;
  const centreY = box.top + box.height / 2;
  const intervals: number[] = [];
  const start = await nextFrame();
  let last = start;
  let frame = 0;
  let dragging = true;
  targetAt(startX, startY).dispatchEvent(mouse('mousedown', startX, startY, 1));
  for (;;) {
    const now = await nextFrame();
    intervals.push(now - last);
    last = now;
    frame++;
    const elapsed = now - start;
    if (elapsed >= durationMs) break;
    if (elapsed < durationMs / 2) {
      const angle = frame / 8;
      window.dispatchEvent(mouse('mousemove', startX + 120 + 100 * Math.cos(angle), startY + 120 + 100 * Math.sin(angle), 1));
    } else {
      if (dragging) {
        window.dispatchEvent(mouse('mouseup', startX, startY, 0));
        dragging = false;
      }
      const deltaY = Math.floor(frame / 10) % 2 === 0 ? -60 : 60;
      targetAt(centreX, centreY).dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: centreX, clientY: centreY, deltaY, deltaMode: 0 }));
    }
  }
  if (dragging) window.dispatchEvent(mouse('mouseup', startX, startY, 0));
  const total = last - start;
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    frames: intervals.length,
    fps: (intervals.length * 1000) / total,
    meanFrameMs: total / intervals.length,
    p95FrameMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    maxFrameMs: sorted[sorted.length - 1] ?? 0,
  };
}

function gpuName(): string {
  const gl = document.createElement('canvas').getContext('webgl');
  if (gl === null) return 'no WebGL';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
}

function freshContainer(): HTMLElement {
  document.body.replaceChildren();
  const container = document.createElement('div');
  container.style.cssText = 'position:absolute;inset:0;';
  document.body.append(container);
  return container;
}

async function runPlain(request: BenchRequest): Promise<BenchResult> {
  const graph = syntheticView(request.elements);
  // Preset positions from the same force layout the view uses, computed before the clock starts.
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const layout = runForceLayout({
    nodeCount: graph.nodes.length,
    sources: Int32Array.from(graph.edges, (e) => index.get(e.source) ?? -1),
    targets: Int32Array.from(graph.edges, (e) => index.get(e.target) ?? -1),
    maxIterations: 40,
  });
  const elements: cytoscape.ElementDefinition[] = [
    ...graph.nodes.map((node, i) => ({
      data: { id: node.id, label: node.name },
      position: { x: layout.positions[2 * i] ?? 0, y: layout.positions[2 * i + 1] ?? 0 },
    })),
    ...graph.edges.map((edge) => ({ data: { id: edge.id, source: edge.source, target: edge.target } })),
  ];
  const container = freshContainer();
  const webgl = request.variant === 'plain-webgl';
  await painted();
  const t0 = performance.now();
  cytoscape({
    container,
    elements,
    layout: { name: 'preset' },
    style: [{ selector: 'node', style: { label: 'data(label)' } }],
    ...(webgl ? ({ renderer: { name: 'canvas', webgl: true } } as cytoscape.CytoscapeOptions) : {}),
  });
  await painted();
  const firstDrawMs = performance.now() - t0;
  const panZoom = await panAndZoom(container, request.panZoomMs);
  return {
    variant: request.variant,
    elements: graph.nodes.length + graph.edges.length,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    renderer: webgl ? 'webgl' : 'canvas',
    firstDrawMs,
    drawAndClickMs: null,
    panZoom,
    gpu: gpuName(),
  };
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await nextFrame();
}

async function runView(request: BenchRequest): Promise<BenchResult> {
  const graph = syntheticView(request.elements);
  const container = freshContainer();
  let tapped: string | null = null;
  let state: AppState = initialAppState;
  const view = createCytoscapeView(
    container,
    {
      onNodeTap: (id) => {
        tapped = id;
      },
      onEdgeTap: () => undefined,
      onBackgroundTap: () => undefined,
      onDanglingEdges: () => undefined,
    },
    {
      renderer: request.variant === 'view-webgl' ? 'webgl' : 'auto',
      layoutRunner: createLayoutRunner(browserWorker(new URL('/client/layout-worker.js', location.href).href)),
      rendererStatus: null,
    },
  );
  // The hub: the node with most links, drawn largest, the one a user would click first.
  const degree = new Map<string, number>();
  for (const edge of graph.edges) degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
  for (const edge of graph.edges) degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  const hub = [...degree.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? graph.nodes[0]?.id ?? '';
  await painted();

  const t0 = performance.now();
  state = { ...state, graph: { ...state.graph, graph, status: 'ready' } };
  view.render(state);
  await waitFor(() => view.probe.isReady());
  await painted();
  const firstDrawMs = performance.now() - t0;

  // A click on the hub, answered as the app answers it: the selection is drawn (neighbours bright, rest dimmed).
  const point = view.probe.nodeScreenPoint(hub);
  let drawAndClickMs: number | null = null;
  if (point !== null) {
    targetAt(point.x, point.y).dispatchEvent(mouse('mousedown', point.x, point.y, 1));
    window.dispatchEvent(mouse('mouseup', point.x, point.y, 0));
    await waitFor(() => tapped !== null);
    state = { ...state, selection: { current: { kind: 'node', id: tapped ?? hub, details: null, status: 'loading' }, revision: 1, centre: false } };
    view.render(state);
    await painted();
    drawAndClickMs = performance.now() - t0;
    // Back to the overview before panning, so every variant pans the same picture.
    state = { ...state, selection: { current: { kind: 'none' }, revision: 2, centre: false } };
    view.render(state);
    await painted();
  }
  const panZoom = await panAndZoom(container, request.panZoomMs);
  return {
    variant: request.variant,
    elements: graph.nodes.length + graph.edges.length,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    renderer: `${view.probe.renderer()}/${view.probe.detailTier()}`,
    firstDrawMs,
    drawAndClickMs,
    panZoom,
    gpu: gpuName(),
  };
}

/**
 * Draws a synthetic view of about `elements` with the explorer's view, wired as the app wires it: a tap on a
 * node selects it. For the browser test of large views; returns at once, poll probe().isReady().
 */
function mountView(elements: number): MountedView {
  const graph = syntheticView(elements);
  const container = freshContainer();
  let state: AppState = initialAppState;
  let revision = 0;
  const select = (current: AppState['selection']['current']): void => {
    revision += 1;
    state = { ...state, selection: { current, revision, centre: false } };
    view.render(state);
  };
  const view = createCytoscapeView(
    container,
    {
      onNodeTap: (id) => select({ kind: 'node', id, details: null, status: 'loading' }),
      onEdgeTap: () => undefined,
      onBackgroundTap: () => select({ kind: 'none' }),
      onDanglingEdges: () => undefined,
    },
    { layoutRunner: createLayoutRunner(browserWorker(new URL('/client/layout-worker.js', location.href).href)), rendererStatus: null },
  );
  state = { ...state, graph: { ...state.graph, graph, status: 'ready' } };
  view.render(state);
  return { probe: view.probe, exportSvg: () => view.exportSvg() };
}

/** What the browser test reads of a mounted view: its probe, and its SVG export (which must hold every edge). */
interface MountedView {
  probe: ViewProbe;
  exportSvg(): string;
}

declare global {
  interface Window {
    __bench?: {
      run(request: BenchRequest): Promise<BenchResult>;
      mount(elements: number): void;
      probe(): ViewProbe | null;
      exportSvg(): string | null;
    };
  }
}

let mounted: MountedView | null = null;
window.__bench = {
  run: (request) => (request.variant.startsWith('plain') ? runPlain(request) : runView(request)),
  mount: (elements) => {
    mounted = mountView(elements);
  },
  probe: () => mounted?.probe ?? null,
  exportSvg: () => mounted?.exportSvg() ?? null,
};
