/**
 * The one place neo4j-driver values become plain JSON: Integers (numbers when safe, strings otherwise),
 * temporals (ISO strings), points, nodes, relationships and paths. Nodes and relationships of our graph
 * become NodeCell / EdgeCell so the console can return wire objects; anything else becomes plain data.
 */
import neo4j, { type Node, type Relationship, type Path } from 'neo4j-driver';
import { EdgeCell, NodeCell } from '../read-result';
import { DOCUMENT_LABEL, ENTITY_LABEL, documentNode, fromStoredNode } from '../stored-graph';
import type { GraphNode } from '../../domain/graph-model';

/**
 * A value as the driver should send it, so that whole numbers are stored as INTEGER: the driver sends every
 * JavaScript number as a FLOAT (a population of 10000000 came back from Cypher as 1.0E7). The rule, the same
 * for properties and for console parameters, needs no declared type because JSON has none finer than
 * "number": a safe integer (|n| < 2^53) is an INTEGER, any other number a FLOAT; a list of numbers is an
 * INTEGER list when every element is a safe integer and a FLOAT list otherwise ([1, 2.5, -3] is stored as
 * [1.0, 2.5, -3.0]: Neo4j keeps a property list of one type). Lists and maps are converted element by element.
 */
export function toDriverValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((x) => typeof x === 'number') && !value.every((x) => Number.isSafeInteger(x))) return value;
    return value.map(toDriverValue);
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toDriverValue(v);
    return out;
  }
  return value;
}

/** Parameters as the driver should send them (see toDriverValue). */
export function toDriverParams(params: Record<string, unknown>): Record<string, unknown> {
  return toDriverValue(params) as Record<string, unknown>;
}

/** Converts a driver value (including nested lists and maps) to JSON-safe data. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Most values are strings, numbers and booleans: answered before the dozen driver type checks below, each a
  // property read on the boxed primitive, which were most of a streamed row's conversion time.
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  // Lists (a relationship's evidence is three of them) are never a driver type either.
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (
    neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) || neo4j.isLocalTime(value) || neo4j.isDuration(value)
  ) {
    return String(value);
  }
  if (neo4j.isPoint(value)) {
    const p = value as { srid: unknown; x: number; y: number; z?: number };
    return { srid: toPlain(p.srid), x: p.x, y: p.y, ...(p.z === undefined ? {} : { z: p.z }) };
  }
  if (neo4j.isNode(value)) return nodeCell(value as Node);
  if (neo4j.isRelationship(value)) return relationshipCell(value as Relationship);
  if (neo4j.isPath(value)) {
    const path = value as Path;
    return {
      nodes: [path.start, ...path.segments.map((s) => s.end)].map((n) => nodeCell(n)),
      edges: path.segments.map((s) => relationshipCell(s.relationship)),
    };
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Plain property map of a node or relationship. */
export function plainProperties(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // for...in, not Object.entries: this runs once per row of a whole-graph read. Driver property maps are
  // plain objects (no inherited keys).
  for (const k in props) out[k] = toPlain(props[k]);
  return out;
}

/** Our kind is the node's label other than the shared Entity label. */
export function kindOf(labels: readonly string[]): string {
  return labels.find((l) => l !== ENTITY_LABEL) ?? ENTITY_LABEL;
}

/** A driver node of our graph as a wire node. */
export function toGraphNode(node: Node): GraphNode {
  return fromStoredNode(kindOf(node.labels), plainProperties(node.properties as Record<string, unknown>));
}

/**
 * The columns of an entity `n` read as a wire node (see nodeOf): its labels and property map rather than
 * the node, whose struct also carries its element id and an Integer identity per row.
 */
export const NODE_COLUMNS = 'RETURN labels(n) AS l, properties(n) AS p';

/** A record of NODE_COLUMNS as a wire node (the same node toGraphNode makes of the whole driver node). */
export function nodeOf(record: { get(key: string): unknown }): GraphNode {
  return fromStoredNode(kindOf(record.get('l') as string[]), plainProperties(record.get('p') as Record<string, unknown>));
}

function nodeCell(node: Node): unknown {
  const props = plainProperties(node.properties as Record<string, unknown>);
  if (node.labels.includes(DOCUMENT_LABEL) && typeof props.id === 'string') return new NodeCell(documentNode(props));
  if (!node.labels.includes(ENTITY_LABEL) || node.labels.includes(DOCUMENT_LABEL) || typeof props.id !== 'string') {
    return props;
  }
  return new NodeCell(toGraphNode(node));
}

function relationshipCell(rel: Relationship): unknown {
  const props = plainProperties(rel.properties as Record<string, unknown>);
  return typeof props.id === 'string' ? new EdgeCell(props.id) : { type: rel.type, ...props };
}
