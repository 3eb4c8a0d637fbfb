/**
 * The layout web worker (bundled as dist/client/layout-worker.js by scripts/build-client.mjs): runs the force
 * layout of a large view off the main thread, so the page stays responsive while thousands of nodes are placed.
 * One request in, one answer out; positions travel back as a transferred buffer, not a copy.
 */
import { runForceLayout } from './force-layout';
import type { LayoutReply, LayoutRequest } from './layout-messages';

// The client's tsconfig has the DOM library, not the worker one; this is the part of the worker scope we use.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutReply, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const request = event.data;
  try {
    const result = runForceLayout(request.input);
    scope.postMessage({ id: request.id, ok: true, result }, [result.positions.buffer]);
  } catch (error) {
    scope.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }, []);
  }
};
