/**
 * The graph index's sliced searches take turns (turn-queue.ts): however many run at once, the event loop
 * runs one slice of them per turn, so anything else waiting (another request, the health probe) gets the
 * loop between any two slices.
 */
import { SliceClock } from '../../server/stores/graph-index/slice-clock';
import { runInTurns } from '../../server/stores/graph-index/turn-queue';

/** A pass of `slices` slices that writes its name in `log` at each (its clock pauses at every tick). */
function* pass(name: string, slices: number, log: string[], clock: SliceClock): Generator<void, string> {
  for (let i = 0; i < slices; i += 1) {
    log.push(name);
    if (clock.tick()) yield* clock.pause();
  }
  return `${name} done`;
}

describe('sliced passes taking turns', () => {
  it('when several run at once, each answers and another callback runs between any two of their slices', async () => {
    const log: string[] = [];
    let probing = true;
    const probe = (): void => {
      log.push('probe');
      if (probing) setImmediate(probe);
    };
    setImmediate(probe);
    const clocks = ['a', 'b', 'c', 'd'].map(() => new SliceClock(0, 0));
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((name, i) => runInTurns(pass(name, 5 + i, log, clocks[i] as SliceClock), clocks[i] as SliceClock)));
    probing = false;
    expect(answers).toEqual(['a done', 'b done', 'c done', 'd done']);
    expect(log.filter((x) => x !== 'probe').length).toBe(5 + 6 + 7 + 8);
    // Slices back to back (no probe between): only at the very start, where the first pass began in the caller's turn.
    const firstProbe = log.indexOf('probe');
    for (let i = firstProbe + 1; i < log.length; i += 1) {
      if (log[i] !== 'probe') expect(log[i - 1]).toBe('probe');
    }
    // Round robin: every pass had slices before the longest one ended.
    const lastA = log.lastIndexOf('a');
    expect(['b', 'c', 'd'].every((name) => log.indexOf(name) < lastA)).toBe(true);
  });

  it('a pass that throws rejects, and the others still answer', async () => {
    const clock = new SliceClock(0, 0);
    function* failing(): Generator<void, string> {
      if (clock.tick()) yield* clock.pause();
      throw new Error('broken pass');
    }
    const other = new SliceClock(0, 0);
    const [failed, answered] = await Promise.allSettled([runInTurns(failing(), clock), runInTurns(pass('x', 3, [], other), other)]);
    expect(failed).toMatchObject({ status: 'rejected', reason: new Error('broken pass') });
    expect(answered).toEqual({ status: 'fulfilled', value: 'x done' });
  });
});
