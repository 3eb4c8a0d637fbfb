/**
 * Which of Cytoscape's renderers draws the view. Its WebGL renderer pays off only on a real GPU: under a
 * software rasteriser (SwiftShader in headless Chromium, llvmpipe on a bare Linux box) every frame is
 * computed on the CPU and it is several times slower than the 2D canvas (measured by `npm run bench:client`).
 * So WebGL is chosen only when the browser reports a hardware GPU and the view is large enough for it to
 * matter; small views stay on the canvas, whose labels are crisper.
 */

export const RENDERER_NAMES = ['canvas', 'webgl'] as const;
export type RendererName = (typeof RENDERER_NAMES)[number];

/** What the browser says about its GPU. */
export interface GpuReport {
  /** The renderer string (unmasked when the browser allows), e.g. "ANGLE (NVIDIA ...)"; "" when unknown. */
  readonly name: string;
  /** True when WebGL is missing or runs on a software rasteriser. */
  readonly software: boolean;
}

/**
 * Views from this many elements use WebGL on a hardware GPU. It cannot be measured on these GPU-less machines
 * (see the README's Performance section); Cytoscape's WebGL renderer draws labels from texture atlases, so below
 * a couple of thousand elements the canvas is both fast enough and sharper.
 */
export const WEBGL_MIN_ELEMENTS = 2000;

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver|mesa offscreen/i;

/** True when a renderer string names a software rasteriser. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERERS.test(name);
}

export interface RendererRequest {
  readonly gpu: GpuReport;
  readonly elementCount: number;
  /** A renderer forced by the caller (benchmarks, a user setting); 'auto' lets the rule decide. */
  readonly forced?: RendererName | 'auto';
}

/** The renderer for a view: the forced one, else WebGL on a hardware GPU for large views, else the canvas. */
export function chooseRenderer(request: RendererRequest): RendererName {
  if (request.forced !== undefined && request.forced !== 'auto') return request.forced;
  if (request.gpu.software) return 'canvas';
  return request.elementCount >= WEBGL_MIN_ELEMENTS ? 'webgl' : 'canvas';
}
