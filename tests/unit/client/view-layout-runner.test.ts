/** The layout runner (client/src/view/layout-runner.ts) where no worker can start, as on a file:// page. */
import { runForceLayout } from '../../../client/src/view/force-layout';
import { createLayoutRunner, type WorkerPort } from '../../../client/src/view/layout-runner';

describe('the layout runner', () => {
  test('when no worker is available, it lays the graph out on the main thread with the same result', async () => {
    const sources = Int32Array.from([0, 1, 2, 3]);
    const targets = Int32Array.from([1, 2, 3, 0]);
    const expected = runForceLayout({ nodeCount: 5, sources: sources.slice(), targets: targets.slice(), maxIterations: 40 });
    const runner = createLayoutRunner(null);
    const result = await runner.run({ nodeCount: 5, sources, targets, maxIterations: 40 });
    expect(runner.lastPlace()).toBe('main-thread');
    expect(Array.from(result.positions)).toEqual(Array.from(expected.positions));
  });
});

describe('the layout runner with a worker that cannot load', () => {
  test('when the worker reports an error instead of answering, the layout is finished on the main thread', async () => {
    // Stands in for a browser Worker whose script is missing: it takes the request and reports a load error.
    const port: WorkerPort = {
      onmessage: null,
      onerror: null,
      postMessage() {
        setTimeout(() => port.onerror?.({ preventDefault: () => undefined }), 0);
      },
      terminate: () => undefined,
    };
    const runner = createLayoutRunner(() => port);
    const result = await runner.run({ nodeCount: 3, sources: Int32Array.from([0, 1]), targets: Int32Array.from([1, 2]), maxIterations: 10 });
    expect(result.positions.length).toBe(6);
    expect(runner.lastPlace()).toBe('main-thread');
  });
});
