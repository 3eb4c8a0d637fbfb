/**
 * How names and row batches enter the adapter's Cypher text: labels and relationship types are the only
 * things not sent as parameters (Cypher cannot take them as one), so they pass the vocabulary's naming
 * rules first; rows go in UNWIND batches of a bounded size.
 */
import { InvalidRequestError } from '../../domain/errors';

/** Rows per UNWIND statement inside one write transaction (upsert, imports). */
export const WRITE_BATCH_ROWS = 1_000;

/** `name` quoted for Cypher, after checking it follows `pattern` (PascalCase kinds, UPPER_SNAKE types). */
export function label(name: string, pattern: RegExp, what: string): string {
  if (!pattern.test(name)) throw new InvalidRequestError(`${what} "${name}" does not follow the naming rules`);
  return `\`${name}\``;
}

/** `xs` in consecutive slices of at most `size`. */
export function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
