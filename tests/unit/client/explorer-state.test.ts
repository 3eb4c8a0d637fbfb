/** The client's state producers: pure functions from one state to the next. */
import type { NodeDetails } from '../../../server/domain/graph-model';
import { ApiRequestError } from '../../../client/src/api/api-client';
import { initialAppState } from '../../../client/src/state/app-state';
import { dismissMessage, showError } from '../../../client/src/state/messages/messages-state';
import { parseMaxHops, setActivePath, setPathResults } from '../../../client/src/state/paths/paths-state';
import { selectNode, setNodeDetails } from '../../../client/src/state/selection/selection-state';
import { createStore } from '../../../client/src/state/store';

const details = (id: string): NodeDetails => ({ node: { id, kind: 'City', name: id, aliases: [], properties: {} }, edges: [], neighbors: [] });

describe('the hop limit', () => {
  test('accepts whole numbers from 1 to 8 and nothing else', () => {
    expect([1, 3, 8].map(parseMaxHops)).toEqual([1, 3, 8]);
    expect(['0', '9', '2.5', '', 'three', ' 4 '].map(parseMaxHops)).toEqual([null, null, null, null, null, 4]);
  });
});

describe('node selection', () => {
  test('details that arrive after the user selected another node are dropped', () => {
    const state = selectNode('moscow')(selectNode('dushanbe')(initialAppState));
    expect(setNodeDetails(details('dushanbe'))(state)).toBe(state);
    const current = setNodeDetails(details('moscow'))(state).selection.current;
    expect(current).toMatchObject({ kind: 'node', id: 'moscow', status: 'ready' });
  });

  test('each selection counts as a new request to bring it into view', () => {
    const once = selectNode('dushanbe', { centre: true })(initialAppState);
    const twice = selectNode('dushanbe', { centre: true })(once);
    expect(twice.selection.revision).toBe(once.selection.revision + 1);
  });
});

describe('path results', () => {
  test('the best path is highlighted at once, a shared link may pick another, and an index outside the list changes nothing', () => {
    const path = { nodes: [], edges: [] };
    const state = setPathResults([path, path])(initialAppState);
    expect(state.paths.active).toBe(0);
    expect(setPathResults([path, path], 1)(initialAppState).paths.active).toBe(1);
    expect(setPathResults([path, path], 7)(initialAppState).paths.active).toBe(1);
    expect(setPathResults([])(initialAppState).paths.active).toBeNull();
    expect(setActivePath(1)(state).paths.active).toBe(1);
    expect(setActivePath(5)(state)).toBe(state);
  });
});

describe('messages', () => {
  test('an API error keeps the server code and words, and can be dismissed', () => {
    const state = showError('Could not find paths', new ApiRequestError('invalid_request', 'maxHops must be at most 8', 400))(initialAppState);
    const [message] = state.messages.items;
    expect(message).toMatchObject({ level: 'error', title: 'Could not find paths', text: 'maxHops must be at most 8', code: 'invalid_request' });
    expect(dismissMessage(message?.id ?? -1)(state).messages.items).toEqual([]);
  });
});

describe('the store', () => {
  test('listeners hear about changes, and a producer returning the same state is not a change', () => {
    const store = createStore({ n: 0 });
    const heard: number[] = [];
    store.subscribe((next) => heard.push(next.n));
    store.update((s) => s);
    store.update((s) => ({ n: s.n + 1 }));
    expect(heard).toEqual([1]);
  });
});
