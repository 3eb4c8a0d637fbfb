/**
 * The Cypher console use case: guard the statement, run it read-only within server-side limits, and
 * return rows plus the graph elements they mention, so the UI can draw what a table lists.
 * The limits come from the server's configuration only; nothing in a request can lift them.
 */
import type { CypherResult, EngineName } from './graph-model';
import { DomainError, QueryFailedError, QueryRejectedError, QueryTimeoutError } from './errors';
import type { GraphCatalogue, GraphStore, ReadQueryResult } from './ports/graph-store';
import type { KuzuTranslation } from './cypher-dialect/translate-cypher';
import { guardConsoleQuery, translateConsoleStatement } from './console-plans';
import { userTermsMessage } from './cypher-dialect/engine-errors';

/** Most items in one list parameter. */
const MAX_PARAM_LIST = 10_000;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

type Scalar = string | number | boolean | null;

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Console parameters are plain values: strings, finite numbers (integers within ±2^53), booleans, null,
 * or lists of one of those kinds. Maps and nested or mixed lists are refused: the embedded engine's
 * binding does not take every shape of JSON, and nothing in a read console needs them.
 */
export function assertConsoleParams(params: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(params)) {
    const bad = (why: string): never => {
      throw new QueryRejectedError(`Parameter ${JSON.stringify(name.slice(0, 64))} ${why}`, { parameter: name.slice(0, 64) });
    };
    if (!PARAM_NAME.test(name)) bad('must be named with letters, digits and _ (at most 64), not starting with a digit');
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) bad('is an integer beyond ±2^53');
    if (isScalar(value)) continue;
    if (!Array.isArray(value)) bad('must be a string, number, boolean, null or a list of one of those');
    const list = value as unknown[];
    if (list.length > MAX_PARAM_LIST) bad(`has more than ${MAX_PARAM_LIST} items`);
    const kinds = new Set(list.map((x) => (isScalar(x) && x !== null ? typeof x : 'other')));
    if (kinds.has('other') || kinds.size > 1) bad('must be a list of strings, of numbers or of booleans, not a mix or nested lists');
    if (list.some((x) => typeof x === 'number' && Number.isInteger(x) && !Number.isSafeInteger(x))) bad('holds an integer beyond ±2^53');
  }
}

/** How long past its own timeout an engine may take to give up before the request answers 504 anyway. */
const WATCHDOG_GRACE_MS = 2_000;

/**
 * Resolves with `work`, or rejects with QueryTimeoutError once `timeoutMs` plus a grace has passed: the
 * engines stop a query at their timeout, and this keeps the promise made to the client if one does not.
 */
function withWatchdog<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new QueryTimeoutError(timeoutMs)), timeoutMs + WATCHDOG_GRACE_MS);
    timer.unref();
  });
  return Promise.race([work, watchdog]).finally(() => clearTimeout(timer));
}

export interface ConsoleLimits {
  timeoutMs: number;
  maxRows: number;
  maxGraphNodes: number;
  /** Refuse the shapes known to crash the embedded engine (default true; never applied to Neo4j). */
  crashRules?: boolean;
}

const EMPTY_CATALOGUE: GraphCatalogue = { nodeTables: [], relTables: [] };

/**
 * The embedded engine speaks Kuzu's dialect: a guarded Neo4j statement is translated for it (cypher-dialect/),
 * with Neo4j's column names; Neo4j runs the statement as written (undefined).
 */
export async function translateForEngine(store: GraphStore, statement: string): Promise<KuzuTranslation | undefined> {
  if (store.engine === 'neo4j') return undefined;
  return translateConsoleStatement(statement, (await store.catalogue?.()) ?? EMPTY_CATALOGUE);
}

/** The parameters a statement names (Neo4j ignores the others; Kuzu refuses them). */
function namedOnly(params: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => names.includes(k)));
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A translated query's result with Neo4j's column names, and properties() maps without absent properties. */
function inNeo4jTerms(result: ReadQueryResult, translation: KuzuTranslation): ReadQueryResult {
  const columns = translation.columns?.length === result.columns.length ? translation.columns : result.columns;
  if (translation.propertyColumns.length === 0) return { ...result, columns };
  const rows = result.rows.map((row) => {
    const out = [...row];
    for (const i of translation.propertyColumns) {
      const cell = out[i];
      if (isMap(cell)) out[i] = Object.fromEntries(Object.entries(cell).filter(([, v]) => v !== null));
    }
    return out;
  });
  return { ...result, columns, rows };
}

/**
 * Runs a console query; throws QueryRejectedError, QueryFailedError or QueryTimeoutError. `signal` aborts
 * when the client goes away, so an engine that can cancel (Neo4j) frees the query's session at once.
 */
export async function runConsoleQuery(
  store: GraphStore,
  query: string,
  params: Record<string, unknown>,
  limits: ConsoleLimits,
  signal?: AbortSignal,
): Promise<CypherResult> {
  assertConsoleParams(params);
  const statement = guardConsoleQuery(query, params, { engine: store.engine === 'neo4j' ? 'neo4j' : 'embedded', crashRules: limits.crashRules ?? true });
  const started = performance.now();
  const translation = await translateForEngine(store, statement);
  let result: ReadQueryResult;
  try {
    result = await withWatchdog(
      store.runReadQuery(translation?.query ?? statement, translation ? namedOnly(params, translation.parameters) : params, { timeoutMs: limits.timeoutMs, maxRows: limits.maxRows, signal }),
      limits.timeoutMs,
    );
  } catch (err) {
    // Across the engine process boundary the error is a DomainError with the code, not the subclass.
    if (translation && err instanceof DomainError && err.code === 'query_failed') throw new QueryFailedError(userTermsMessage(err.message), err.details as { line?: number; column?: number; offset?: number } | undefined);
    throw err;
  }
  if (translation) result = inNeo4jTerms(result, translation);
  const nodeIds = result.nodeIds.slice(0, limits.maxGraphNodes);
  const kept = new Set(nodeIds);
  const [entities, edges] = await Promise.all([store.getNodes(nodeIds), store.getEdges(result.edgeIds)]);
  const keptEdges = edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  // Source documents come whole with the rows (getNodes reads entities only) and share the node budget.
  const documents = result.documents.filter((d) => !kept.has(d.id)).slice(0, Math.max(limits.maxGraphNodes - nodeIds.length, 0));
  const graphTruncated = nodeIds.length + documents.length < result.nodeIds.length + result.documents.length;
  return {
    columns: result.columns,
    rows: result.rows,
    graph: { nodes: [...entities, ...documents], edges: keptEdges },
    truncated: result.truncated || graphTruncated,
    rowsTruncated: result.truncated,
    graphTruncated,
    engine: store.engine as EngineName,
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
