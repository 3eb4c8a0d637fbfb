/**
 * The yearly scoring of influence model 2 (see influence-model.ts): which paths held in each year, what
 * each distinct claim added to a power's hold, and the powers' shares. Pure; shared by the use case
 * (influence.ts) and the robustness check (influence-robustness.ts), which rescores the same paths under
 * other parameters.
 */
import { evaluatePath, type CandidatePath, type PathInYear, type ScoredEdge } from './influence-model';

export interface Years {
  from: number;
  to: number;
}

/**
 * Each path in each year from..to (absent when it did not hold). A path changes only in a year when one
 * of its relationships starts or stops holding, so it is evaluated in those years and reused in between.
 */
export function evaluateYears(paths: readonly CandidatePath[], edges: ReadonlyMap<string, ScoredEdge>, years: Years, decay: number): PathInYear[][] {
  const perYear: PathInYear[][] = Array.from({ length: years.to - years.from + 1 }, () => []);
  for (const path of paths) {
    const changes = new Set<number>();
    for (const hop of path.hops) {
      for (const id of hop) {
        const v = edges.get(id)?.validity;
        if (v?.yearFrom != null) changes.add(v.yearFrom);
        if (v?.yearTo != null) changes.add(v.yearTo + 1);
      }
    }
    let current: PathInYear | null = null;
    for (let year = years.from; year <= years.to; year += 1) {
      if (year === years.from || changes.has(year)) current = evaluatePath(path, edges, year, decay);
      if (current !== null) perYear[year - years.from]?.push(current);
    }
  }
  return perYear;
}

/** What each distinct claim added in a year: its best contribution over the paths that held (once per claim). */
export function claimContributions(held: readonly PathInYear[]): Map<string, number> {
  const claims = new Map<string, number>();
  for (const p of held) {
    for (const [id, adds] of p.claims) if (adds > (claims.get(id) ?? -1)) claims.set(id, adds);
  }
  return claims;
}

/** The sum of a year's claim contributions: the power's hold. */
export function holdOf(claims: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const c of claims.values()) sum += c;
  return sum;
}

/** Each power's hold per year, nothing else (the robustness check's cheap rescoring). */
export function holdsByYear(paths: readonly CandidatePath[], edges: ReadonlyMap<string, ScoredEdge>, years: Years, decay: number): number[] {
  return evaluateYears(paths, edges, years, decay).map((held) => holdOf(claimContributions(held)));
}
