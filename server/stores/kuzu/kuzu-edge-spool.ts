/**
 * A staged import's spool of relationships (one JSON file per type and endpoint pair, copied at the end) and
 * the wrapper that commits a staging copy's transaction every so many records.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GraphEdge } from '../../domain/graph-model';
import type { ImportTransaction } from '../../domain/ports/graph-store';
import { toStoredEdge } from '../stored-graph';
import { jsonCell } from './kuzu-values';

const SPOOL_FLUSH_BYTES = 256 * 1024;

/**
 * The relationships a staged import writes, spooled to one JSON file per type and endpoint pair and copied
 * at the end with one COPY each (see copySpool): kuzu 0.11.3 copies fast only into empty storage. A COPY
 * into a node group that already holds relationships of the pair is merged row by row at the checkpoint,
 * re-reading the group's whole string dictionary for every changed CSR region: 500k rows into a pair holding
 * 500k took over 30 minutes where the first 500k took 9 s, and even one stored row makes the next COPY slow.
 * Buffers at most SPOOL_FLUSH_BYTES per pair.
 */
export class EdgeSpool {
  private readonly groups = new Map<string, SpoolGroup>();
  private files = 0;
  /**
   * Relationships removed and nodes to remove, applied by the rebuild instead of DELETE: a DELETE in a filled
   * table is merged at the checkpoint as slowly as a COPY (undoing a 1M-relationship import was still in
   * that checkpoint after 5 minutes when stopped), and a node can go only once its relationships are gone.
   */
  readonly removedEdges = new Set<string>();
  readonly removedNodes: string[] = [];

  private constructor(private readonly dir: string) {}

  /** In `parent` (the staging folder), so a killed import's spool goes with the staging copy at the next open. */
  static async create(parent: string): Promise<EdgeSpool> {
    return new EdgeSpool(await fs.mkdtemp(path.join(parent, 'spool-')));
  }

  async add(type: string, from: string, to: string, cols: readonly string[], edges: readonly GraphEdge[]): Promise<void> {
    const g = this.group(type, from, to);
    for (const e of edges) {
      const props = toStoredEdge(e);
      const row: Record<string, unknown> = { from: e.source, to: e.target };
      for (const c of cols) row[c] = jsonCell(props[c]);
      this.push(g, JSON.stringify(row));
    }
    if (g.bytes >= SPOOL_FLUSH_BYTES) await this.flush(g);
  }

  /** Adds one row already in the spool's form ({from, to, column: value}), e.g. a stored relationship read back. */
  async addRow(type: string, from: string, to: string, row: Readonly<Record<string, unknown>>): Promise<void> {
    const g = this.group(type, from, to);
    this.push(g, JSON.stringify(row));
    if (g.bytes >= SPOOL_FLUSH_BYTES) await this.flush(g);
  }

  /** The relationship types with spooled rows. */
  types(): string[] {
    return [...new Set([...this.groups.values()].map((g) => g.type))];
  }

  /** Ends the spooled files of `type`: [from, to, file, rows] for each pair with rows. */
  async finish(type: string): Promise<Array<{ from: string; to: string; file: string; rows: number }>> {
    const out: Array<{ from: string; to: string; file: string; rows: number }> = [];
    for (const g of this.groups.values()) {
      if (g.type !== type || g.rows === 0) continue;
      await this.flush(g);
      await fs.appendFile(g.file, ']');
      out.push({ from: g.from, to: g.to, file: g.file, rows: g.rows });
    }
    return out;
  }

  private group(type: string, from: string, to: string): SpoolGroup {
    const key = `${type}\u0000${from}\u0000${to}`;
    let g = this.groups.get(key);
    if (!g) {
      this.files += 1;
      g = { type, from, to, file: path.join(this.dir, `${this.files}.json`), rows: 0, buffered: [], bytes: 0 };
      this.groups.set(key, g);
    }
    return g;
  }

  private push(g: SpoolGroup, text: string): void {
    g.buffered.push(text);
    g.bytes += text.length;
    g.rows += 1;
  }

  private async flush(g: SpoolGroup): Promise<void> {
    if (g.buffered.length === 0) return;
    const first = g.rows === g.buffered.length;
    await fs.appendFile(g.file, `${first ? '[' : ','}${g.buffered.join(',\n')}`);
    g.buffered = [];
    g.bytes = 0;
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

interface SpoolGroup {
  type: string;
  from: string;
  to: string;
  file: string;
  /** Rows in `file`, buffered ones included. */
  rows: number;
  buffered: string[];
  bytes: number;
}

/** Wraps `tx` so that after every `slice` records written, `commit` runs (it commits and begins anew). */
export function commitInSlices(tx: ImportTransaction, slice: number, commit: () => Promise<void>): ImportTransaction {
  let pending = 0;
  const after = async (n: number): Promise<void> => {
    pending += n;
    if (pending < slice) return;
    pending = 0;
    await commit();
  };
  return {
    ...tx,
    putNodes: async (fresh, replace) => {
      await tx.putNodes(fresh, replace);
      await after(fresh.length + replace.length);
    },
    putEdges: async (edges) => {
      await tx.putEdges(edges);
      await after(edges.length);
    },
    putDocuments: async (fresh, replace) => {
      await tx.putDocuments(fresh, replace);
      await after(fresh.length + replace.length);
    },
    removeEdges: async (keys) => {
      await tx.removeEdges(keys);
      await after(keys.length);
    },
    removeNodes: async (ids) => {
      await tx.removeNodes(ids);
      await after(ids.length);
    },
  };
}
