/** A node kind as a small badge: the same colour and shape as on the canvas, then the kind's name. */
import { styleForKind, swatchCss } from '../view/styles';
import { h } from './dom';

/** A swatch drawn like the kind's nodes on the canvas. */
export function kindSwatch(kind: string): HTMLSpanElement {
  const { color, shape } = styleForKind(kind);
  const swatch = h('span', { className: 'kind-swatch', attrs: { 'aria-hidden': 'true' } });
  const css = swatchCss(shape);
  swatch.style.backgroundColor = color;
  swatch.style.clipPath = css.clipPath;
  swatch.style.borderRadius = css.borderRadius;
  return swatch;
}

/** Swatch and kind name, e.g. "◆ City". */
export function kindBadge(kind: string): HTMLSpanElement {
  return h('span', { className: 'kind-badge' }, kindSwatch(kind), h('span', { className: 'kind-name' }, kind));
}
