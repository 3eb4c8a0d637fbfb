/**
 * Events, agreements, policies, projects and structures are named by their description, not by a proper name: "an official visit
 * to Tajikistan", "the 1999 agreement", "a comprehensive security treaty", "Putin's speech to the CSTO".
 * A noun phrase whose head is a word the vocabulary's kind descriptions give for Event, Agreement or Policy
 * (graph-seed/vocabulary.json: "exercise, forum, festival, attack, war, armed clashes, mutiny, visit,
 * election, speech, military campaign"; "treaty, agreement or set of agreement documents"; "policy ...
 * sanctions"; "a funded programme or project (... the Russian-funded schools)"; "canal, border outpost,
 * government complex, concert hall") is a candidate of that kind, with its modifiers, a possessive owner and one complement
 * ("to Tajikistan", "in Ukraine"). Articles and words that only date or judge it ("recent", "ongoing") are
 * left out of the name, so it reads as the curators' descriptive names do.
 */
import type { CandidateEntity } from '../domain/document-model';
import { foldText } from '../domain/text-folding';

/** Head nouns per kind, from the vocabulary's kind descriptions (and their plurals and near synonyms). */
const DESCRIBED_HEADS: ReadonlyArray<[string, string]> = [
  ['Event', 'visits?|trips?|elections?|exercises?|drills|forums?|summits?|conferences?|festivals?|attacks?|war|clashes|battles|mutiny|speech|campaign|exchange|uprising|invasion'],
  ['Agreement', 'agreements?|treaty|treaties|accords?|pacts?|deal|memorandum|documents'],
  ['Policy', 'policy|policies|sanctions|agenda|economy|doctrine|strategy'],
  ['Project', 'schools|projects?|programmes?'],
  ['Infrastructure', 'complex|outposts?|canals?|hall'],
];

/** Words that date, rank or judge a thing without naming it. */
const NOT_NAMING = /^(joint|recent|recently|latest|ongoing|current|upcoming|planned|possible|potential|proposed|future|past|previous|first|last|next|another|such|new|same|major|key|important|significant|several|many|some|any|all|this|that|these|those|its|their|his|her|our|the|a|an)$/i;

/** Function words that end a phrase going left from the head. */
const STOP = /^(of|to|in|on|at|by|for|from|with|and|or|but|as|is|are|was|were|be|been|has|have|had|will|would|could|should|can|may|might|that|which|who|than|not|no|during|after|before|since|while|into|about|against|between|under|over)$/i;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-–]*/gu;

/** A day or a month: it dates the thing, and what precedes it ("Putin's June 28 working visit") is not read. */
const DATING = /^(\d{1,2}|january|february|march|april|may|june|july|august|september|october|november|december)$/i;

