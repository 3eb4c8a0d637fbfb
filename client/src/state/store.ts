/**
 * The one place client state lives: a plain value replaced by pure producers (state -> state), with
 * listeners told after each change. Views and panels read it and render; they never keep their own copy
 * of the data, and no Cytoscape object is ever put in it.
 */

/** A pure function from one state to the next. Returning the same object means "nothing changed". */
export type Producer<S> = (state: S) => S;

export interface Store<S> {
  get(): S;
  /** Applies a producer; listeners run only when the state object actually changed. */
  update(producer: Producer<S>): void;
  /** Registers a listener called with (next, previous); returns the function that removes it. */
  subscribe(listener: (next: S, previous: S) => void): () => void;
}

/** Creates a store holding `initial`. */
export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<(next: S, previous: S) => void>();
  return {
    get: () => state,
    update(producer) {
      const previous = state;
      const next = producer(previous);
      if (next === previous) return;
      state = next;
      for (const listener of [...listeners]) listener(next, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
