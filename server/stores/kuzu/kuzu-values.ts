/**
 * How property values cross into Kuzu exactly. The Node binding of kuzu 0.11.3 types a JS value as it finds
 * it: a whole number is an INT64 and any other a DOUBLE, a list takes the type of its first element (so
 * `[1, 2.5, -3]` binds as INT64[] holding 2.5's bits: 4612811918334231000), and an empty list binds as NULL.
 * So no value travels as the binding would type it: a list goes as text elements behind a marker element,
 * and the statement casts it to the column's type and drops the marker (`[]` stays `[]`, `[1, 2.5]` stays
 * doubles); COPY rows go as text cells (see encodeCell). Reading back needs nothing: a DOUBLE column answers
 * JS numbers, and 1.0 is 1 in JSON. The `kuzu` import stays in the store.
 */
import type { PropertyValue } from '../../domain/graph-model';
import { kuzuColumnType } from './kuzu-schema';

/** Joins list elements in the text cells of a COPY (see encodeCell); a value holding it goes row by row. */
export const LIST_SEPARATOR = '\u001f';

/** Kuzu's list_slice takes an end; this one is past any list a parameter holds. */
const TO_THE_END = 2147483647;

/** A parameter for a column or a property: text elements for a list (see listParam), the value itself else. */
export type KuzuParam = string | number | boolean | null | string[];

/** Whether a column (a property type or a Kuzu type name) holds lists. */
function isListColumn(type: string): boolean {
  return kuzuColumnType(type).endsWith('[]');
}

/**
 * A list as a parameter: an empty marker element, then each element as text (a number as JavaScript writes
 * it, which reads back as the same double). The marker keeps an empty list from binding as NULL, and text
 * keeps whole numbers from setting the list's type; valueExpression drops the marker and casts.
 */
function listParam(values: ReadonlyArray<string | number | boolean>): string[] {
  const out = new Array<string>(values.length + 1);
  out[0] = '';
  for (let i = 0; i < values.length; i += 1) out[i + 1] = String(values[i]);
  return out;
}

/** The parameter that sets a column of `type` to `value` (null for a missing value); see valueExpression. */
export function columnParam(value: PropertyValue | undefined, type: string): KuzuParam {
  if (value === undefined || value === null) return null;
  if (isListColumn(type)) return listParam(Array.isArray(value) ? value : [value]);
  return value as KuzuParam;
}

/** The expression that turns parameter `$name` (from columnParam) into a value of a column of `type`. */
export function valueExpression(name: string, type: string): string {
  const kuzuType = kuzuColumnType(type);
  if (isListColumn(type)) return `CAST(list_slice($${name}, 2, ${TO_THE_END}) AS ${kuzuType})`;
  return `CAST($${name} AS ${kuzuType})`;
}

/** A stored value as a spooled JSON cell for COPY from a JSON file (Kuzu's JSON reader keeps [] and doubles). */
export function jsonCell(v: PropertyValue | undefined): unknown {
  return v === undefined ? null : v;
}

/** Whether every value of a stored record survives the text cells of encodeCell. */
export function copyable(stored: Record<string, PropertyValue>): boolean {
  return Object.values(stored).every(
    (v) => !Array.isArray(v) || v.every((x) => typeof x !== 'string' || (x !== '' && !x.includes(LIST_SEPARATOR))),
  );
}

/**
 * A text cell of `COPY ... FROM (UNWIND $rows ...)`: "" = missing, "v" + text = present, list elements joined
 * with U+001F, so "v" alone in a list column is the empty list (an empty string element is not copyable).
 */
export function encodeCell(v: PropertyValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return `v${v.map(String).join(LIST_SEPARATOR)}`;
  return `v${String(v)}`;
}

/** The expression turning text cell `row.c<i>` (see encodeCell) back into column `col` of its type. */
export function decodeColumn([col, type]: [string, string], i: number): string {
  const cell = `row.c${i}`;
  const inner = `substring(${cell}, 2, ${TO_THE_END})`;
  if (col === 'id') return inner;
  const kuzuType = kuzuColumnType(type);
  if (kuzuType === 'STRING') return `CASE WHEN ${cell} = '' THEN NULL ELSE ${inner} END`;
  if (kuzuType.endsWith('[]')) {
    const list = kuzuType === 'STRING[]' ? `string_split(${inner}, '${LIST_SEPARATOR}')` : `CAST(string_split(${inner}, '${LIST_SEPARATOR}') AS ${kuzuType})`;
    return `CASE WHEN ${cell} = '' THEN NULL WHEN ${cell} = 'v' THEN CAST([] AS ${kuzuType}) ELSE ${list} END`;
  }
  return `CAST(nullif(${inner}, '') AS ${kuzuType})`;
}
