/**
 * When a claim held, as whole years, for the time slider and year-filtered traversals. The rule:
 * - `validFrom` / `validTo` bound the interval when given;
 * - otherwise `asOf` starts it (the claim is known to hold from then; a later figure is a separate edge);
 * - a relationship to or from a dated event (`date` on the node) without dates of its own holds in the
 *   event's year only;
 * - a claim with no date at all (e.g. "Dushanbe is the capital of Tajikistan") holds in every year.
 * The interval is stored on each relationship as `yearFrom` / `yearTo` (derived, null = open), so both
 * engines can filter by year inside the traversal.
 */
import type { GraphEdge, GraphNode, PropertyValue } from './graph-model';

export interface YearInterval {
  yearFrom: number | null;
  yearTo: number | null;
}

/** Derived properties the stores keep on relationships and the wire model does not show. */
export const DERIVED_EDGE_KEYS = ['yearFrom', 'yearTo'] as const;

/** The year of "YYYY", "YYYY-MM" or "YYYY-MM-DD"; null for anything else. */
export function yearOf(value: PropertyValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})(?:-\d{2}){0,2}$/.exec(value);
  return m ? Number(m[1]) : null;
}

/** The interval in which an edge's claim held, by the rule above. */
export function validityOf(edge: GraphEdge, endpoints: ReadonlyMap<string, GraphNode>): YearInterval {
  const from = yearOf(edge.properties.validFrom) ?? yearOf(edge.properties.asOf);
  const to = yearOf(edge.properties.validTo);
  if (from !== null || to !== null) return { yearFrom: from, yearTo: to };
  for (const id of [edge.target, edge.source]) {
    const eventYear = yearOf(endpoints.get(id)?.properties.date);
    if (eventYear !== null) return { yearFrom: eventYear, yearTo: eventYear };
  }
  return { yearFrom: null, yearTo: null };
}

/** True when the interval includes `year`. */
export function holdsIn(interval: YearInterval, year: number): boolean {
  return (interval.yearFrom === null || interval.yearFrom <= year) && (interval.yearTo === null || interval.yearTo >= year);
}
