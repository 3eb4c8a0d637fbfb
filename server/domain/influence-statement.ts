/**
 * Influence model 2 stated in a few lines with the parameters in force: what GET /api/influence answers
 * in `model.summary`, the CLI prints under its table and the chart shows as its definition.
 */
import type { InfluenceModelStatement, InfluenceParameters } from './influence-model';

const list = (weights: Record<string, number>): string => Object.entries(weights).map(([k, v]) => `${k} ${v}`).join(', ');

/** The model, one sentence per line, with `p`'s values. */
export function stateModel(p: InfluenceParameters): InfluenceModelStatement {
  return {
    version: 2,
    summary: [
      'Score: each power\'s share of what the compared powers hold over the target that year (shares sum to 1; all 0 when none holds anything), so a better-documented year is not a stronger year.',
      `Hold: the sum, over the distinct claims (relationships) on paths of at most ${p.maxHops} hops from the power to the target that held that year, of each claim's weight × decay ${p.decay} per hop beyond the first × the carry of the path's other hops, counted once on its best path.`,
      `Weight of a claim: category weight (${list(p.categoryWeights)}) × confidence × ${1 + p.quantityBonus} if it states a quantity × ${p.plannedFactor} if only planned; links (part of, located in, leads, ...) carry ${p.linkWeight} × confidence and are no channel; a capital standing for its state is no hop.`,
      `Confidence: 1 − Π(1 − reliability × credibility) over the documents stating the claim, by each source's Admiralty grade: reliability ${list(p.reliabilityWeights)}; credibility ${list(p.credibilityWeights)}. A retracted claim adds nothing and lowers nothing.`,
    ],
  };
}
