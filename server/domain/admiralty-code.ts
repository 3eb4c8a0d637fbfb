/**
 * The NATO Admiralty code as data: the grades, what they mean, how a grade is written ("B2") and checked
 * against a relationship's sources. No imports, and so no zod: the browser's evidence panel uses it, and the
 * page's Content-Security-Policy forbids the eval that zod probes for when it builds a schema. The rule
 * and the weights built on it are source-grades.ts.
 */

export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];
export const CREDIBILITY_GRADES = ['1', '2', '3', '4', '5', '6'] as const;
export type CredibilityGrade = (typeof CREDIBILITY_GRADES)[number];

/** What each grade means, as the Admiralty code words it. */
export const RELIABILITY_MEANING: Record<ReliabilityGrade, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};
export const CREDIBILITY_MEANING: Record<CredibilityGrade, string> = {
  '1': 'confirmed by other sources',
  '2': 'probably true',
  '3': 'possibly true',
  '4': 'doubtful',
  '5': 'improbable',
  '6': 'truth cannot be judged',
};

/** The edge property holding one grade per source. */
export const SOURCE_GRADES_KEY = 'sourceGrades';

export const SOURCE_GRADE = /^[A-F][1-6]$/;

export interface SourceGrade {
  reliability: ReliabilityGrade;
  credibility: CredibilityGrade;
}

/** "B2" -> { reliability: 'B', credibility: '2' }; null when the text is not a grade. */
export function parseGrade(code: string): SourceGrade | null {
  if (!SOURCE_GRADE.test(code)) return null;
  return { reliability: code[0] as ReliabilityGrade, credibility: code[1] as CredibilityGrade };
}

/**
 * What is wrong with a `sourceGrades` value for a relationship with `sources` sources, or null when it
 * is right: a list of grades, one per source. A list that no longer lines up with the sources (they were
 * edited) is refused rather than read askew.
 */
export function checkSourceGrades(value: unknown, sources: number): string | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'must be a list of Admiralty grades such as "B2", one per source';
  const bad = value.findIndex((v) => !SOURCE_GRADE.test(v as string));
  if (bad >= 0) return `entry ${bad} ("${String(value[bad])}") is not an Admiralty grade: a letter A-F then a digit 1-6, e.g. "B2"`;
  if (value.length !== sources) {
    return (
      `has ${value.length} grade${value.length === 1 ? '' : 's'} for ${sources} source${sources === 1 ? '' : 's'}: ` +
      'give one per source, in the order of sources, or leave sourceGrades out to have the seed rule grade them'
    );
  }
  return null;
}
