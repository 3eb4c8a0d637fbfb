/**
 * "Why did this move": the claims that began, ended or changed what they add between two years of an
 * influence answer, strongest change first, with each power's hold and share in both years. Pure and
 * without node-only imports, so the chart (client) and the CLI share it.
 */
import type { InfluenceClaim, InfluenceResult } from './influence-model';
import type { Category } from './seed-schema';

export const MOVE_KINDS = ['began', 'ended', 'changed'] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];

export interface ClaimMove {
  power: string;
  edge: string;
  category: Category;
  kind: MoveKind;
  before: number;
  after: number;
}

export interface PowerMove {
  power: string;
  holdBefore: number;
  holdAfter: number;
  scoreBefore: number;
  scoreAfter: number;
}

export interface MoveExplanation {
  from: number;
  to: number;
  powers: PowerMove[];
  claims: ClaimMove[];
}

/** What the claim added in `year` (0 when it did not count). */
export function contributionIn(claim: InfluenceClaim, year: number): number {
  return claim.spans.find((s) => s.from <= year && year <= s.to)?.contribution ?? 0;
}

const RELATIVE_TOLERANCE = 1e-9;

/** The claims whose contribution differs between `from` and `to`, biggest change first. */
export function explainMove(result: InfluenceResult, from: number, to: number): MoveExplanation {
  const powers: PowerMove[] = result.series.map((s) => {
    const a = s.points.find((p) => p.year === from);
    const b = s.points.find((p) => p.year === to);
    return { power: s.power, holdBefore: a?.hold ?? 0, holdAfter: b?.hold ?? 0, scoreBefore: a?.score ?? 0, scoreAfter: b?.score ?? 0 };
  });
  const claims: ClaimMove[] = [];
  for (const s of result.series) {
    for (const c of s.claims) {
      const before = contributionIn(c, from);
      const after = contributionIn(c, to);
      if (Math.abs(after - before) <= RELATIVE_TOLERANCE * Math.max(before, after)) continue;
      const kind: MoveKind = before === 0 ? 'began' : after === 0 ? 'ended' : 'changed';
      claims.push({ power: s.power, edge: c.edge, category: c.category, kind, before, after });
    }
  }
  claims.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || (a.edge < b.edge ? -1 : 1));
  return { from, to, powers, claims };
}