function headPattern(): RegExp {
  const heads = DESCRIBED_HEADS.map(([, h]) => h).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${heads})(?![\\p{L}\\p{N}])`, 'giu');
}

const kindOf = (head: string): string => DESCRIBED_HEADS.find(([, h]) => new RegExp(`^(?:${h})$`, 'i').test(head))?.[0] ?? 'Event';

/** Candidate entities named by a description in `text` (see the module comment). */
export function findDescribedEntities(text: string): CandidateEntity[] {
  const byKey = new Map<string, CandidateEntity>();
  for (const h of text.matchAll(headPattern())) {
    const headStart = h.index ?? 0;
    let headEnd = headStart + h[0].length;
    // Up to three words to the left, within the clause: modifiers ("comprehensive security") and an owner ("Putin's").
    const left = text.slice(Math.max(0, headStart - 60), headStart);
    const words = [...left.matchAll(WORD)].filter((w) => (w.index ?? 0) + w[0].length <= left.length);
    let start = headStart;
    for (let k = words.length - 1, taken = 0; k >= 0 && taken < 3; k -= 1, taken += 1) {
      const w = words[k] as RegExpMatchArray;
      const at = headStart - left.length + (w.index ?? 0);
      if (/[,.;:!?()"“”\n]/.test(text.slice(at + w[0].length, start))) break;
      // A gerund ("holding military drills", "covering foreign policy") is the verb of the clause, not a modifier.
      if (STOP.test(w[0]) || NOT_NAMING.test(w[0]) || DATING.test(w[0]) || /\p{Ll}ing$/u.test(w[0])) break;
      start = at;
    }
    // One complement: a preposition and a capitalised name ("to Tajikistan", "to the CSTO", "in Ukraine").
    let complement = /^\s+(?:to|in|of|at|on|against|with)\s+(?:the\s+)?\p{Lu}[\p{L}’'-]*(?:\.\p{L}+)*(?:\s+\p{Lu}[\p{L}’'-]*(?:\.\p{L}+)*)*/u.exec(text.slice(headEnd));
    // Unless the name only modifies what follows: "with Tajik military forces", "in Tajikistan's Khatlon region"
    // (a participle opens a clause of its own: "speech to the CSTO warning of ...").
    const next = complement && /^\s+(\p{Ll}[\p{L}-]*)/u.exec(text.slice(headEnd + complement[0].length))?.[1];
    if (next && !STOP.test(next) && !NOT_NAMING.test(next) && !/^(said|says|told|was|is|were|are|\p{Ll}+(?:ing|ed))$/u.test(next)) complement = null;
    if (complement) headEnd += complement[0].replace(/['’]s$/, '').length;
    const name = text.slice(start, headEnd);
    // A bare head ("the agreement", "the war") is a reference, not a name: coreference.ts reads it.
    if (start === headStart && !complement) continue;
    const key = foldText(name);
    const mention = { text: name, start, end: headEnd };
    // Its possessive owner, by a title and name ("General Nazarzoda's mutiny"), is a person of its own
    // (a known one, "Putin's speech", is a mention already and is dropped as such).
    const owner = /(?<![\p{L}])(?:(?:General|Colonel|President|Minister|Ambassador|Mr|Mrs|Ms|Dr)\.?\s+)?((?:\p{Lu}\p{Ll}+\s+)*\p{Lu}\p{Ll}+)['’]s\s/u.exec(text.slice(start, headStart));
    if (owner?.[1]) {
      const ownerName = owner[1];
      const ownerStart = start + (owner.index ?? 0) + owner[0].indexOf(ownerName);
      const ownerKey = foldText(ownerName);
      const known = byKey.get(ownerKey);
      const ownerMention = { text: ownerName, start: ownerStart, end: ownerStart + ownerName.length };
      if (known) known.mentions.push(ownerMention);
      else byKey.set(ownerKey, { id: ownerKey.replace(/[^\p{L}\p{N}]+/gu, '-'), name: ownerName, kind: 'Person', mentions: [ownerMention], why: `the owner of "${name}"` });
    }
    const entry = byKey.get(key);
    if (entry) entry.mentions.push(mention);
    else byKey.set(key, { id: foldText(name).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80), name, kind: kindOf(h[0]), mentions: [mention], why: `described by "${h[0]}"` });
  }
  // Groups and forces named by a nationality and what they are ("Tajik labor migrants", "Russian advisers").
  for (const g of text.matchAll(GROUP)) {
    const start = g.index ?? 0;
    const name = g[0];
    const key = foldText(name);
    const mention = { text: name, start, end: start + name.length };
    const kind = /(advisers|advisors|guards|forces|troops|soldiers)$/i.test(name) ? 'MilitaryUnit' : 'Group';
    const entry = byKey.get(key);
    if (entry) entry.mentions.push(mention);
    else byKey.set(key, { id: key.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80), name, kind, mentions: [mention], why: 'a nationality and a group' });
  }
  // A name and the lower-case kind it is ("Sipehr think tank", "Kant air base", "Qosh Tepa canal"), the name
  // possibly joined by "and", "in", "of", "for" ("Climate Change and Resilience in Central Asia project").
  for (const k of text.matchAll(NAMED_KIND)) {
    const start = k.index ?? 0;
    const name = k[0];
    const key = foldText(name);
    const kind = NAMED_KINDS.find(([re]) => re.test(name))?.[1] ?? 'Infrastructure';
    const entry = byKey.get(key);
    if (entry) entry.mentions.push({ text: name, start, end: start + name.length });
    else byKey.set(key, { id: key.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80), name, kind, mentions: [{ text: name, start, end: start + name.length }], why: 'a name and its kind' });
  }
  // A city named as a capital ("the Kyrgyz capital, Bishkek"), which the tagger may not know.
  for (const c of text.matchAll(/(?<![\p{L}])capital,?\s+(\p{Lu}\p{Ll}+)(?![\p{L}])/gu)) {
    const name = c[1] ?? '';
    const start = (c.index ?? 0) + c[0].length - name.length;
    const key = foldText(name);
    const entry = byKey.get(key);
    if (entry) entry.mentions.push({ text: name, start, end: start + name.length });
    else byKey.set(key, { id: key, name, kind: 'City', mentions: [{ text: name, start, end: start + name.length }], why: 'named as a capital' });
  }
  const place = (name: string, start: number, kind: string, why: string): void => {
    const key = foldText(name);
    const entry = byKey.get(key);
    if (entry) entry.mentions.push({ text: name, start, end: start + name.length });
    else byKey.set(key, { id: key.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, ''), name, kind, mentions: [{ text: name, start, end: start + name.length }], why });
  };
  // A part of a country named by a point of the compass ("northern Afghanistan"): a region of it.
  for (const r of text.matchAll(/(?<![\p{L}])(?:north|south|east|west|central|(?:north|south)-?(?:east|west))(?:ern)?\s+\p{Lu}\p{Ll}+(?![\p{L}])/gu)) {
    place(r[0], r.index ?? 0, 'Region', 'a region named by a point of the compass');
  }
  // Cities named as such ("the cities of Dushanbe and Bokhtar", "the town of Kant").
  for (const c of text.matchAll(/(?<![\p{L}])(?:cities|city|towns?)\s+of\s+\p{Lu}\p{Ll}+(?:(?:,\s+|,?\s+and\s+)\p{Lu}\p{Ll}+)*(?![\p{L}])/gu)) {
    const list = c[0].replace(/^\S+\s+of\s+/, '');
    const base = (c.index ?? 0) + c[0].length - list.length;
    for (const n of list.matchAll(/\p{Lu}\p{Ll}+/gu)) place(n[0], base + (n.index ?? 0), 'City', 'named as a city');
  }
  // A description inside a longer name of the same kind ("Central Asia project" in "Climate Change and
  // Resilience in Central Asia project") is that name, not a thing of its own.
  const all = [...byKey.values()];
  const inside = (m: { start: number; end: number }, kind: string): boolean =>
    all.some((o) => o.kind === kind && o.mentions.some((x) => x.start <= m.start && m.end <= x.end && x.end - x.start > m.end - m.start));
  return all.filter((c) => !c.mentions.every((m) => inside(m, c.kind)));
}

/** Lower-case kind nouns from the vocabulary's kind descriptions ("think tank", "air base", "canal", "project"). */
const NAMED_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/think tank$/, 'ThinkTank'],
  [/(?:air|military) base$/, 'MilitaryBase'],
  [/project$/, 'Project'],
  [/(?:canal|outpost|dam|complex)$/, 'Infrastructure'],
];
const NAMED_KIND = /(?<![\p{L}\p{N}])(?!(?:The|A|An|This|That|These|Those|Its|Their|His|Her)\s)\p{Lu}[\p{L}-]+(?:\s+(?:(?:and|in|of|for)\s+)?\p{Lu}[\p{L}-]+)*\s+(?:think tank|air base|military base|project|canal|outpost|dam)(?![\p{L}\p{N}])/gu;

/**
 * A capitalised word (a nationality) and up to two lower-case words ending in a head the vocabulary's Group
 * and MilitaryUnit descriptions give ("labour migrants, ... the suspects of an attack, business leaders, the
 * public"; "border guards, ... a group of advisers"), and officers as a body ("four Tajik generals").
 */
const GROUP = /(?<![\p{L}\p{N}])(?!(?:The|A|An|This|That|These|Those|Its|Their|His|Her)\s)\p{Lu}[\p{L}-]+(?:\s+\p{Ll}[\p{L}-]*){0,2}\s+(?:migrants|workers|leaders|suspects|public|citizens|generals|colonels|officers|advisers|advisors|guards|forces|troops|soldiers)(?![\p{L}\p{N}])/gu;
