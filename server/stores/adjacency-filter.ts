/**
 * The WHERE fragment of an adjacency query, shared by both adapters: the Cypher is the same on both
 * engines except for the function that names a relationship's type (`type(r)` / `label(r)`).
 * Only parameters carry values.
 */
import type { AdjacencyFilter } from '../domain/ports/graph-store';

export function adjacencyWhere(
  filter: AdjacencyFilter,
  typeFunction: 'type(r)' | 'label(r)',
): { where: string; params: Record<string, string[] | number> } {
  let where = '';
  const params: Record<string, string[] | number> = {};
  if (filter.types && filter.types.length > 0) {
    where += ` AND ${typeFunction} IN $types`;
    params.types = [...filter.types];
  }
  if (filter.year !== undefined) {
    where += ' AND (r.yearFrom IS NULL OR r.yearFrom <= $year) AND (r.yearTo IS NULL OR r.yearTo >= $year)';
    params.year = filter.year;
  }
  return { where, params };
}
