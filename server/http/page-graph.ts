/**
 * GET /api/graph: the whole graph the explorer draws on load, as the JSON export writes it, kept as one
 * ready body with a strong ETag. A reload costs a 304 (or the cached bytes), not an export: exports keep
 * their strict rate limit while page loads have their own, generous one.
 *
 * The cached body is dropped when a write goes through the app (WriteTracker). On Neo4j other clients may
 * write too, so there the body is also re-read after NEO4J_GRAPH_MAX_AGE_MS.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { prepareExport, type ExportDependencies } from '../domain/export-selection';
import type { WriteTracker } from '../domain/write-tracking';
import { writerFor } from '../export/export-writer';

/** How long a cached graph is served on Neo4j, where writers other than this app may exist. */
export const NEO4J_GRAPH_MAX_AGE_MS = 5_000;

interface Snapshot {
  etag: string;
  body: Buffer;
  version: number;
  readAt: number;
}

export interface PageGraphDependencies extends ExportDependencies {
  writes: WriteTracker;
}

/** Builds the page's graph body once per store version and answers conditional requests. */
export class PageGraph {
  private snapshot: Snapshot | undefined;
  private building: Promise<Snapshot> | undefined;

  constructor(private readonly deps: PageGraphDependencies) {}

  /** The current body and its ETag, read from the store only when a write made the last one stale. */
  async current(): Promise<Snapshot> {
    const cached = this.snapshot;
    if (cached && this.fresh(cached)) return cached;
    // Concurrent page loads share one read.
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private fresh(snapshot: Snapshot): boolean {
    if (snapshot.version !== this.deps.writes.version()) return false;
    return this.deps.store.engine !== 'neo4j' || Date.now() - snapshot.readAt < NEO4J_GRAPH_MAX_AGE_MS;
  }

  private async build(): Promise<Snapshot> {
    const version = this.deps.writes.version();
    const readAt = Date.now();
    const prepared = await prepareExport(this.deps, { format: 'json', selection: { kind: 'all' } });
    const parts: Buffer[] = [];
    const hash = createHash('sha256');
    for await (const chunk of writerFor('json')(prepared.input)) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      hash.update(bytes);
      parts.push(bytes);
    }
    const snapshot: Snapshot = { etag: `"${hash.digest('base64url').slice(0, 32)}"`, body: Buffer.concat(parts), version, readAt };
    // A write that started or ended while reading leaves the body unknown: answer it, but do not keep it.
    if (version === this.deps.writes.version() && this.deps.writes.writesInFlight() === 0) this.snapshot = snapshot;
    return snapshot;
  }

  /** Express handler: 304 when the client holds the current body, else the body. */
  handler(): (req: Request, res: Response) => Promise<void> {
    return async (req, res) => {
      const snapshot = await this.current();
      res.setHeader('ETag', snapshot.etag);
      // The browser keeps the body and asks again on every load: a 304 is a few bytes.
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Vary', 'Authorization');
      if (matches(req.get('If-None-Match'), snapshot.etag)) {
        res.status(304).end();
        return;
      }
      res.type('application/json').send(snapshot.body);
    };
  }
}

/** True when an If-None-Match header names `etag` (or is `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}
