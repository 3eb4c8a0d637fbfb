/** Which renderer draws the view (client/src/view/renderer-choice.ts). */
import { WEBGL_MIN_ELEMENTS, chooseRenderer, isSoftwareRenderer } from '../../../client/src/view/renderer-choice';

const HARDWARE = { name: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', software: false };
const SOFTWARE = { name: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', software: true };

describe('the renderer choice', () => {
  test.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)'],
    ['Mesa OffScreen'],
    ['Microsoft Basic Render Driver'],
  ])('when the GPU is named "%s", it is a software rasteriser', (name) => {
    expect(isSoftwareRenderer(name)).toBe(true);
  });

  test('when the GPU is a real card, it is not a software rasteriser', () => {
    expect(isSoftwareRenderer(HARDWARE.name)).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });

  test('when the GPU is software, even a huge view is drawn on the canvas', () => {
    expect(chooseRenderer({ gpu: SOFTWARE, elementCount: 50000 })).toBe('canvas');
  });

  test('when the GPU is real, large views use WebGL and small ones stay on the canvas', () => {
    expect(chooseRenderer({ gpu: HARDWARE, elementCount: WEBGL_MIN_ELEMENTS })).toBe('webgl');
    expect(chooseRenderer({ gpu: HARDWARE, elementCount: WEBGL_MIN_ELEMENTS - 1 })).toBe('canvas');
  });

  test('when a renderer is forced, it is used whatever the GPU', () => {
    expect(chooseRenderer({ gpu: SOFTWARE, elementCount: 10, forced: 'webgl' })).toBe('webgl');
    expect(chooseRenderer({ gpu: HARDWARE, elementCount: 50000, forced: 'canvas' })).toBe('canvas');
    expect(chooseRenderer({ gpu: HARDWARE, elementCount: 50000, forced: 'auto' })).toBe('webgl');
  });
});
