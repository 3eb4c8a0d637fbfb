/** Point-in-polygon, for the lasso (lasso-select.ts): which nodes a free-hand outline encloses. */

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
