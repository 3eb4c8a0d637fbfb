/**
 * Source grades in the NATO Admiralty code (STANAG 2511 / AJP-2.1; the grading i2 Analyst's Notebook puts
 * on every link): each source of a claim is graded for the reliability of its publisher, A (completely
 * reliable) to F (cannot be judged), and the credibility of the information it gives, 1 (confirmed) to 6
 * (cannot be judged), written together as "B2".
 *
 * Grades travel as the edge property `sourceGrades`, one code per entry of `sources`, in the same order:
 * the stores keep a relationship's evidence as parallel lists (document, quote, role) and a grade is one
 * more list, so neither engine's schema had to change. An import may set or edit it; where it is absent
 * the seed rule below grades the sources from their publisher and the claim's status.
 *
 * How a grade becomes a weight (influence model 2): a source's confidence is
 * `reliabilityWeight[letter] × credibilityWeight[digit]`, and a claim's confidence combines its sources
 * with diminishing returns, `1 − Π (1 − c_d)` over the distinct documents d that state it (the best
 * source of each document: two sentences of one article are one source). A retracted claim, or one
 * with a correction among its sources, has confidence 0: it adds nothing and, not being negative, lowers
 * nothing.
 */
import type { GraphEdge, Source } from './graph-model';
import { checkSourceGrades, parseGrade, SOURCE_GRADES_KEY, type CredibilityGrade, type ReliabilityGrade } from './admiralty-code';
import { STATUSES, type Status } from './seed-schema';

export * from './admiralty-code';

/**
 * The seed rule's publisher types, each with the reliability it earns. A is never given by rule: it
 * takes an analyst who knows the publisher's record on this subject.
 */
export const PUBLISHER_TYPES = {
  newsroom: { reliability: 'B', meaning: 'a news organisation reporting with its own correspondents and editors (broadcaster, wire, regional news site)' },
  analysis: { reliability: 'C', meaning: 'an analysis or opinion magazine, or a blog of one: argues from reports, seldom reports itself' },
  republication: { reliability: 'D', meaning: 'a republication through an aggregator or a machine translation: the wording may not be the original\'s' },
  unknown: { reliability: 'F', meaning: 'a publisher the rule does not know' },
} as const satisfies Record<string, { reliability: ReliabilityGrade; meaning: string }>;
export type PublisherType = keyof typeof PUBLISHER_TYPES;

/** The seed's publishers by type (graph-seed/sources.json); any other publisher is "unknown". */
export const SEED_PUBLISHER_TYPES: Readonly<Record<string, PublisherType>> = {
  'Radio Free Europe/Radio Liberty (RFE/RL)': 'newsroom',
  EurasiaNet: 'newsroom',
  'The Diplomat (Crossroads Asia blog)': 'analysis',
  'Diplomatic Courier': 'analysis',
  'Eurasianet (machine-translated republication on a news aggregator)': 'republication',
};

function statusOf(edge: GraphEdge): Status | null {
  const s = edge.properties.status;
  return typeof s === 'string' && (STATUSES as readonly string[]).includes(s) ? (s as Status) : null;
}

/**
 * The seed rule: reliability by publisher type (PUBLISHER_TYPES); credibility by how the claim is
 * stated: a correction's own sentence 2; a claim stated as fact (or as a plan, which is a fact about
 * intent) 2; one the article attributes to an estimate or report it does not vouch for ("reported") 3;
 * an accusation or contested claim ("alleged", "disputed") 4; a claim later retracted 5. The rule never
 * gives 1 ("confirmed by other sources"): corroboration is counted by combining the sources of a claim,
 * and grading each of them 1 as well would count it twice.
 */
export function gradeBySeedRule(source: Source, edge: GraphEdge): string {
  const type = SEED_PUBLISHER_TYPES[source.publisher ?? ''] ?? 'unknown';
  const reliability = PUBLISHER_TYPES[type].reliability;
  if (source.role === 'correction') return `${reliability}2`;
  const credibility = { reported: '3', alleged: '4', disputed: '4', retracted: '5', planned: '2' }[statusOf(edge) ?? 'planned'];
  return `${reliability}${credibility}`;
}

/** The grade of each source of `edge`: its `sourceGrades` when valid, else the seed rule's. */
export function gradesOf(edge: GraphEdge): string[] {
  const stored = edge.properties[SOURCE_GRADES_KEY];
  if (checkSourceGrades(stored, edge.sources.length) === null) return stored as string[];
  return edge.sources.map((s) => gradeBySeedRule(s, edge));
}

/** `edge` with `sourceGrades` set by the seed rule when it has none. */
export function withSeedGrades(edge: GraphEdge): GraphEdge {
  if (edge.properties[SOURCE_GRADES_KEY] !== undefined) return edge;
  return { ...edge, properties: { ...edge.properties, [SOURCE_GRADES_KEY]: edge.sources.map((s) => gradeBySeedRule(s, edge)) } };
}

export interface GradeWeights {
  reliabilityWeights: Record<ReliabilityGrade, number>;
  credibilityWeights: Record<CredibilityGrade, number>;
}

/** True when the claim was withdrawn: status retracted, or a correction among its sources. */
export function isRetracted(edge: GraphEdge): boolean {
  return statusOf(edge) === 'retracted' || edge.sources.some((s) => s.role === 'correction');
}

/**
 * The claim's confidence in 0..1 (see the module header): its sources combined with diminishing returns,
 * one per document; 0 when it was retracted.
 */
export function claimConfidence(edge: GraphEdge, weights: GradeWeights): number {
  if (isRetracted(edge)) return 0;
  const grades = gradesOf(edge);
  const bestByDocument = new Map<string, number>();
  edge.sources.forEach((s, i) => {
    const g = parseGrade(grades[i] ?? '');
    if (g === null) return;
    const c = Math.min(1, weights.reliabilityWeights[g.reliability] * weights.credibilityWeights[g.credibility]);
    bestByDocument.set(s.document, Math.max(c, bestByDocument.get(s.document) ?? 0));
  });
  let doubt = 1;
  for (const c of bestByDocument.values()) doubt *= 1 - c;
  return 1 - doubt;
}
