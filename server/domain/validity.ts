/**
 * When a claim held, as whole years, for the time slider and year-filtered traversals. Time follows the
 * evidence:
 * - a claim holds from its `validFrom`; without one, from the earliest date any evidence gives (`asOf`, the
 *   publication of its earliest source), never before evidence of it exists (when the evidence dates an end
 *   before its own time, "they withdrew in 2005", it holds at least in that end year);
 * - it holds until its `validTo`; without one, until its latest evidence (`asOf`, latest source) plus the
 *   evidence horizon: a claim nobody reconfirmed for that many years fades out (default 8, adjustable);
 *   structural links (PART_OF, LOCATED_IN, CAPITAL_OF, SEAT_OF, BORDERS) do not fade;
 * - a figure is superseded by a later figure of the same quantity for the same pair and type (25,000 troops
 *   in 2003, 7,000 in 2011: the 2003 figure holds until 2010) — see `validitiesOf`;
 * - a relationship to or from a dated event without dates or sources of its own holds in the event's year;
 * - a claim with no date and no dated evidence at all holds in every year.
 *
 * What is stored: `yearFrom` / `yearTo` on each relationship (DERIVED_EDGE_KEYS) are the *hard* interval,
 * derived from the edge alone at write time (`storedValidityOf`: start, and `validTo` or open). The horizon
 * and supersession are applied at read time (traversal.ts, the client's drawn graph), because the horizon
 * is a query parameter and supersession needs the other figures of the pair, which one imported row does
 * not see. The stored interval always contains the read-time one, so stores can pre-filter by year.
 */
import type { GraphEdge, GraphNode, PropertyValue } from './graph-model';

export interface YearInterval {
  yearFrom: number | null;
  yearTo: number | null;
}

/** Derived properties the stores keep on relationships and the wire model does not show. */
export const DERIVED_EDGE_KEYS = ['yearFrom', 'yearTo'] as const;

/** Years a claim holds past its latest evidence when nothing ends or reconfirms it (the README documents it). */
export const DEFAULT_EVIDENCE_HORIZON_YEARS = 8;
/** Bounds of the horizon a request or the configuration may ask for. */
export const MIN_EVIDENCE_HORIZON_YEARS = 0;
export const MAX_EVIDENCE_HORIZON_YEARS = 1000;

export interface ValidityOptions {
  /** Years past the latest evidence a claim still holds; Infinity: never fades (the stored, hard interval). */
  horizon?: number;
}

/**
 * What belongs to what and where it lies is not news that goes stale: these links start with their evidence
 * like any claim but do not fade after the horizon (they end only at their validTo).
 */
export const STRUCTURAL_TYPES = ['PART_OF', 'LOCATED_IN', 'CAPITAL_OF', 'SEAT_OF', 'BORDERS'] as const;
const STRUCTURAL = new Set<string>(STRUCTURAL_TYPES);

/** Quantity keys whose figures supersede each other; a range (xMin / xMax) is the quantity x. */
const QUANTITY_KEYS = new Set(['troops', 'people', 'amountUsd', 'percentOfGdp', 'changePercent', 'quantity', 'killed', 'displaced']);
/** Claims that state no established figure and so supersede nothing. */
const NON_SUPERSEDING_STATUSES = new Set(['retracted', 'planned']);

/** The year of "YYYY", "YYYY-MM" or "YYYY-MM-DD"; null for anything else. */
export function yearOf(value: PropertyValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})(?:-\d{2}){0,2}$/.exec(value);
  return m ? Number(m[1]) : null;
}

/** The years of the evidence for an edge: its `asOf` and the publication years of its sources. */
export function evidenceYearsOf(edge: GraphEdge): number[] {
  const years = edge.sources.map((s) => yearOf(s.published)).filter((y): y is number => y !== null);
  const asOf = yearOf(edge.properties.asOf);
  if (asOf !== null) years.push(asOf);
  return years;
}

