/** What the browser says about its GPU, for the renderer choice (renderer-choice.ts holds the rule). */
import { isSoftwareRenderer, type GpuReport } from './renderer-choice';

/**
 * Asks the browser about its GPU. A WebGL context requested with failIfMajorPerformanceCaveat is refused on
 * software rasterisers in Chromium; the unmasked renderer string catches the rest.
 */
export function detectGpu(doc: Document): GpuReport {
  try {
    const canvas = doc.createElement('canvas');
    const strict = canvas.getContext('webgl', { failIfMajorPerformanceCaveat: true });
    const gl = strict ?? doc.createElement('canvas').getContext('webgl');
    if (gl === null) return { name: '', software: true };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { name, software: strict === null || isSoftwareRenderer(name) };
  } catch {
    return { name: '', software: true };
  }
}
