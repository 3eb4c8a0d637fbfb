/** Area tests for group selection: which nodes a lasso outline (lasso-select.ts) or a selection box encloses. */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** True when `p` lies inside the polygon `outline` (even-odd rule; points on an edge may fall either way). */
export function insidePolygon(p: Point, outline: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const a = outline[i] as Point;
    const b = outline[j] as Point;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** True when `p` lies inside the axis-aligned box with opposite corners `a` and `b` (either order; edges count). */
export function insideBox(p: Point, a: Point, b: Point): boolean {
  return p.x >= Math.min(a.x, b.x) && p.x <= Math.max(a.x, b.x) && p.y >= Math.min(a.y, b.y) && p.y <= Math.max(a.y, b.y);
}
