/**
 * The buffer-pool retry's order of events (server/stores/kuzu/kuzu-memory-retry.ts): which read waits for which,
 * and what a caller gets. The engine's side (a real full pool answering 503) is tests/integration/engine-memory.
 */
import { DomainError } from '../../server/domain/errors';
import { KuzuMemoryGate } from '../../server/stores/kuzu/kuzu-memory-retry';

const POOL_FULL = 'Buffer manager exception: Unable to allocate memory! The buffer pool is full and no memory could be freed!';

function deferred(): { promise: Promise<string>; resolve: (v: string) => void } {
  let resolve = (_v: string): void => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every promise callback that can run, run (the gate's waits are promise chains, not timers). */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('a read that finds the buffer pool full', () => {
  test('is asked again only once the read running beside it has ended, and its second answer is returned', async () => {
    const gate = new KuzuMemoryGate(512 * 2 ** 20);
    const beside = deferred();
    const besideRead = gate.read(() => beside.promise);
    let attempts = 0;
    const read = gate.read(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error(POOL_FULL);
      return 'answer';
    });
    await settle();
    expect(attempts).toBe(1);
    beside.resolve('beside');
    await expect(read).resolves.toBe('answer');
    expect(attempts).toBe(2);
    await expect(besideRead).resolves.toBe('beside');
  });

  test('that fails again answers engine_memory_full naming ENGINE_MEMORY_MB and its size', async () => {
    const gate = new KuzuMemoryGate(512 * 2 ** 20);
    let attempts = 0;
    const read = gate.read(async () => {
      attempts += 1;
      throw new Error(POOL_FULL);
    });
    await expect(read).rejects.toMatchObject({ code: 'engine_memory_full', message: expect.stringMatching(/ENGINE_MEMORY_MB, 512 MB here/) });
    await expect(read).rejects.toBeInstanceOf(DomainError);
    expect(attempts).toBe(2);
  });

  test('reads that failed together do not wait for each other', async () => {
    const gate = new KuzuMemoryGate(128 * 2 ** 20);
    const failing = (): Promise<string> => gate.read(async () => Promise.reject(new Error(POOL_FULL)));
    const answers = await Promise.allSettled([failing(), failing(), failing()]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  test('reads that failed together are asked again one after the other, so they do not fill the pool together again', async () => {
    const gate = new KuzuMemoryGate(128 * 2 ** 20);
    let running = 0;
    let most = 0;
    const fitsAlone = (): Promise<string> => {
      let attempts = 0;
      return gate.read(async () => {
        attempts += 1;
        if (attempts === 1) throw new Error(POOL_FULL);
        running += 1;
        most = Math.max(most, running);
        await settle();
        running -= 1;
        return 'answer';
      });
    };
    await expect(Promise.all([fitsAlone(), fitsAlone(), fitsAlone()])).resolves.toEqual(['answer', 'answer', 'answer']);
    expect(most).toBe(1);
  });

  test('any other failure reaches the caller as it was, asked once', async () => {
    const gate = new KuzuMemoryGate(512 * 2 ** 20);
    let attempts = 0;
    const failure = new Error('Binder exception: Variable x is not in scope.');
    await expect(
      gate.read(async () => {
        attempts += 1;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(attempts).toBe(1);
  });
});
