/**
 * Tallies console fuzz outcomes: counts per outcome, refusals grouped by the guard's reason, crashers
 * deduplicated by shape, and answers whose words leak engine internals (a stack trace, a source path).
 */
import { OUTCOMES, type Outcome } from './fuzz-protocol';
import type { QueryOutcome } from './crash-runner';

export interface Crasher {
  shape: string;
  query: string;
  params: Record<string, unknown>;
  exit: string;
  outcome: Outcome;
  times: number;
}

/** Words in an error message that belong to the engine's insides, not to a user. */
const LEAK = /\.(?:cpp|hpp|h):\d+|\/(?:src|home|usr|build)\/|\n\s+at .+:\d+:\d+/;

/** The guard's reason for a refusal, from the details it attaches. */
export function refusalReason(o: QueryOutcome): string {
  const d = (o.details ?? {}) as Record<string, unknown>;
  if (typeof d.crash === 'string') return `engine crash rule: ${d.crash}`;
  if (typeof d.clause === 'string') return `clause: ${d.clause}`;
  if (typeof d.procedure === 'string') return 'procedure not allowed';
  if (d.function === 'range') return 'range() bounds';
  if (typeof d.function === 'string') return `function not allowed: ${d.function}`;
  if (typeof d.syntax === 'string') return 'syntax (not Neo4j read Cypher)';
  if (typeof d.parameter === 'string') return 'parameter shape';
  return (o.message ?? '').replace(/\(line \d+.*$/, '').slice(0, 60).trim();
}

/** A query's form with its literal values blanked, to group TCK crashers that differ only in values. */
export function queryShape(query: string): string {
  return query
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "'…'")
    .replace(/\b\d+(?:\.\d+)?\b/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

export class FuzzTally {
  readonly outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  readonly refusals = new Map<string, number>();
  readonly crashers = new Map<string, Crasher>();
  readonly leaks: Array<{ query: string; message: string }> = [];
  total = 0;

  add(query: string, params: Record<string, unknown>, shape: string, o: QueryOutcome): void {
    this.total += 1;
    this.outcomes[o.outcome] += 1;
    if (o.outcome === 'refused') {
      const reason = refusalReason(o);
      this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
    }
    if (o.outcome === 'crashed' || o.outcome === 'hung') {
      const seen = this.crashers.get(shape);
      if (seen) seen.times += 1;
      else this.crashers.set(shape, { shape, query, params, exit: o.exit ?? '', outcome: o.outcome, times: 1 });
    }
    if (o.message && LEAK.test(o.message)) this.leaks.push({ query, message: o.message });
  }

  toJSON(): unknown {
    return {
      total: this.total,
      outcomes: this.outcomes,
      refusals: Object.fromEntries([...this.refusals].sort((a, b) => b[1] - a[1])),
      crashers: [...this.crashers.values()],
      leaks: this.leaks,
    };
  }

  /** A few lines for a terminal. */
  format(title: string, restarts: number): string {
    const lines = [`${title}: ${this.total} queries, ${restarts} engine restarts`];
    lines.push(`  outcomes: ${OUTCOMES.map((o) => `${o} ${this.outcomes[o]}`).join(', ')}`);
    lines.push('  refused by reason:');
    for (const [reason, n] of [...this.refusals].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`    ${String(n).padStart(6)}  ${reason}`);
    lines.push(`  crashers (${this.crashers.size} shapes):`);
    for (const c of this.crashers.values()) lines.push(`    [${c.exit}] x${c.times}  ${c.shape}${Object.keys(c.params).length > 0 ? `  params ${JSON.stringify(c.params)}` : ''}`);
    if (this.leaks.length > 0) lines.push(`  messages leaking engine internals: ${this.leaks.length} (first: ${JSON.stringify(this.leaks[0]?.message.slice(0, 160))})`);
    return lines.join('\n');
  }
}
