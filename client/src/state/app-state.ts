/**
 * The whole client state, one slice per concern, and what actions need to change it. Each concern's
 * producers live in state/<concern>/ and touch only their own slice.
 */
import type { ApiClient } from '../api/api-client';
import type { Store } from './store';
import { initialCanvasState, type CanvasState } from './canvas/canvas-state';
import { initialConsoleState, type ConsoleState } from './console/console-state';
import { initialFiltersState, type FiltersState } from './filters/filters-state';
import { initialGraphState, type GraphState } from './graph/graph-state';
import { emptyGroup, type GroupSelection } from './group/group-selection';
import { initialMessagesState, type MessagesState } from './messages/messages-state';
import { initialPathsState, type PathsState } from './paths/paths-state';
import { initialSelectionState, type SelectionState } from './selection/selection-state';

export interface AppState {
  readonly graph: GraphState;
  readonly selection: SelectionState;
  readonly paths: PathsState;
  readonly messages: MessagesState;
  readonly canvas: CanvasState;
  readonly filters: FiltersState;
  readonly console: ConsoleState;
  /** Nodes and edges picked together for bulk actions (box, lasso, Ctrl/Shift+click). */
  readonly group: GroupSelection;
}

export const initialAppState: AppState = {
  graph: initialGraphState,
  selection: initialSelectionState,
  paths: initialPathsState,
  messages: initialMessagesState,
  canvas: initialCanvasState,
  filters: initialFiltersState,
  console: initialConsoleState,
  group: emptyGroup,
};

/** What an action (an async step that calls the API and applies producers) is given. */
export interface ActionContext {
  readonly api: ApiClient;
  readonly store: Store<AppState>;
}
