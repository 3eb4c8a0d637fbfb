/**
 * The census of the openCypher TCK corpus through the console (tests/integration/tck-report.int.test.ts,
 * `npm run tck`): each query's outcome (refused by the guard, refused by the translation into the embedded
 * engine's dialect, failed in the engine, timed out, stopped the engine, answered), refusals grouped by
 * what they name and failures by the engine's error class, and a printout of both.
 */
import type { TckQuery } from './tck-corpus';

export const OUTCOMES = ['refused', 'untranslated', 'failed', 'timeout', 'crashed', 'answered'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One query's answer as the HTTP API gave it. */
export interface ConsoleAnswer {
  status: number;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

export interface Classified {
  outcome: Outcome;
  /** The refusal's reason, the construct left untranslated, or the failure's error class; '' when answered. */
  reason: string;
}

/** Groups a guard refusal by what it names: the clause, procedure, function, limit or crash rule. */
export function refusalReason(message: string, details: Record<string, unknown> = {}): string {
  if (typeof details.crash === 'string') return `crash rule ${details.crash}`;
  if (typeof details.procedure === 'string') return 'CALL of a procedure outside the read catalogue';
  if (details.function === 'range') return /may not call/.test(message) ? 'range() bounds read the clock or random numbers' : /together/.test(message) ? 'nested range() product' : /step/.test(message) ? 'range() step 0' : 'range() size';
  if (typeof details.function === 'string') return `function ${details.function}() not allowed`;
  if (details.clause === 'SKIP') return 'SKIP not a literal or parameter up to 10000';
  if (typeof details.clause === 'string') return `clause ${details.clause}`;
  if (typeof details.syntax === 'string') return 'not Neo4j Cypher syntax';
  if (typeof details.parameter === 'string') return 'parameter not a plain value or a flat list (map, mixed or nested list, odd name)';
  if (/Only one statement/.test(message)) return 'more than one statement';
  return message.replace(/\(line \d+, column \d+\)/, '').replace(/\d+/g, 'N').slice(0, 80).trim();
}

/**
 * Groups an engine error by its kind and what it is about, names kept where they say what is missing
 * ("function TYPE does not exist"), values and positions dropped.
 */
export function failureClass(message: string): string {
  const first = message.split('\n')[0] ?? '';
  const fn = /function (\w+) does not exist/i.exec(first);
  if (fn) return `missing function ${(fn[1] as string).toLowerCase()}()`;
  if (/^Parser exception/i.test(first)) return 'Kuzu parser: syntax it does not read';
  if (/Table \S+ does not exist/i.test(first)) return 'unknown label or relationship type (fixed schema)';
  if (/Cannot find property|property \S+ does not exist|has no property/i.test(first)) return 'unknown property (fixed schema)';
  if (/Variable \S+ is not in scope/i.test(first)) return 'variable not in scope (list comprehension, pattern predicate, ...)';
  if (/did not receive correct arguments/i.test(first)) return 'argument types a function does not take';
  const kind = /^(\w+(?: \w+)?) exception/i.exec(first);
  return `${kind ? `${kind[1]}: ` : ''}${first.replace(/^\w+(?: \w+)? exception:\s*/i, '').replace(/"[^"]*"|'[^']*'|\b\d[\w.:-]*/g, '…').slice(0, 70).trim()}`;
}

/** The outcome of one HTTP answer. */
export function classify(answer: ConsoleAnswer): Classified {
  if (answer.status === 200) return { outcome: 'answered', reason: '' };
  // The dialect translation names the construct it cannot carry over; the guard names a clause, function or limit.
  if (answer.code === 'query_rejected' && typeof answer.details?.construct === 'string') return { outcome: 'untranslated', reason: answer.details.construct };
  if (answer.code === 'query_rejected') return { outcome: 'refused', reason: refusalReason(answer.message ?? '', answer.details) };
  // The request's own rules (the query's length) refuse before the guard reads it.
  if (answer.code === 'invalid_request') return { outcome: 'refused', reason: `request: ${(answer.message ?? '').replace(/\d+/g, 'N').slice(0, 70)}` };
  if (answer.code === 'query_timeout') return { outcome: 'timeout', reason: 'timeout' };
  if (answer.code === 'engine_restarted' || answer.code === 'query_crashed_engine') return { outcome: 'crashed', reason: answer.code };
  return { outcome: 'failed', reason: answer.code === 'query_failed' ? failureClass(answer.message ?? '') : `${answer.status} ${answer.code ?? ''}` };
}

/** The outcomes whose reasons are listed. */
type Grouped = 'refused' | 'untranslated' | 'failed';
const GROUP_TITLES: Record<Grouped, string> = {
  refused: 'refused by the guard',
  untranslated: "refused by the translation into the embedded engine's dialect",
  failed: 'failed in the engine',
};

/** Outcome counts and reasons of a group of queries. */
export class TckTally {
  readonly counts: Record<Outcome, number> = { refused: 0, untranslated: 0, failed: 0, timeout: 0, crashed: 0, answered: 0 };
  readonly reasons: Record<Grouped, Map<string, number[]>> = { refused: new Map(), untranslated: new Map(), failed: new Map() };
  readonly crashed: TckQuery[] = [];
  total = 0;

  add(query: TckQuery, c: Classified): void {
    this.total += 1;
    this.counts[c.outcome] += 1;
    if (c.outcome === 'refused' || c.outcome === 'untranslated' || c.outcome === 'failed') {
      const ids = this.reasons[c.outcome].get(c.reason) ?? [];
      ids.push(query.id);
      this.reasons[c.outcome].set(c.reason, ids);
    }
    if (c.outcome === 'crashed') this.crashed.push(query);
  }

  share(outcome: Outcome): number {
    return this.total === 0 ? 0 : this.counts[outcome] / this.total;
  }

  /** A few lines: the counts with shares, then the top `top` reasons of refusals and failures with example ids. */
  format(title: string, top: number): string {
    const pct = (n: number): string => `${((100 * n) / Math.max(1, this.total)).toFixed(1)}%`;
    const lines = [`${title}: ${this.total} queries: ${OUTCOMES.map((o) => `${o} ${this.counts[o]} (${pct(this.counts[o])})`).join(', ')}`];
    for (const kind of ['refused', 'untranslated', 'failed'] as const) {
      const sorted = [...this.reasons[kind].entries()].sort((a, b) => b[1].length - a[1].length);
      if (sorted.length === 0) continue;
      lines.push(`  ${GROUP_TITLES[kind]}, top ${Math.min(top, sorted.length)} of ${sorted.length} reasons:`);
      for (const [reason, ids] of sorted.slice(0, top)) lines.push(`    ${String(ids.length).padStart(5)}  ${reason}  (#${ids.slice(0, 4).join(', #')}${ids.length > 4 ? ', ...' : ''})`);
    }
    for (const q of this.crashed) lines.push(`  stopped the engine: #${q.id} ${q.query.replace(/\s+/g, ' ').slice(0, 160)} ${JSON.stringify(q.params)}`);
    return lines.join('\n');
  }
}