/** The interval in which an edge's claim held, by the rule above, from the edge alone (no supersession). */
export function validityOf(
  edge: GraphEdge,
  endpoints: ReadonlyMap<string, GraphNode>,
  options: ValidityOptions = {},
): YearInterval {
  const horizon = STRUCTURAL.has(edge.type) ? Infinity : (options.horizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS);
  const evidence = evidenceYearsOf(edge);
  const validFrom = yearOf(edge.properties.validFrom);
  const validTo = yearOf(edge.properties.validTo);
  if (validFrom === null && validTo === null && yearOf(edge.properties.asOf) === null) {
    // An undated tie to a dated event is about that event: it holds in the event's year.
    for (const id of [edge.target, edge.source]) {
      const eventYear = yearOf(endpoints.get(id)?.properties.date);
      if (eventYear !== null) return { yearFrom: eventYear, yearTo: eventYear };
    }
  }
  const earliest = evidence.length > 0 ? Math.min(...evidence) : null;
  const latest = evidence.length > 0 ? Math.max(...evidence, validFrom ?? -Infinity) : null;
  // A source that dates an end before its own time reports the past: the claim held at least in that year.
  const yearFrom = validFrom ?? (earliest !== null && validTo !== null ? Math.min(earliest, validTo) : earliest);
  let yearTo = validTo;
  if (yearTo === null && latest !== null && Number.isFinite(horizon)) yearTo = latest + horizon;
  return { yearFrom, yearTo };
}

/** The interval the stores keep (yearFrom / yearTo): the hard one, without the horizon, a superset of any read-time one. */
export function storedValidityOf(edge: GraphEdge, endpoints: ReadonlyMap<string, GraphNode>): YearInterval {
  return validityOf(edge, endpoints, { horizon: Infinity });
}

/** The quantity an edge states a figure of ("troops" for troops or troopsMin/troopsMax), or null. */
export function quantityOf(edge: GraphEdge): string | null {
  for (const key of Object.keys(edge.properties).sort()) {
    const base = key.replace(/(Min|Max)$/, '');
    if (QUANTITY_KEYS.has(base)) return base;
  }
  return null;
}

/**
 * The interval of each edge, with supersession among them: a figure ends the year before a later figure
 * of the same quantity, type and (directed) pair starts. Pass every edge of the pairs concerned (a path
 * hop's ties, the canvas); edges not given cannot supersede. Keyed by edge id.
 */
export function validitiesOf(
  edges: readonly GraphEdge[],
  endpoints: ReadonlyMap<string, GraphNode>,
  options: ValidityOptions = {},
): Map<string, YearInterval> {
  const result = new Map<string, YearInterval>();
  const series = new Map<string, Array<{ edge: GraphEdge; interval: YearInterval }>>();
  for (const edge of edges) {
    const interval = validityOf(edge, endpoints, options);
    result.set(edge.id, interval);
    const quantity = quantityOf(edge);
    if (quantity === null || interval.yearFrom === null) continue;
    const key = `${edge.type}\u0000${edge.source}\u0000${edge.target}\u0000${quantity}`;
    const list = series.get(key) ?? [];
    list.push({ edge, interval });
    series.set(key, list);
  }
  for (const list of series.values()) {
    for (const { edge, interval } of list) {
      const start = interval.yearFrom ?? 0;
      const laterStarts = list
        .filter((o) => o.edge.id !== edge.id && !NON_SUPERSEDING_STATUSES.has(String(o.edge.properties.status ?? '')))
        .map((o) => o.interval.yearFrom ?? 0)
        .filter((y) => y > start);
      if (laterStarts.length === 0) continue;
      const end = Math.min(...laterStarts) - 1;
      result.set(edge.id, { yearFrom: interval.yearFrom, yearTo: interval.yearTo === null ? end : Math.min(interval.yearTo, end) });
    }
  }
  return result;
}

/** True when the interval includes `year`. */
export function holdsIn(interval: YearInterval, year: number): boolean {
  return (interval.yearFrom === null || interval.yearFrom <= year) && (interval.yearTo === null || interval.yearTo >= year);
}

/** The supersession end of an edge, when a later figure replaced it (for "superseded in 2011" labels). */
export function supersededIn(edge: GraphEdge, all: ReadonlyMap<string, YearInterval>, endpoints: ReadonlyMap<string, GraphNode>, options: ValidityOptions = {}): number | null {
  const own = validityOf(edge, endpoints, options);
  const effective = all.get(edge.id);
  if (!effective || effective.yearTo === null || effective.yearTo === own.yearTo) return null;
  return effective.yearTo + 1;
}
