/**
 * The first pass of an export: which property keys occur on the selected nodes and edges, and with which
 * types, so header-first formats (GraphML keys, GEXF attributes, CSV headers) can be written before the data.
 */
import type { GraphEdge, GraphNode, PropertyValue } from '../domain/graph-model';
import type { PropertyType } from '../domain/seed-schema';
import { DERIVED_EDGE_KEYS } from '../domain/validity';
import type { ExportPropertyType } from './export-values';

export interface PropertyKeys {
  nodePropertyKeys: Map<string, ExportPropertyType>;
  edgePropertyKeys: Map<string, ExportPropertyType>;
}

type Many<T> = Iterable<T> | AsyncIterable<T>;

// An empty list says nothing about its element type until another value of the key does.
type Seen = ExportPropertyType | 'list';

const isWhole = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);

function typeOfValue(value: PropertyValue): Seen {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return isWhole(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value.length === 0) return 'list';
  if (!value.every((v) => typeof v === 'number')) return 'string[]';
  return value.every(isWhole) ? 'integer[]' : 'number[]';
}

const isList = (t: Seen): boolean => t === 'list' || t === 'string[]' || t === 'number[]' || t === 'integer[]';

/** The narrowest type holding both: integers widen to numbers, else a list type if either is a list, else string. */
function widen(a: Seen, b: Seen): Seen {
  if (a === b) return a;
  if (a === 'list' && isList(b)) return b;
  if (b === 'list' && isList(a)) return a;
  const pair = new Set([a, b]);
  if (pair.has('integer') && pair.has('number')) return 'number';
  if (pair.has('integer[]') && pair.has('number[]')) return 'number[]';
  return isList(a) || isList(b) ? 'string[]' : 'string';
}

/** For a key declared `number` or `number[]`: its integer form while every value seen is whole, else the declared type. */
function refineDeclared(type: 'number' | 'number[]', before: Seen | undefined, value: PropertyValue): Seen {
  const whole = type === 'number' ? 'integer' : 'integer[]';
  const now = typeOfValue(value);
  const fits = now === whole || (type === 'number[]' && now === 'list');
  return fits && (before === undefined || before === whole) ? whole : type;
}

function note(seen: Map<string, Seen>, properties: Record<string, PropertyValue>, declared: ReadonlyMap<string, PropertyType>, skip?: ReadonlySet<string>): void {
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null || skip?.has(key)) continue;
    const type = declared.get(key);
    if (type === 'number' || type === 'number[]') {
      seen.set(key, refineDeclared(type, seen.get(key), value));
      continue;
    }
    if (type !== undefined) {
      seen.set(key, type);
      continue;
    }
    const before = seen.get(key);
    const now = typeOfValue(value);
    seen.set(key, before === undefined ? now : widen(before, now));
  }
}

function sorted(seen: Map<string, Seen>): Map<string, ExportPropertyType> {
  const out = new Map<string, ExportPropertyType>();
  for (const key of [...seen.keys()].sort()) {
    const t = seen.get(key) as Seen;
    out.set(key, t === 'list' ? 'string[]' : t);
  }
  return out;
}

const DERIVED = new Set<string>(DERIVED_EDGE_KEYS);

/**
 * The property keys of the nodes and edges, sorted, each with its declared type or, when undeclared, the type
 * its values have ('string' | 'number' | 'boolean' | 'string[]' | 'number[]'; values of different types widen
 * to 'string', or to 'string[]' when a list is among them). Declared 'date' stays 'date' (written as text).
 * A number key (declared or not) is 'integer' / 'integer[]' while every value of it is a whole number within
 * ±2^53, so the typed formats write integers as integers; one decimal among them makes it 'number' / 'number[]'.
 * The derived yearFrom / yearTo of stored edges are left out: the writers that want them derive them.
 */
export async function collectPropertyKeys(
  nodes: Many<GraphNode>,
  edges: Many<GraphEdge>,
  declared: ReadonlyMap<string, PropertyType>,
): Promise<PropertyKeys> {
  const nodeSeen = new Map<string, Seen>();
  const edgeSeen = new Map<string, Seen>();
  for await (const node of nodes) note(nodeSeen, node.properties, declared);
  for await (const edge of edges) note(edgeSeen, edge.properties, declared, DERIVED);
  return { nodePropertyKeys: sorted(nodeSeen), edgePropertyKeys: sorted(edgeSeen) };
}
