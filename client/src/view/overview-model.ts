/**
 * What an overview draws, outside Cytoscape: every node's position, size and colour and every edge's endpoints
 * and colour, in flat arrays the overview layer strokes and fills directly (overview-layer.ts). Profiling a
 * 50k-element overview showed Cytoscape's per-element work (a style, a bounding box and a cached texture per
 * element, every frame) costing seconds, so an overview hands Cytoscape only the few elements that must be
 * interactive or highlighted (overview-drawing.ts) and answers "what is under the pointer" from a grid over
 * these positions.
 */
import type cytoscape from 'cytoscape';

/** The overview's edge colour when an edge has no category colour: the base grey at 60 % over white. */
export const LAYER_EDGE_GREY = '#c2c9d2';
/** Side of a hit-test grid cell, in model pixels: a few node diameters. */
const CELL = 64;

export interface ModelBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** The drawing of an overview: Cytoscape element definitions by index, with positions kept here. */
export class OverviewModel {
  readonly nodes: readonly cytoscape.ElementDefinition[];
  readonly edges: readonly cytoscape.ElementDefinition[];
  /** Cytoscape element id ("n:…", "e:…") to index in `nodes` or `edges`. */
  readonly nodeIndex = new Map<string, number>();
  readonly edgeIndex = new Map<string, number>();
  /** x, y of node i at 2i, 2i + 1 (model pixels). */
  readonly positions: Float32Array;
  readonly sizes: Float32Array;
  readonly colours: readonly string[];
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  /** True for nodes no layout moves (pinned). */
  readonly locked: Uint8Array;
  private readonly maxSize: number;
  private incidence: number[][] | null = null;
  private grid: Map<number, number[]> | null = null;

  constructor(nodes: readonly cytoscape.ElementDefinition[], edges: readonly cytoscape.ElementDefinition[], positions: Float32Array) {
    this.nodes = nodes;
    this.edges = edges;
    this.positions = positions;
    this.sizes = Float32Array.from(nodes, (node) => Number(node.data['size'] ?? 18));
    this.colours = nodes.map((node) => String(node.data['color'] ?? '#94a3b8'));
    this.locked = new Uint8Array(nodes.length);
    this.maxSize = this.sizes.reduce((max, size) => Math.max(max, size), 0);
    nodes.forEach((node, i) => this.nodeIndex.set(String(node.data.id), i));
    this.sources = new Int32Array(edges.length);
    this.targets = new Int32Array(edges.length);
    edges.forEach((edge, i) => {
      this.edgeIndex.set(String(edge.data.id), i);
      this.sources[i] = this.nodeIndex.get(String(edge.data.source)) ?? -1;
      this.targets[i] = this.nodeIndex.get(String(edge.data.target)) ?? -1;
    });
  }

  /** The model of element definitions, each node at its definition's position. */
  static ofElements(elements: readonly cytoscape.ElementDefinition[]): OverviewModel {
    const nodes = elements.filter((element) => element.group === 'nodes');
    const edges = elements.filter((element) => element.group === 'edges');
    const positions = new Float32Array(nodes.length * 2);
    nodes.forEach((node, i) => {
      positions[2 * i] = node.position?.x ?? 0;
      positions[2 * i + 1] = node.position?.y ?? 0;
    });
    return new OverviewModel(nodes, edges, positions);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  get edgeCount(): number {
    return this.edges.length;
  }

  x(i: number): number {
    return this.positions[2 * i] ?? 0;
  }

  y(i: number): number {
    return this.positions[2 * i + 1] ?? 0;
  }

  edgeColour(e: number): string {
    return String(this.edges[e]?.data['categoryColor'] ?? LAYER_EDGE_GREY);
  }

  /** Moves node i; the hit-test grid is rebuilt on its next use. */
  moveNode(i: number, x: number, y: number): void {
    this.positions[2 * i] = x;
    this.positions[2 * i + 1] = y;
    this.grid = null;
  }

  /** Takes a layout's positions for every node that is not locked. */
  takePositions(positions: Float32Array): void {
    for (let i = 0; i < this.nodes.length; i++) {
      if (this.locked[i] === 1) continue;
      this.positions[2 * i] = positions[2 * i] ?? 0;
      this.positions[2 * i + 1] = positions[2 * i + 1] ?? 0;
    }
    this.grid = null;
  }

  /** Indices of the edges at node i (built once, on first use). */
  incidentEdges(i: number): readonly number[] {
    if (this.incidence === null) {
      const incidence: number[][] = Array.from({ length: this.nodes.length }, () => []);
      for (let e = 0; e < this.edges.length; e++) {
        incidence[this.sources[e] as number]?.push(e);
        incidence[this.targets[e] as number]?.push(e);
      }
      this.incidence = incidence;
    }
    return this.incidence[i] ?? [];
  }

  /** The box around every node's centre, or null when there is none. */
  box(): ModelBox | null {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (let i = 0; i + 1 < this.positions.length; i += 2) {
      const x = this.positions[i] as number;
      const y = this.positions[i + 1] as number;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
    return x1 > x2 ? null : { x1, y1, x2, y2 };
  }

  /** Indices of the nodes whose centre lies in `box`. */
  nodesIn(box: ModelBox): number[] {
    const inside: number[] = [];
    for (let i = 0; i < this.nodes.length; i++) {
      const x = this.x(i);
      const y = this.y(i);
      if (x >= box.x1 && x <= box.x2 && y >= box.y1 && y <= box.y2) inside.push(i);
    }
    return inside;
  }

  /**
   * The node drawn at model point (x, y): the nearest whose disc, widened by `slack` model pixels, holds the
   * point; -1 when none does. Largest-first would pick hubs over the small nodes on top of them, so nearest wins.
   */
  nodeAt(x: number, y: number, slack: number): number {
    const grid = this.hitGrid();
    const reach = this.maxSize / 2 + slack;
    const cx1 = Math.floor((x - reach) / CELL);
    const cx2 = Math.floor((x + reach) / CELL);
    const cy1 = Math.floor((y - reach) / CELL);
    const cy2 = Math.floor((y + reach) / CELL);
    let best = -1;
    let bestDistance = Infinity;
    for (let cx = cx1; cx <= cx2; cx++) {
      for (let cy = cy1; cy <= cy2; cy++) {
        for (const i of grid.get(cellKey(cx, cy)) ?? []) {
          const distance = Math.hypot(this.x(i) - x, this.y(i) - y);
          if (distance <= (this.sizes[i] as number) / 2 + slack && distance < bestDistance) {
            best = i;
            bestDistance = distance;
          }
        }
      }
    }
    return best;
  }

  private hitGrid(): Map<number, number[]> {
    if (this.grid !== null) return this.grid;
    const grid = new Map<number, number[]>();
    for (let i = 0; i < this.nodes.length; i++) {
      const key = cellKey(Math.floor(this.x(i) / CELL), Math.floor(this.y(i) / CELL));
      const cell = grid.get(key);
      if (cell === undefined) grid.set(key, [i]);
      else cell.push(i);
    }
    this.grid = grid;
    return grid;
  }
}

/** One number per grid cell; cells span ±2^20 in each direction, far beyond any layout's extent. */
function cellKey(cx: number, cy: number): number {
  return (cx + 1048576) * 2097152 + (cy + 1048576);
}
