/**
 * Shared by the writers: the column type of a declared property type, the coercion of a value to its
 * column's type, and the evidence and validity every format carries on an edge.
 */
import type { GraphEdge, GraphNode, PropertyValue, Source } from '../domain/graph-model';
import type { PropertyType } from '../domain/seed-schema';
import { DERIVED_EDGE_KEYS, type YearInterval, storedValidityOf, yearOf } from '../domain/validity';

/**
 * The type of an exported property: a declared or inferred property type, or, for numbers, `integer` /
 * `integer[]` when every value the export holds is a whole number within ±2^53 (see collect-property-keys.ts),
 * so typed formats write them as integers (GraphML and GEXF `long`, neo4j-admin `long`, Cypher `1`, not `1.0`).
 */
export type ExportPropertyType = PropertyType | 'integer' | 'integer[]';

/** What a column holds once written: dates are ISO strings ("2004", "2004-10", "2004-10-16") in every format. */
export type ColumnType = Exclude<ExportPropertyType, 'date'>;

export function columnTypeOf(type: ExportPropertyType): ColumnType {
  return type === 'date' ? 'string' : type;
}

/** A property column of a node or edge table, in the order the caller listed the keys. */
export interface PropertyColumn {
  key: string;
  /** The name the column is written under (see exportedName); the key itself unless it collides. */
  name: string;
  type: ColumnType;
}

const DERIVED = new Set<string>(DERIVED_EDGE_KEYS);

/** The prefix a property gets where its key is one of a format's own fields (see exportedName). */
export const RENAMED_PREFIX = 'prop_';

/**
 * The name a property is written under in a format whose own fields are `reserved`: `prop_<key>` for a reserved
 * key (a property `label` in GraphML, where `label` is the node's name) and for a key that starts with `prop_`
 * itself, the key otherwise. So no property overwrites a field of the format, and no two keys get one name:
 * a renamed key starts with `prop_`, and a key starting with `prop_` is always renamed.
 */
export function exportedName(key: string, reserved: ReadonlySet<string>): string {
  return reserved.has(key) || key.startsWith(RENAMED_PREFIX) ? `${RENAMED_PREFIX}${key}` : key;
}

/**
 * The property columns of a key map, each named by exportedName against the format's own fields (`reserved`);
 * derived edge keys (yearFrom / yearTo) are left to the writers.
 */
export function propertyColumns(
  keys: ReadonlyMap<string, ExportPropertyType>,
  forEdges = false,
  reserved: ReadonlySet<string> = new Set(),
): PropertyColumn[] {
  const columns: PropertyColumn[] = [];
  for (const [key, type] of keys) {
    if (forEdges && DERIVED.has(key)) continue;
    columns.push({ key, name: exportedName(key, reserved), type: columnTypeOf(type) });
  }
  return columns;
}

/**
 * The value as its column's type, or undefined when it cannot be represented without loss of meaning
 * (a string in a number column). Lossless widenings are applied: a number in a string column becomes its
 * decimal text, a list in a string column its JSON, a scalar in a list column a one-element list.
 */
export function coerceValue(value: PropertyValue | undefined, type: ColumnType): PropertyValue | undefined {
  if (value === undefined || value === null) return undefined;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      return Array.isArray(value) ? JSON.stringify(value) : String(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'string[]':
      return Array.isArray(value) ? value.map((v) => String(v)) : [String(value)];
    case 'number[]':
      if (Array.isArray(value)) {
        return value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? value : undefined;
      }
      return typeof value === 'number' && Number.isFinite(value) ? [value] : undefined;
    case 'integer[]':
      if (Array.isArray(value)) return value.every((v) => typeof v === 'number' && Number.isSafeInteger(v)) ? value : undefined;
      return typeof value === 'number' && Number.isSafeInteger(value) ? [value] : undefined;
  }
}

/** The evidence of an edge as the stores lay it out: three parallel lists (see stores/stored-graph.ts). */
export interface EvidenceLists {
  sourceDocuments: string[];
  sourceQuotes: string[];
  sourceRoles: string[];
}

export function evidenceLists(sources: readonly Source[]): EvidenceLists {
  return {
    sourceDocuments: sources.map((s) => s.document),
    sourceQuotes: sources.map((s) => s.quote),
    sourceRoles: sources.map((s) => s.role ?? 'claim'),
  };
}

const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The first day of a "YYYY", "YYYY-MM" or "YYYY-MM-DD" period as YYYY-MM-DD; null when not such a date. */
export function periodStart(value: PropertyValue | undefined): string | null {
  const p = parsePeriod(value);
  if (!p) return null;
  return isoDate(p.year, p.month ?? 1, p.day ?? 1);
}

/** The last day of a "YYYY", "YYYY-MM" or "YYYY-MM-DD" period as YYYY-MM-DD; null when not such a date. */
export function periodEnd(value: PropertyValue | undefined): string | null {
  const p = parsePeriod(value);
  if (!p) return null;
  const month = p.month ?? 12;
  return isoDate(p.year, month, p.day ?? daysInMonth(p.year, month));
}

function parsePeriod(value: PropertyValue | undefined): { year: number; month?: number; day?: number } | null {
  if (typeof value !== 'string') return null;
  const m = PERIOD.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  // A malformed month or day keeps the year, as domain/validity.ts does.
  if (month === undefined || month < 1 || month > 12) return { year };
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (day === undefined || day < 1 || day > daysInMonth(year, month)) return { year, month };
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An interval of days, both ends inclusive; a missing end is open. */
export interface DateInterval {
  start?: string;
  end?: string;
}

/**
 * Applies the app's validity rule (domain/validity.ts) to a stream: nodes are noted as they pass (only the
 * dates of dated events are kept), then each edge gets the interval the time slider uses. Memory grows with
 * the number of dated event nodes only.
 */
export class ValidityTracker {
  private readonly events = new Map<string, GraphNode>();

  noteNode(node: GraphNode): void {
    const date = node.properties.date;
    if (yearOf(date) !== null && date !== undefined) {
      this.events.set(node.id, { id: node.id, kind: node.kind, name: '', aliases: [], properties: { date } });
    }
  }

  /** Whole years, exactly as the stores derive yearFrom / yearTo. */
  yearsOf(edge: GraphEdge): YearInterval {
    return storedValidityOf(edge, this.events);
  }

  /**
   * The same rule at the precision of the dates given: validFrom (else asOf) starts the interval on the first
   * day of its period, validTo ends it on the last day of its period; an undated edge to or from a dated event
   * holds through the event's year. Undefined when the claim holds at all times, or when the dates contradict
   * each other (end before start), which no timeline can play.
   */
  datesOf(edge: GraphEdge): DateInterval | undefined {
    const start = periodStart(edge.properties.validFrom) ?? periodStart(edge.properties.asOf);
    const end = periodEnd(edge.properties.validTo);
    if (start !== null || end !== null) {
      if (start !== null && end !== null && start > end) return undefined;
      const interval: DateInterval = {};
      if (start !== null) interval.start = start;
      if (end !== null) interval.end = end;
      return interval;
    }
    // Otherwise from the first evidence (a source's publication) or through a dated event's year.
    const { yearFrom, yearTo } = this.yearsOf(edge);
    if (yearFrom === null) return undefined;
    const interval: DateInterval = { start: isoDate(yearFrom, 1, 1) };
    if (yearTo !== null) interval.end = isoDate(yearTo, 12, 31);
    return interval;
  }
}
