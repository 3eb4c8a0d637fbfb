/**
 * The columns and FROM/TO pairs an upsert or bulk load needs, typed from the values (or the input's declared
 * property types): what the store then creates before any data is written.
 */
import type { PropertyValue } from '../../domain/graph-model';
import type { PropertyType } from '../../domain/seed-schema';
import type { UpsertInput } from '../../domain/ports/graph-store';
import { QueryFailedError } from '../../domain/errors';
import { inferPropertyType } from '../stored-graph';
import type { KuzuSchema } from './kuzu-schema';

/** The tables an upsert needs: node and relationship columns, and each relationship type's pairs in the order first seen. */
export interface UpsertColumns {
  nodeColumns: Map<string, Map<string, PropertyType>>;
  relColumns: Map<string, Map<string, PropertyType>>;
  relPairs: Map<string, Array<[string, string]>>;
}

/** Columns and pairs `input` needs, given every endpoint's kind (`kindOf`); throws naming a relationship whose endpoint is unknown. */
export function upsertColumns(schema: KuzuSchema, input: UpsertInput, kindOf: ReadonlyMap<string, string>): UpsertColumns {
  // Plain loops without a string key per relationship: at 1M relationships this ran for seconds.
  const typeOf = (key: string, value: PropertyValue): PropertyType => input.propertyTypes[key] ?? inferPropertyType(value);
  const nodeColumns = new Map<string, Map<string, PropertyType>>();
  // An empty list types nothing where the table or another value already gives the key a type (a DOUBLE[]
  // column takes [] as well); alone it makes a STRING[] column, as a key must have one to hold [].
  const emptyFits = (table: string, cols: ReadonlyMap<string, PropertyType>, k: string, v: PropertyValue): boolean =>
    Array.isArray(v) && v.length === 0 && (cols.has(k) || schema.columns(table).has(k));
  for (const n of input.nodes) {
    const cols = nodeColumns.get(n.kind) ?? new Map<string, PropertyType>([['name', 'string'], ['aliases', 'string[]']]);
    for (const [k, v] of Object.entries(n.properties)) if (!emptyFits(n.kind, cols, k, v)) cols.set(k, typeOf(k, v));
    nodeColumns.set(n.kind, cols);
  }
  const relColumns = new Map<string, Map<string, PropertyType>>();
  // type -> from -> to kinds seen, and the pairs in the order first seen.
  const seenPairs = new Map<string, Map<string, Set<string>>>();
  const relPairs = new Map<string, Array<[string, string]>>();
  for (const e of input.edges) {
    const from = kindOf.get(e.source);
    const to = kindOf.get(e.target);
    if (!from || !to) throw new QueryFailedError(`Relationship ${e.id} joins an unknown node (${from ? e.target : e.source}).`);
    let cols = relColumns.get(e.type);
    if (!cols) {
      cols = new Map<string, PropertyType>([
        ['sourceDocuments', 'string[]'],
        ['sourceQuotes', 'string[]'],
        ['sourceRoles', 'string[]'],
        // Every relationship table has the derived interval, so a year filter binds on all of them.
        ['yearFrom', 'number'],
        ['yearTo', 'number'],
      ]);
      relColumns.set(e.type, cols);
    }
    for (const k in e.properties) {
      const v = e.properties[k] as PropertyValue;
      if (!emptyFits(e.type, cols, k, v)) cols.set(k, typeOf(k, v));
    }
    let byFrom = seenPairs.get(e.type);
    if (!byFrom) seenPairs.set(e.type, (byFrom = new Map()));
    let tos = byFrom.get(from);
    if (!tos) byFrom.set(from, (tos = new Set()));
    if (!tos.has(to)) {
      tos.add(to);
      const pairs = relPairs.get(e.type);
      if (pairs) pairs.push([from, to]);
      else relPairs.set(e.type, [[from, to]]);
    }
  }
  return { nodeColumns, relColumns, relPairs };
}
