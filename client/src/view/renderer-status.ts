/**
 * Names the renderer and detail tier for the user (the #renderer-status badge, with the GPU in its title) and
 * on the canvas container's data attributes, which the browser tests and the stylesheet read.
 */
import type { DetailTier } from './level-of-detail';
import type { GpuReport, RendererName } from './renderer-choice';

const RENDERER_LABELS: Record<RendererName, string> = { canvas: 'Canvas', webgl: 'WebGL' };

/** Shows that `shown` draws the view in `container`, on `status` when the page has that badge. */
export function showRendererStatus(container: HTMLElement, status: HTMLElement | null, gpu: GpuReport, shown: { renderer: RendererName; tier: DetailTier }): void {
  container.dataset.renderer = shown.renderer;
  container.dataset.detail = shown.tier;
  if (status === null) return;
  status.textContent = `${RENDERER_LABELS[shown.renderer]}${shown.tier === 'overview' ? ' · overview' : ''}`;
  status.dataset.renderer = shown.renderer;
  status.title =
    `Drawn with Cytoscape's ${shown.renderer === 'webgl' ? 'WebGL' : '2D canvas'} renderer. GPU: ` +
    `${gpu.name === '' ? 'unknown' : gpu.name}${gpu.software ? ' (software, so WebGL is not used)' : ''}.`;
}
