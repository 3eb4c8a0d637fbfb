/** A promise settled in the event loop's next turn, after the I/O and timers already waiting: what every sliced
 * pass (index builds, row walks, text folding, JSON writing) awaits between its slices. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
