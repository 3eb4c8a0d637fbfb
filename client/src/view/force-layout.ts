/**
 * A force-directed layout for large views, written for speed rather than polish: Fruchterman-Reingold with the
 * grid trick of their paper (repulsion only between nodes in neighbouring cells, so one step costs O(n + m)
 * instead of O(n²)), on typed arrays, with a step budget in iterations and in milliseconds. It is pure (no DOM,
 * no Cytoscape), so it runs in the layout web worker and in unit tests alike, and deterministic: the same input
 * gives the same positions.
 */

export interface ForceLayoutInput {
  readonly nodeCount: number;
  /** Edge endpoints as node indexes: edge i joins sources[i] and targets[i]. */
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  /** Starting positions, x0, y0, x1, y1, ...; when absent, a breadth-first spiral (see spiralStart). */
  readonly initial?: Float32Array;
  /** Most iterations to run (default 300). */
  readonly maxIterations?: number;
  /** Stop after this many milliseconds even if iterations remain (default: no limit). */
  readonly budgetMs?: number;
  /** Ideal edge length in model pixels (default 70, the small-graph cose setting). */
  readonly edgeLength?: number;
}

export interface ForceLayoutResult {
  /** Final positions, x0, y0, x1, y1, ... */
  readonly positions: Float32Array;
  readonly iterations: number;
  readonly elapsedMs: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Starting positions on a sunflower spiral (evenly spread, no two points close), handed out in breadth-first
 * order from the best-connected node: neighbours start near each other, so a short force run untangles the
 * picture instead of first having to gather every node from a random scatter. Components follow one another
 * outward, largest hubs first. `spacing` sets the distance between points.
 */
export function spiralStart(n: number, sources: Int32Array, targets: Int32Array, spacing: number): Float32Array {
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < sources.length; e++) {
    const s = sources[e] as number;
    const t = targets[e] as number;
    if (s < 0 || t < 0 || s >= n || t >= n || s === t) continue;
    degree[s + 1] = (degree[s + 1] as number) + 1;
    degree[t + 1] = (degree[t + 1] as number) + 1;
  }
  // Neighbour lists in one array (CSR): neighbours of i are adjacency[offset[i] .. offset[i + 1]).
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = (offset[i] as number) + (degree[i + 1] as number);
  const adjacency = new Int32Array(offset[n] as number);
  const fill = offset.slice(0, n);
  for (let e = 0; e < sources.length; e++) {
    const s = sources[e] as number;
    const t = targets[e] as number;
    if (s < 0 || t < 0 || s >= n || t >= n || s === t) continue;
    adjacency[fill[s] as number] = t;
    fill[s] = (fill[s] as number) + 1;
    adjacency[fill[t] as number] = s;
    fill[t] = (fill[t] as number) + 1;
  }
  const byDegree = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (degree[b + 1] as number) - (degree[a + 1] as number) || a - b,
  );
  const visited = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (const root of byDegree) {
    if (visited[root] === 1) continue;
    visited[root] = 1;
    queue[tail++] = root;
    while (head < tail) {
      const v = queue[head++] as number;
      for (let p = offset[v] as number; p < (offset[v + 1] as number); p++) {
        const w = adjacency[p] as number;
        if (visited[w] === 0) {
          visited[w] = 1;
          queue[tail++] = w;
        }
      }
    }
  }
  const positions = new Float32Array(2 * n);
  for (let rank = 0; rank < n; rank++) {
    const v = queue[rank] as number;
    const r = spacing * Math.sqrt(rank + 0.5);
    const a = rank * GOLDEN_ANGLE;
    positions[2 * v] = r * Math.cos(a);
    positions[2 * v + 1] = r * Math.sin(a);
  }
  return positions;
}

/** Where runForceLayout starts when given no positions: the breadth-first spiral at the layout's spacing. */
export function layoutStart(input: ForceLayoutInput): Float32Array {
  const m = Math.min(input.sources.length, input.targets.length);
  return spiralStart(input.nodeCount, input.sources.subarray(0, m), input.targets.subarray(0, m), (input.edgeLength ?? 70) * 0.6);
}

