/**
 * Coreference within a paragraph: a sentence that names its subject by a pronoun ("It", "He") or a definite
 * description ("the base", "the agreement", "the two countries") speaks of an entity named shortly before.
 * Each such phrase becomes a party standing for the most recent compatible entity (by kind) earlier in the
 * same sentence or in the paragraph's earlier sentences, so a claim stated about "it" is proposed about the
 * entity. A phrase with no compatible antecedent in its paragraph stands for nothing.
 */
import type { Party } from './claim-proposer';
import { kindByHead } from './entity-candidates';
import type { Sentence } from './sentence-split';

/** Kinds an impersonal "it" can stand for: actors and things, not people, places or languages. */
const IT_KINDS: ReadonlySet<string> = new Set(['Country', 'InternationalOrganization', 'GovernmentBody', 'MilitaryUnit', 'MilitaryBase', 'MediaOutlet', 'ThinkTank', 'MilitantGroup', 'Project', 'Infrastructure', 'Agreement']);

interface Reference {
  start: number;
  end: number;
  /** Which parties it can stand for. */
  fits: (p: Party) => boolean;
  /** How many distinct antecedents it names ("the two countries": 2). */
  count: number;
}

/** The index of each sentence's paragraph: a blank line between two sentences starts a new one. */
export function paragraphsOf(text: string, sentences: readonly Sentence[]): number[] {
  let paragraph = 0;
  return sentences.map((s, i) => {
    const prev = sentences[i - 1];
    if (prev && /\n\s*\n/.test(text.slice(prev.end, s.start))) paragraph += 1;
    return paragraph;
  });
}

/** Pronoun subjects and definite descriptions of one sentence. */
function referencesIn(s: Sentence): Reference[] {
  const out: Reference[] = [];
  const opening = /^["“‘']?(It|Its|He|His|She|Her)(?![\p{L}])/u.exec(s.text);
  if (opening) {
    const person = /^(He|His|She|Her)$/.test(opening[1] ?? '');
    const at = s.start + opening[0].length - (opening[1] ?? '').length;
    out.push({ start: at, end: s.start + opening[0].length, fits: (p) => (person ? p.kind === 'Person' : IT_KINDS.has(p.kind)), count: 1 });
  }
  for (const m of s.text.matchAll(/(?<![\p{L}])(?:the|both)\s+(?:two\s+)?(countries|states|sides|parties|governments)(?![\p{L}])/giu)) {
    const at = s.start + (m.index ?? 0);
    out.push({ start: at, end: at + m[0].length, fits: (p) => p.kind === 'Country', count: 2 });
  }
  for (const m of s.text.matchAll(/(?<![\p{L}])[Tt]he\s+(?:new\s+|same\s+|military\s+|air\s+)?(\p{Ll}+)(?![\p{L}-])/gu)) {
    const kind = kindByHead(m[1] ?? '');
    // Places and natural features are named, not described, in these articles; "the region" is rarely one.
    if (!kind || kind === 'Region' || kind === 'NaturalFeature' || kind === 'City') continue;
    const at = s.start + (m.index ?? 0);
    out.push({ start: at, end: at + m[0].length, fits: (p) => p.kind === kind, count: 1 });
  }
  return out;
}

/**
 * Parties that the pronouns and definite descriptions of `sentences` stand for (see the module comment),
 * each spanning the referring phrase. Phrases inside a named party ("the 201st Military Base") are names.
 */
export function resolveReferences(text: string, sentences: readonly Sentence[], parties: readonly Party[]): Party[] {
  const paragraph = paragraphsOf(text, sentences);
  const out: Party[] = [];
  sentences.forEach((s, i) => {
    for (const r of referencesIn(s)) {
      if (parties.some((p) => p.start < r.end && r.start < p.end)) continue;
      const earlier = parties.filter((p) => p.end <= r.start && r.fits(p) && sentences.some((x, j) => j <= i && paragraph[j] === paragraph[i] && p.start >= x.start && p.end <= x.end));
      const chosen: Party[] = [];
      for (let k = earlier.length - 1; k >= 0 && chosen.length < r.count; k -= 1) {
        const p = earlier[k] as Party;
        const id = p.standsFor?.id ?? p.id;
        if (!chosen.some((c) => (c.standsFor?.id ?? c.id) === id)) chosen.push(p);
      }
      if (chosen.length < r.count) continue;
      for (const p of chosen) out.push({ ...p, start: r.start, end: r.end, reference: true });
    }
  });
  return out;
}
