/**
 * What the canvas menu may ask of Edit mode. The edit panel registers itself here when it starts, so
 * canvas-menu-entries.ts offers Edit, Delete and New relationship only while Edit mode is on, without the
 * menu (and every caller of it) carrying the panel around.
 */
export interface EditActions {
  /** True while Edit mode is on (it needs the admin token). */
  isOn(): boolean;
  editNode(id: string): void;
  deleteNode(id: string): void;
  /** Starts a new relationship at `id`: the next node picked is its other end. */
  relationshipFrom(id: string): void;
  editEdge(id: string): void;
  deleteEdge(id: string): void;
  newEntity(): void;
}

let registered: EditActions | null = null;

export function registerEditActions(actions: EditActions): void {
  registered = actions;
}

/** The edit actions while Edit mode is on, or null. */
export function activeEditActions(): EditActions | null {
  return registered !== null && registered.isOn() ? registered : null;
}
