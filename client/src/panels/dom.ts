/**
 * Building DOM safely. Everything that comes from the data (names, quotes, properties) may contain markup,
 * e.g. a name like `<img src=x onerror=...>`: it goes in as text nodes, never through innerHTML, and these
 * helpers are the only way panels create elements.
 */

export type Child = Node | string | number | null | undefined | false;

export interface ElementOptions {
  readonly className?: string;
  /** Attributes set with setAttribute (values are never parsed as HTML). */
  readonly attrs?: Readonly<Record<string, string>>;
}

/** Creates `<tag>` with the given class, attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className !== undefined) element.className = options.className;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  append(element, ...children);
  return element;
}

/** Appends children; strings and numbers become text nodes; null, undefined and false are skipped. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Finds a required element of index.html; a missing one is a build mistake, so fail loudly. */
export function requireElement<T extends HTMLElement>(root: ParentNode, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`index.html has no ${type.name} matching "${selector}"`);
  return element;
}
