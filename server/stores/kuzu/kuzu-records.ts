/**
 * How Kuzu's node, relationship and path values become wire objects (or console cells), and the filter that
 * tells entity nodes from the internal ones (documents, the import log) sharing the node tables.
 */
import type { KuzuValue } from 'kuzu';
import type { GraphEdge, GraphNode } from '../../domain/graph-model';
import type { SeedDocument } from '../../domain/seed-schema';
import { EdgeCell, NodeCell } from '../read-result';
import { DOCUMENT_LABEL, INTERNAL_LABELS, documentNode, fromStoredEdge, fromStoredNode } from '../stored-graph';
import { isNodeValue } from './kuzu-result-rows';

/** Matches entity nodes only: documents and the import log live in node tables too. */
export const IS_ENTITY = INTERNAL_LABELS.map((l) => `label(n) <> '${l}'`).join(' AND ');

export function toNode(v: KuzuValue | undefined): GraphNode {
  const raw = v as Record<string, unknown>;
  return fromStoredNode(String(raw._label), raw);
}

export function toEdge(v: KuzuValue | undefined, source: string, target: string, docs: ReadonlyMap<string, SeedDocument>): GraphEdge {
  const raw = v as Record<string, unknown>;
  return fromStoredEdge(String(raw._label), source, target, raw, docs);
}

/** Kuzu value -> plain JSON, with nodes as NodeCell and relationships as EdgeCell placeholders. */
export function toCell(v: KuzuValue): unknown {
  // Most cells of a large result are strings or numbers: answer those before the other tests.
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => toCell(x));
  if (typeof v === 'object') {
    const o = v as Record<string, KuzuValue>;
    if (Array.isArray(o._nodes) && Array.isArray(o._rels)) {
      return { nodes: o._nodes.map((n) => toCell(n)), edges: o._rels.map((r) => toCell(r)) };
    }
    if (o._src !== undefined && o._dst !== undefined && typeof o._label === 'string') {
      return typeof o.id === 'string' ? new EdgeCell(o.id) : plainProperties(o);
    }
    if (isNodeValue(o as Record<string, unknown>)) {
      if (o._label === DOCUMENT_LABEL && typeof o.id === 'string') return new NodeCell(documentNode(o as Record<string, unknown>));
      if (INTERNAL_LABELS.includes(String(o._label)) || typeof o.id !== 'string') return plainProperties(o);
      return new NodeCell(toNode(o));
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toCell(x)]));
  }
  return v;
}

function plainProperties(o: Record<string, KuzuValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([k, x]) => !k.startsWith('_') && x !== null)
      .map(([k, x]) => [k, toCell(x)]),
  );
}
