/**
 * Console statements prepared once per (connection, text) and executed again, where that gives the answer a
 * fresh statement gives. Read from kuzu 0.11.3's source (src/main/client_context.cpp) and checked here:
 * - every `prepare()` adds its parsed statement and plan to the connection's ClientContext and nothing ever
 *   removes them: preparing one console query 20,000 times grew a process from 251 MB to 5.6 GB. The console
 *   prepared every request: a team repeating queries grew the engine process without bound.
 * - `execute()` binds and plans again from the parsed statement each time (against the catalogue of now), so
 *   a statement kept across writes and schema changes binds as a fresh one would; reuse saves Kuzu's parse
 *   and the prepare's own bind and plan (about 1.2 ms of CPU on the seed graph).
 * - but a parameter not given to `execute()` keeps the value the previous execution gave it (a fresh
 *   statement answers null): `RETURN $x` executed with {x: 1}, then with {}, answered 1. So a kept statement
 *   is used only when every `$` in the text names a parameter given now; otherwise the query is prepared
 *   fresh and not kept.
 * Bounded per connection (least recently used first); a connection's statements go with it. A statement
 * dropped from here keeps its memory in Kuzu until the connection closes: every prepare here is counted, and
 * the pool replaces a connection that spent its budget (kuzu-connection-recycling.ts).
 */
import type { Connection, PreparedStatement } from 'kuzu';
import { BoundedMemo } from '../../domain/bounded-memo';
import { prepareSpending } from './kuzu-connection-recycling';

/** Texts kept per connection: a pool of 4 keeps at most 4 × this many statements. */
const MAX_PER_CONNECTION = 64;
/** Longer texts are never kept (the console takes 20,000 characters; its usual queries are far shorter). */
const MAX_KEPT_TEXT = 4_000;

/** Per connection, least recently used first out; bounded by count only (a statement's memory is Kuzu's, not ours to weigh). */
const kept = new WeakMap<Connection, BoundedMemo<PreparedStatement>>();

/**
 * True when every `$` in `query` is followed by the name of a parameter in `params` (a plain name, as the
 * console's parameters are named). Errs on the side of no: a `$` in a string literal or a comment, a quoted
 * or numbered parameter, or one with a space after the `$` all answer false, and false only costs a prepare.
 */
export function namesEveryParameter(query: string, params: Record<string, unknown>): boolean {
  const name = /[A-Za-z_][A-Za-z0-9_]*/y;
  for (let at = query.indexOf('$'); at !== -1; at = query.indexOf('$', at + 1)) {
    name.lastIndex = at + 1;
    const found = name.exec(query);
    if (!found || !Object.prototype.hasOwnProperty.call(params, found[0])) return false;
    // Kuzu's names go on past ASCII (`$aé` is the parameter aé): only ASCII punctuation or a space may end one here.
    const next = query[name.lastIndex];
    if (next !== undefined && !AFTER_NAME.test(next)) return false;
  }
  return true;
}

/** What may follow a parameter's name: white space or ASCII punctuation other than `_`. */
const AFTER_NAME = /^[ \t\r\n\f\v!-/:-@[-^`{-~]$/;

/** A statement for `query` on `c`: a kept one when it may be reused with `params`, else a fresh one. */
export async function consoleStatement(c: Connection, query: string, params: Record<string, unknown>): Promise<PreparedStatement> {
  const keep = query.length <= MAX_KEPT_TEXT && namesEveryParameter(query, params);
  const found = keep ? kept.get(c)?.get(query) : undefined;
  if (found) return found;
  // Every console prepare is spent, kept or not: its memory stays with the connection (kuzu-connection-recycling.ts).
  const ps = await prepareSpending(c, query);
  if (keep && ps.isSuccess()) {
    let statements = kept.get(c);
    if (!statements) kept.set(c, (statements = new BoundedMemo<PreparedStatement>(MAX_PER_CONNECTION, Number.POSITIVE_INFINITY, () => 0, false)));
    statements.set(query, ps);
  }
  return ps;
}

/** Forgets the statement kept for `query` on `c` (after its execution failed: the next run prepares afresh). */
export function forgetConsoleStatement(c: Connection, query: string): void {
  kept.get(c)?.delete(query);
}
