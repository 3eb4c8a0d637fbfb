/**
 * The console's guard plans, verdicts and dialect translations, kept. All are pure: the guard's answer is a
 * function of the query, its parameters, the engine and whether the crash rules apply; the translation a
 * function of the accepted statement and the engine's catalogue. So unlike kept answers (console-answers.ts)
 * they stay right across writes and need no graph stamp: a write that adds a table or a column changes the
 * catalogue, which is part of the translation's key.
 *
 * Why: with every answer computed, parsing was most of a console request's cost in the server (profiled under
 * `npm run load`, 100 connections on one query: Neo4j's ANTLR parser ran twice per request, once for the
 * guard and once for the translation, 42% of the server's CPU; the guard's walk and the emitter 12% more).
 *
 * The guard is kept in two parts, because clients send one text with many parameter values ($id, $year):
 * the plan (parse, walk, every text-only refusal) per text, and the embedded engine's range limits and crash
 * rules per text and the few parameter facts they read (cypher-guard.ts, guardParameterKey). SKIP amounts are
 * checked on every request. Keyed by the whole parameters, every new $id parsed the text again.
 *
 * Refusals are kept too (the same text with the same facts is refused the same way) and thrown as new
 * errors with the same message and details. Anything else the guard or the translation throws (a bug) is not
 * kept. What is kept is frozen: every request that asks the same text shares it. */
import { createHash } from 'node:crypto';
import { BoundedMemo, type BoundedMemoStats } from './bounded-memo';
import { assertReadOnlyCypher, checkSkips, guardParameterKey, readCypherText, type GuardOptions, type GuardPlan, type GuardReading } from './cypher-guard';
import { translateToKuzu, type KuzuTranslation } from './cypher-dialect/translate-cypher';
import { QueryRejectedError } from './errors';
import type { GraphCatalogue } from './ports/graph-store';

/** Texts kept per memo at most, and their bytes: console texts are short (at most 20,000 characters). */
const MAX_ENTRIES = 1_000;
const MAX_BYTES = 8 * 1024 * 1024;

type Kept<T> = { ok: T } | { refused: { message: string; details: unknown } };

const bytesOf = (value: unknown): number => 2 * (JSON.stringify(value)?.length ?? 0);

const plans = new BoundedMemo<GuardPlan>(MAX_ENTRIES, MAX_BYTES, bytesOf);
const verdicts = new BoundedMemo<Kept<string>>(MAX_ENTRIES, MAX_BYTES, bytesOf);
const translations = new BoundedMemo<Kept<KuzuTranslation>>(MAX_ENTRIES, MAX_BYTES, bytesOf);

/** A short digest of each catalogue object seen, so a store that hands out the same object pays for it once. */
const catalogueKeys = new WeakMap<GraphCatalogue, string>();

function catalogueKey(catalogue: GraphCatalogue): string {
  let key = catalogueKeys.get(catalogue);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(catalogue)).digest('base64');
    catalogueKeys.set(catalogue, key);
  }
  return key;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A copy of a refusal's details, so the error thrown now and the one kept share nothing. */
function copied(details: unknown): { copied: true; value: unknown } | { copied: false } {
  try {
    return { copied: true, value: structuredClone(details) };
  } catch {
    return { copied: false };
  }
}

/** `compute` through `memo` under `key`; a QueryRejectedError is kept and thrown again as a new error. */
function through<T>(memo: BoundedMemo<Kept<T>>, key: string | undefined, compute: () => T): T {
  const kept = key === undefined ? undefined : memo.get(key);
  if (kept) {
    if ('ok' in kept) return kept.ok;
    throw new QueryRejectedError(kept.refused.message, structuredClone(kept.refused.details));
  }
  let value: T;
  try {
    value = compute();
  } catch (err) {
    if (key !== undefined && err instanceof QueryRejectedError && err.constructor === QueryRejectedError) {
      const details = copied(err.details);
      if (details.copied) memo.set(key, deepFreeze({ refused: { message: err.message, details: details.value } }));
    }
    throw err;
  }
  if (key !== undefined) memo.set(key, deepFreeze({ ok: value }));
  return value;
}

/**
 * assertReadOnlyCypher, answered from the memos: the text's plan (its parse and the guard's walk) is kept per
 * engine, crash rules and text; per request only the SKIPs are checked against the parameters and, on the
 * embedded engine, the range limits and crash rules are looked up by the few facts of the parameters they
 * read (guardParameterKey). The answer is the guard's for every text and parameter set, refusals included.
 */
export function guardConsoleQuery(query: string, params: Record<string, unknown>, options: GuardOptions): string {
  const textKey = JSON.stringify([options.engine ?? 'embedded', options.crashRules ?? true, query]);
  let plan = plans.get(textKey);
  let reading: GuardReading | undefined;
  if (plan === undefined) {
    reading = readCypherText(query, options);
    plan = reading.plan;
    keepPlan(textKey, plan);
  }
  checkSkips(query, plan, params);
  if (plan.refusal) throw reading?.rejected ?? new QueryRejectedError(plan.refusal.message, structuredClone(plan.refusal.details));
  if (!plan.limits) return plan.statement;
  // A plan read just now still holds its parse tree; a kept one parses again, for new parameter facts only.
  const limit = reading?.limit ?? ((p: Record<string, unknown>) => assertReadOnlyCypher(query, p, options));
  return through(verdicts, `${textKey}\n${guardParameterKey(plan, params)}`, () => limit(params));
}

/** Keeps a plan frozen, with its own copy of a refusal's details (not kept when they cannot be copied). */
function keepPlan(key: string, plan: GuardPlan): void {
  const { refusal, ...rest } = plan;
  const kept: GuardPlan = structuredClone(rest);
  if (refusal) {
    const details = copied(refusal.details);
    if (!details.copied) return;
    kept.refusal = { message: refusal.message, details: details.value };
  }
  plans.set(key, deepFreeze(kept));
}

/** translateToKuzu, answered from the memo when the same statement was translated for an equal catalogue. */
export function translateConsoleStatement(statement: string, catalogue: GraphCatalogue): KuzuTranslation {
  return through(translations, `${catalogueKey(catalogue)}\n${statement}`, () => translateToKuzu(statement, catalogue));
}

/** How the memos are used (hits, misses, size), for tests. */
export function consolePlanStats(): { plans: BoundedMemoStats; verdicts: BoundedMemoStats; translations: BoundedMemoStats } {
  return { plans: plans.stats(), verdicts: verdicts.stats(), translations: translations.stats() };
}
