/**
 * A small context menu for the canvas, written here rather than taken from cytoscape-cxtmenu: that extension
 * draws a radial menu on a canvas (3.5.0, December 2024), which a screen reader cannot read and a keyboard cannot
 * walk, and its entries are fixed per selector, while ours carry counts that arrive after it opens. This one is
 * plain DOM following the WAI-ARIA menu pattern: role="menu" with role="menuitem" buttons, focus on the first
 * item when it opens, arrow keys, Home and End to move, Enter or Space to run, Escape or Tab to close, focus
 * handed back to where it came from. Section headings are
 * role="presentation" text, so the items stay the menu's only children a reader counts.
 */
import { h } from '../panels/dom';

export type MenuEntry =
  | { readonly kind: 'item'; readonly id: string; readonly label: string; readonly hint?: string; readonly disabled?: boolean; run(): void }
  | { readonly kind: 'heading'; readonly label: string };

export interface ContextMenu {
  /** Opens the menu at viewport point (x, y), titled `title`, and focuses its first item. */
  open(title: string, entries: readonly MenuEntry[], at: { x: number; y: number }, returnFocus: HTMLElement | null): void;
  /** Replaces the entries of the open menu (counts that arrived), keeping the focused item when it remains. */
  update(entries: readonly MenuEntry[]): void;
  close(): void;
  isOpen(): boolean;
  readonly element: HTMLElement;
}

/** Creates the (closed) menu in `host`, which must be positioned so the menu can sit over the canvas. */
export function createContextMenu(host: HTMLElement): ContextMenu {
  const menu = h('div', { className: 'canvas-menu', attrs: { id: 'canvas-menu', role: 'menu', tabindex: '-1' } });
  menu.hidden = true;
  host.append(menu);
  let returnTo: HTMLElement | null = null;

  const items = (): HTMLButtonElement[] => [...menu.querySelectorAll<HTMLButtonElement>('button[role="menuitem"]:not([disabled])')];

  function fill(entries: readonly MenuEntry[]): void {
    const focusedId = document.activeElement instanceof HTMLElement && menu.contains(document.activeElement) ? document.activeElement.id : null;
    menu.replaceChildren(
      ...entries.map((entry) => {
        if (entry.kind === 'heading') return h('div', { className: 'canvas-menu-heading', attrs: { role: 'presentation' } }, entry.label);
        const button = h(
          'button',
          { className: 'canvas-menu-item', attrs: { type: 'button', role: 'menuitem', id: entry.id, tabindex: '-1' } },
          h('span', { className: 'canvas-menu-label' }, entry.label),
          entry.hint !== undefined ? h('span', { className: 'canvas-menu-hint' }, entry.hint) : null,
        );
        button.disabled = entry.disabled === true;
        button.addEventListener('click', () => {
          close();
          entry.run();
        });
        return button;
      }),
    );
    const again = focusedId !== null ? menu.querySelector<HTMLButtonElement>(`#${CSS.escape(focusedId)}:not([disabled])`) : null;
    if (!menu.hidden) (again ?? items()[0] ?? menu).focus();
  }

  let anchor = { x: 0, y: 0 };
  /** Inside the host, flipped to the other side of the anchor point where it would overflow. */
  function place(): void {
    const hostBox = host.getBoundingClientRect();
    const { width, height } = menu.getBoundingClientRect();
    let left = anchor.x - hostBox.left;
    let top = anchor.y - hostBox.top;
    if (left + width > hostBox.width) left = Math.max(0, left - width);
    if (top + height > hostBox.height) top = Math.max(0, hostBox.height - height - 8);
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
  }

  function close(): void {
    if (menu.hidden) return;
    menu.hidden = true;
    menu.replaceChildren();
    const target = returnTo;
    returnTo = null;
    target?.focus({ preventScroll: true });
  }

  menu.addEventListener('keydown', (event) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number): void => list[(to + list.length) % Math.max(list.length, 1)]?.focus();
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index < 0 ? -1 : index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(-1);
    else if (event.key === 'Escape' || event.key === 'Tab') close();
    // The page's single-key shortcuts (H hides, Escape deselects) must not act while the menu has the keyboard.
    event.stopPropagation();
    if (['ArrowDown', 'ArrowUp', 'Home', 'End', 'Escape', 'Tab'].includes(event.key)) event.preventDefault();
  });
  // A press anywhere outside closes the menu, as native menus do.
  document.addEventListener('pointerdown', (event) => {
    if (!menu.hidden && !menu.contains(event.target as Node)) close();
  }, true);
  window.addEventListener('blur', close);

  return {
    element: menu,
    open(title, entries, at, focusBack) {
      returnTo = focusBack;
      menu.setAttribute('aria-label', title);
      anchor = at;
      menu.hidden = false;
      fill(entries);
      place();
    },
    update(entries) {
      if (menu.hidden) return;
      fill(entries);
      // Counts may make it taller: keep it inside the canvas.
      place();
    },
    close,
    isOpen: () => !menu.hidden,
  };
}
