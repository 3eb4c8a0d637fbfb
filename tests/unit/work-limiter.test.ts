/**
 * WorkLimiter (server/domain/work-limiter.ts): never more than `max` pieces of work at once, the rest run
 * in the order they came, and work that fails gives its turn to the next.
 */
import { WorkLimiter } from '../../server/domain/work-limiter';

test('runs at most max at once, the others in order, and a failure passes the turn on', async () => {
  const limiter = new WorkLimiter(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const releases: Array<() => void> = [];
  const job = (i: number) => () =>
    new Promise<number>((resolve, reject) => {
      running += 1;
      most = Math.max(most, running);
      started.push(i);
      releases.push(() => {
        running -= 1;
        if (i === 1) reject(new Error('job 1 failed'));
        else resolve(i);
      });
    });
  const results = [0, 1, 2, 3, 4].map((i) => limiter.run(job(i)).catch((e: Error) => e.message));
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1]);
  expect(limiter.load()).toEqual({ running: 2, waiting: 3 });
  while (releases.length > 0) {
    releases.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  expect(await Promise.all(results)).toEqual([0, 'job 1 failed', 2, 3, 4]);
  expect(started).toEqual([0, 1, 2, 3, 4]);
  expect(most).toBe(2);
  expect(limiter.load()).toEqual({ running: 0, waiting: 0 });
});
