/**
 * Keeps the browser history in step with the view: each meaningful change pushes an entry (view-history.ts
 * decides which), small ones replace the current one, the camera is written into the current entry once it
 * rests, and Back/Forward put the entry's view back, from its snapshot when this page drew it (exact, no API
 * call) or else from its URL. Changes made by a restore never push.
 */
import type { ActionContext } from '../app-state';
import { encodeUrlView, decodeUrlView, withCamera, type Camera } from './url-state';
import { noteIgnored, replayUrlView } from './url-replay';
import { chooseStep, markView, restoreViewSnapshot, takeViewSnapshot, type RecordedView, type ViewSnapshot } from './view-history';

/** The part of window.history used here. */
export interface HistoryPort {
  readonly state: unknown;
  pushState(data: unknown, unused: string, url: string): void;
  replaceState(data: unknown, unused: string, url: string): void;
}

/** The part of the graph view used here. */
export interface CameraPort {
  camera(): Camera | null;
  setCamera(camera: Camera): void;
  onCameraChange(listener: () => void): () => void;
}

export interface HistorySyncOptions {
  readonly history?: HistoryPort;
  readonly location?: Pick<Location, 'pathname' | 'search' | 'hash'>;
  /** Where popstate is heard. */
  readonly events?: Pick<EventTarget, 'addEventListener'>;
  readonly now?: () => number;
}

export interface HistorySync {
  /** Starts writing history: call once the page's own URL has been replayed (before, it is the input). */
  start(): void;
  /**
   * Tells history the state changed; the decision waits for the end of the current task (one step per action).
   * Call it before the view draws the change, so the camera of the view being left can still be read.
   */
  record(): void;
}

/**
 * How long the camera, or a view updated in place, must rest before the URL takes it: pan, zoom and a dragged
 * slider fire many events a second, and browsers throttle (Chrome warns, Safari throws) past about a hundred
 * history writes in a few seconds.
 */
export const URL_REST_MS = 300;
/** Entries whose snapshots are kept; older ones are reopened from their URL. */
const MAX_SNAPSHOTS = 100;

/** The id this module puts in history.state, or null for an entry it did not make. */
function entryIdOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('multivectorView' in data)) return null;
  const id = (data as { multivectorView: unknown }).multivectorView;
  return typeof id === 'string' ? id : null;
}

export function createHistorySync(context: ActionContext, view: CameraPort, options: HistorySyncOptions = {}): HistorySync {
  const { store } = context;
  const history = options.history ?? window.history;
  const location = options.location ?? window.location;
  const now = options.now ?? (() => performance.now());
  // Ids are unique to this page load: history.state outlives a reload, the snapshots do not.
  const session = Math.random().toString(36).slice(2, 10);
  let counter = 0;
  const snapshots = new Map<string, ViewSnapshot>();
  let currentId = '';
  let recorded: RecordedView | null = null;
  let started = false;
  let restoring = 0;
  let scheduled = false;
  /** The camera when the first change of the task being recorded arrived: the view's before it moved on. */
  let cameraBefore: Camera | null = null;
  /** A write of the current entry's URL waiting for the view to rest. */
  let writeTimer: ReturnType<typeof setTimeout> | null = null;
  /** A popstate heard before start(), replayed then (wrapped: its state may itself be null). */
  let poppedEarly: { data: unknown } | null = null;

  const newId = (): string => `${session}:${++counter}`;
  const urlOf = (search: string): string => `${location.pathname}${search}${location.hash}`;
  const currentUrl = (): string => urlOf(encodeUrlView(store.get(), view.camera()));

  function keepSnapshot(id: string, snapshot: ViewSnapshot): void {
    snapshots.delete(id);
    snapshots.set(id, snapshot);
    if (snapshots.size > MAX_SNAPSHOTS) {
      const oldest = snapshots.keys().next().value;
      if (oldest !== undefined) snapshots.delete(oldest);
    }
  }

  /** Marks the current state as what the current entry shows. */
  function adopt(yearOnly = false): void {
    const state = store.get();
    recorded = { mark: markView(state, encodeUrlView(state)), changedAt: now(), yearOnly };
    keepSnapshot(currentId, takeViewSnapshot(state));
  }

  /** Writes the current view (and camera) into the current entry now. */
  function writeCurrent(): void {
    cancelWrite();
    if (started) history.replaceState({ multivectorView: currentId }, '', currentUrl());
  }

  function cancelWrite(): void {
    if (writeTimer !== null) clearTimeout(writeTimer);
    writeTimer = null;
  }

  function writeSoon(): void {
    cancelWrite();
    writeTimer = setTimeout(writeCurrent, URL_REST_MS);
  }

  function commit(): void {
    scheduled = false;
    if (!started) return;
    const state = store.get();
    const search = encodeUrlView(state);
    if (recorded === null || restoring > 0) {
      writeSoon();
      return;
    }
    const { step, yearOnly } = chooseStep(recorded, markView(state, search), now());
    if (step === 'none') {
      // Details arriving, a pin: the entry's snapshot follows, its URL and place in history do not.
      keepSnapshot(currentId, takeViewSnapshot(state));
      return;
    }
    if (step === 'push') {
      // The entry being left keeps what it showed last (its camera, a year), even if that had not rested yet.
      cancelWrite();
      history.replaceState({ multivectorView: currentId }, '', urlOf(withCamera(recorded.mark.search, cameraBefore)));
      currentId = newId();
      history.pushState({ multivectorView: currentId }, '', currentUrl());
    } else {
      writeSoon();
    }
    adopt(yearOnly);
  }

  function restore(data: unknown): void {
    // History has already moved: a write waiting for the entry left would land on the one arrived at.
    cancelWrite();
    const id = entryIdOf(data);
    const shared = decodeUrlView(location.search);
    const snapshot = id === null ? undefined : snapshots.get(id);
    if (id !== null && snapshot !== undefined) {
      currentId = id;
      restoring += 1;
      try {
        store.update(restoreViewSnapshot(snapshot));
      } finally {
        restoring -= 1;
      }
      adopt();
      if (shared.camera !== null) view.setCamera(shared.camera);
      return;
    }
    // An entry from before a reload, or a URL edited by hand: opened from its URL, through the API.
    currentId = id ?? newId();
    if (id === null) history.replaceState({ multivectorView: currentId }, '', urlOf(location.search));
    restoring += 1;
    noteIgnored(context, shared);
    void replayUrlView(context, shared).finally(() => {
      restoring -= 1;
      if (shared.camera !== null) view.setCamera(shared.camera);
      adopt();
      history.replaceState({ multivectorView: currentId }, '', currentUrl());
    });
  }

  view.onCameraChange(() => {
    if (started && restoring === 0) writeSoon();
  });
  (options.events ?? window).addEventListener('popstate', (event) => {
    // Back or Forward while the page's own URL is still being replayed: that view is no longer wanted.
    if (started) restore((event as PopStateEvent).state);
    else poppedEarly = { data: (event as PopStateEvent).state };
  });

  return {
    start() {
      if (started) return;
      started = true;
      if (poppedEarly !== null) {
        restore(poppedEarly.data);
        poppedEarly = null;
        return;
      }
      currentId = newId();
      history.replaceState({ multivectorView: currentId }, '', currentUrl());
      adopt();
    },
    record() {
      if (!started || scheduled) return;
      cameraBefore = view.camera();
      scheduled = true;
      queueMicrotask(commit);
    },
  };
}
