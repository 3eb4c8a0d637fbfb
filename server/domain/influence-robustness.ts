/**
 * The robustness hint of influence model 2: does the ranking of the powers survive halving or doubling
 * each numeric parameter, the others kept? The same paths are rescored under each variant (the path
 * search does not depend on the weights), and the years whose order of powers differs are listed.
 * maxHops is not varied: it changes which paths exist, and so would need new searches.
 */
import type { GraphEdge } from './graph-model';
import { categoryOf, scoreEdge, type CandidatePath, type InfluenceParameters, type Robustness, type RobustnessVariant, type ScoredEdge } from './influence-model';
import { holdsByYear, type Years } from './influence-scoring';
import type { Category } from './seed-schema';
import type { YearInterval } from './validity';

/** Candidate paths (all powers) past which the check is skipped: each variant rescores all of them. */
export const ROBUSTNESS_PATH_LIMIT = 5_000;
const FACTORS = [0.5, 2] as const;

export interface RobustnessInput {
  paths: ReadonlyArray<readonly CandidatePath[]>;
  edges: readonly GraphEdge[];
  categories: ReadonlyMap<string, Category>;
  validity: ReadonlyMap<string, YearInterval>;
  years: Years;
  params: InfluenceParameters;
  /** The answer's holds, per power then per year. */
  holds: ReadonlyArray<readonly number[]>;
}

interface NumericParameter {
  name: string;
  value: number;
  max: number;
  with(value: number): InfluenceParameters;
}

/** Every numeric parameter of the model with its upper bound and a way to set it. */
export function numericParameters(p: InfluenceParameters): NumericParameter[] {
  const list: NumericParameter[] = [
    { name: 'decay', value: p.decay, max: 1, with: (v) => ({ ...p, decay: v }) },
    { name: 'plannedFactor', value: p.plannedFactor, max: 1, with: (v) => ({ ...p, plannedFactor: v }) },
    { name: 'quantityBonus', value: p.quantityBonus, max: 1, with: (v) => ({ ...p, quantityBonus: v }) },
    { name: 'linkWeight', value: p.linkWeight, max: 1, with: (v) => ({ ...p, linkWeight: v }) },
  ];
  for (const group of ['categoryWeights', 'reliabilityWeights', 'credibilityWeights'] as const) {
    for (const [key, value] of Object.entries(p[group]) as Array<[string, number]>) {
      list.push({ name: `${group}.${key}`, value, max: 1, with: (v) => ({ ...p, [group]: { ...p[group], [key]: v } }) });
    }
  }
  return list;
}

/** -1, 0 or 1: how a compares with b, ties within a rounding error. */
function order(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), 1e-12);
  return Math.abs(a - b) <= 1e-9 * scale ? 0 : a > b ? 1 : -1;
}

/** True when every pair of powers keeps its order (a tie stays a tie). */
function sameRanking(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    for (let j = i + 1; j < a.length; j += 1) {
      if (order(a[i] ?? 0, a[j] ?? 0) !== order(b[i] ?? 0, b[j] ?? 0)) return false;
    }
  }
  return true;
}

/** Halves and doubles each numeric parameter in turn and lists the years whose ranking changes. */
export function checkRobustness(input: RobustnessInput): Robustness {
  const { years, params, holds } = input;
  const allYears = Array.from({ length: years.to - years.from + 1 }, (_, i) => years.from + i);
  const candidates = input.paths.reduce((n, ps) => n + ps.length, 0);
  if (input.paths.length < 2) return { checked: false, note: 'One power: there is no ranking to check.', variants: [], stableYears: allYears };
  if (candidates > ROBUSTNESS_PATH_LIMIT) {
    return { checked: false, note: `Skipped: ${candidates} candidate paths (over ${ROBUSTNESS_PATH_LIMIT}); ask for fewer powers or hops.`, variants: [], stableYears: [] };
  }
  const variants: RobustnessVariant[] = [];
  const unstable = new Set<number>();
  for (const parameter of numericParameters(params)) {
    for (const factor of FACTORS) {
      const value = Math.min(parameter.max, parameter.value * factor);
      if (value === parameter.value || value <= 0) continue;
      const varied = parameter.with(value);
      const scored = new Map<string, ScoredEdge>();
      for (const e of input.edges) {
        scored.set(e.id, scoreEdge(e, categoryOf(e.type, input.categories), input.validity.get(e.id) ?? { yearFrom: null, yearTo: null }, varied));
      }
      const variantHolds = input.paths.map((ps) => holdsByYear(ps, scored, years, varied.decay));
      const changedYears = allYears.filter((_, i) => !sameRanking(holds.map((h) => h[i] ?? 0), variantHolds.map((h) => h[i] ?? 0)));
      for (const y of changedYears) unstable.add(y);
      variants.push({ parameter: parameter.name, factor, value, changedYears });
    }
  }
  const stableYears = allYears.filter((y) => !unstable.has(y));
  const fragile = variants.filter((v) => v.changedYears.length > 0);
  const note =
    fragile.length === 0
      ? `The ranking of the powers survives halving or doubling each of the ${numericParameters(params).length} numeric parameters in every year.`
      : `The ranking survives every variant in ${stableYears.length} of ${allYears.length} years; it moves under ${fragile.length} of ${variants.length} variants: ` +
        fragile
          .slice(0, 6)
          .map((v) => `${v.parameter} ${v.factor === 2 ? 'doubled' : 'halved'} (${v.changedYears.length} year${v.changedYears.length === 1 ? '' : 's'})`)
          .join(', ') +
        (fragile.length > 6 ? ', ...' : '') +
        '.';
  return { checked: true, note, variants, stableYears };
}