/** Lays out the graph and returns the positions; runs synchronously, so call it off the main thread. */
export function runForceLayout(input: ForceLayoutInput): ForceLayoutResult {
  const started = now();
  const n = input.nodeCount;
  const m = Math.min(input.sources.length, input.targets.length);
  const k = input.edgeLength ?? 70;
  const maxIterations = input.maxIterations ?? 300;
  const budgetMs = input.budgetMs ?? Number.POSITIVE_INFINITY;
  const pos = new Float32Array(2 * n);
  if (n === 0) return { positions: pos, iterations: 0, elapsedMs: 0 };

  // The disc whose area gives each node about k² of room: the size the layout settles towards.
  const radius = k * Math.sqrt(n) * 0.6;
  pos.set(input.initial !== undefined && input.initial.length >= 2 * n ? input.initial.subarray(0, 2 * n) : layoutStart(input));

  const disp = new Float32Array(2 * n);
  const cellOf = new Int32Array(n);
  const order = new Int32Array(n);
  const k2 = k * k;
  const cellSize = 2 * k;
  const reach2 = cellSize * cellSize;
  // Gravity keeps separate components and stray leaves from drifting off; weak enough not to crush hubs.
  const gravity = 0.01;
  const attraction = 0.3;
  // The spiral start is already untangled at large scale, so steps start at a few edge lengths, not the disc.
  const startTemperature = Math.min(radius * 0.1, k * 3);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    if (iterations > 0 && now() - started > budgetMs) break;
    const temperature = startTemperature * (1 - iterations / maxIterations) + k * 0.05;
    disp.fill(0);

    // Bucket nodes into a grid of 2k cells (a counting sort), so repulsion looks only at the 3x3 cells around.
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = pos[2 * i] as number;
      const y = pos[2 * i + 1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const cols = Math.max(1, Math.min(4096, Math.floor((maxX - minX) / cellSize) + 1));
    const rows = Math.max(1, Math.min(4096, Math.floor((maxY - minY) / cellSize) + 1));
    const cellStart = new Int32Array(cols * rows + 1);
    for (let i = 0; i < n; i++) {
      const cx = Math.min(cols - 1, Math.floor(((pos[2 * i] as number) - minX) / cellSize));
      const cy = Math.min(rows - 1, Math.floor(((pos[2 * i + 1] as number) - minY) / cellSize));
      const cell = cy * cols + cx;
      cellOf[i] = cell;
      cellStart[cell + 1] = (cellStart[cell + 1] as number) + 1;
    }
    for (let c = 0; c < cols * rows; c++) cellStart[c + 1] = (cellStart[c + 1] as number) + (cellStart[c] as number);
    const fill = cellStart.slice(0, cols * rows);
    for (let i = 0; i < n; i++) {
      const cell = cellOf[i] as number;
      order[fill[cell] as number] = i;
      fill[cell] = (fill[cell] as number) + 1;
    }

    // Repulsion k²/d between every pair closer than 2k, each pair once.
    for (let i = 0; i < n; i++) {
      const xi = pos[2 * i] as number;
      const yi = pos[2 * i + 1] as number;
      const cell = cellOf[i] as number;
      const cx = cell % cols;
      const cy = (cell - cx) / cols;
      let fx = 0;
      let fy = 0;
      for (let gy = Math.max(0, cy - 1); gy <= Math.min(rows - 1, cy + 1); gy++) {
        for (let gx = Math.max(0, cx - 1); gx <= Math.min(cols - 1, cx + 1); gx++) {
          const c = gy * cols + gx;
          const end = cellStart[c + 1] as number;
          for (let p = cellStart[c] as number; p < end; p++) {
            const j = order[p] as number;
            if (j <= i) continue;
            let dx = xi - (pos[2 * j] as number);
            let dy = yi - (pos[2 * j + 1] as number);
            let d2 = dx * dx + dy * dy;
            if (d2 >= reach2) continue;
            if (d2 < 1e-4) {
              // Two nodes on one spot: push them apart along a direction fixed by their indexes.
              dx = ((i * 7 + j * 13) % 11) - 5 + 0.5;
              dy = ((i * 5 + j * 3) % 7) - 3 + 0.5;
              d2 = dx * dx + dy * dy;
            }
            const f = k2 / d2;
            const ux = dx * f;
            const uy = dy * f;
            fx += ux;
            fy += uy;
            disp[2 * j] = (disp[2 * j] as number) - ux;
            disp[2 * j + 1] = (disp[2 * j + 1] as number) - uy;
          }
        }
      }
      disp[2 * i] = (disp[2 * i] as number) + fx;
      disp[2 * i + 1] = (disp[2 * i + 1] as number) + fy;
    }

    // Attraction along every edge, linear in the distance (as ForceAtlas2) rather than FR's d²/k: repulsion
    // reaches only 2k, so FR's stronger pull would crush long edges of a tangled start into one dense lump.
    for (let e = 0; e < m; e++) {
      const s = input.sources[e] as number;
      const t = input.targets[e] as number;
      if (s === t || s < 0 || t < 0 || s >= n || t >= n) continue;
      const dx = (pos[2 * s] as number) - (pos[2 * t] as number);
      const dy = (pos[2 * s + 1] as number) - (pos[2 * t + 1] as number);
      const f = attraction;
      disp[2 * s] = (disp[2 * s] as number) - dx * f;
      disp[2 * s + 1] = (disp[2 * s + 1] as number) - dy * f;
      disp[2 * t] = (disp[2 * t] as number) + dx * f;
      disp[2 * t + 1] = (disp[2 * t + 1] as number) + dy * f;
    }

    // Move each node along its displacement, by at most the temperature, and pull it gently to the centre.
    for (let i = 0; i < n; i++) {
      const x = pos[2 * i] as number;
      const y = pos[2 * i + 1] as number;
      const dx = (disp[2 * i] as number) - gravity * x;
      const dy = (disp[2 * i + 1] as number) - gravity * y;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d > 0) {
        const step = Math.min(d, temperature) / d;
        pos[2 * i] = x + dx * step;
        pos[2 * i + 1] = y + dy * step;
      }
    }
  }
  return { positions: pos, iterations, elapsedMs: now() - started };
}
