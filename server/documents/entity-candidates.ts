/**
 * Names a document introduces that the graph lacks, with a proposed kind: people, organisations and places
 * as compromise tags them (a rule-based English tagger that runs offline, without a model download, in a
 * few milliseconds per article), plus runs of capitalised words ending in a head noun the vocabulary's kinds
 * name ("201st Military Base", "Dushanbe Water Process", "Khatlon region"), which the tagger leaves untagged.
 * Spans that overlap a known entity's mention are not candidates; a surname alone joins the full name.
 */
import type { CandidateEntity, Mention } from '../domain/document-model';
import { foldText } from '../domain/text-folding';
import { findDescribedEntities } from './description-candidates';
import { compromiseNlp } from './lazy-nlp';

interface Span {
  text: string;
  start: number;
  end: number;
}

/** Head nouns that name a kind, tried on the last word of a capitalised run. */
const HEAD_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/^(base|airbase|air base|garrison)$/i, 'MilitaryBase'],
  [/^(division|brigade|regiment|guard|army|force|forces|coalition|battalion|command|troops|corps)$/i, 'MilitaryUnit'],
  [/^(ministry|department|embassy|committee|parliament|council|assembly|administration|service|agency|government|majlis|senate|cabinet)$/i, 'GovernmentBody'],
  [/^(organization|organisation|union|bank|fund|alliance|community|association|nations|cooperation)$/i, 'InternationalOrganization'],
  [/^(forum|summit|conference|exercise|exercises|war|process|visit|meeting|election|elections|congress|games)$/i, 'Event'],
  [/^(agreement|treaty|accord|pact|memorandum|deal|protocol)$/i, 'Agreement'],
  [/^(policy|doctrine|initiative|strategy)$/i, 'Policy'],
  [/^(project|programme|program|corridor|railway|pipeline|plant|station|dam|canal|road|highway|bridge|tunnel|mine)$/i, 'Infrastructure'],
  [/^(region|province|oblast|district|valley|corridor)$/i, 'Region'],
  [/^(river|lake|sea|mountains|glacier)$/i, 'NaturalFeature'],
  [/^(institute|university|academy|center|centre)$/i, 'ThinkTank'],
  [/^(news|agency|times|post|radio|tv|television|novosti|gazeta|gazette|herald|tribune|journal|courier)$/i, 'MediaOutlet'],
  [/^(taliban|movement|front|party|brigades)$/i, 'MilitantGroup'],
];

/** Words the tagger takes for names that are not: months, days, pronoun-led phrases. */
const NOT_NAMES = /^(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|it|he|she|they|we|i)$/i;

/** Two or three capitalised words the tagger left untagged ("Julien Katchinoff", "Terhi Hakala"): most often a person. */
const NAME_RUN = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+(?:[-’']\p{Lu}?\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+(?:[-’']\p{Lu}?\p{Ll}+)?){1,2}(?![\p{L}])/gu;
/** The same after a rank or title, which NAME_RUN would read as part of the name ("Army General Michael Kurilla"). */
const TITLED_NAME = /(?<=(?:^|[^\p{L}])(?:Army|General|Colonel|President|Minister|Ambassador|Deputy|Chairman|Speaker|Senator|Secretary)\s+)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+(?:[-’']\p{Lu}?\p{Ll}+)?){1,2}(?![\p{L}])/gu;

/** The kind a name's last word names ("201st Military Base" -> MilitaryBase), if any. */
export function kindByHead(name: string): string | undefined {
  // A body of the United Nations is an international organisation whatever its head ("... Development Program").
  if (/^(?:the\s+)?United\s+Nations\s+\S/i.test(name.trim()) && kindOfLast(name) !== 'Event') return 'InternationalOrganization';
  return kindOfLast(name);
}

function kindOfLast(name: string): string | undefined {
  const last = name.trim().split(/\s+/).pop() ?? '';
  return HEAD_KINDS.find(([re]) => re.test(last))?.[1];
}

/** The kind an appositive right after a name gives it: "the Amu Darya—a transboundary river" (NaturalFeature). */
function appositiveKind(text: string, end: number): string | undefined {
  const words = /^\s*[,—–-]\s*(?:a|an|the)\s+((?:\p{Ll}[\p{L}-]*\s*){1,4})/u.exec(text.slice(end, end + 80))?.[1];
  // The head comes before any complement: "the head of the agency" is a person, not an agency.
  for (const w of words?.split(/\s+/) ?? []) {
    if (/^(of|in|at|for|from|with|on|to|that|which|who|and|or)$/.test(w)) break;
    const kind = w && kindOfLast(w);
    if (kind) return kind;
  }
  return undefined;
}

/** A lowercase slug for a new entity's id. */
export function slugOf(name: string): string {
  return foldText(name)
    .replace(/['"]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'entity';
}

interface OffsetTerm {
  text: string;
  offset?: { start: number; length: number };
}

function spansOf(view: { json(o: object): unknown }): Span[] {
  const out: Span[] = [];
  for (const item of view.json({ offset: true }) as OffsetTerm[]) {
    if (!item.offset) continue;
    out.push({ text: item.text, start: item.offset.start, end: item.offset.start + item.offset.length });
  }
  return out;
}

/** Titles, ranks and nationalities that precede a person's name. */
const PERSON_TITLE = /^(mr|mrs|ms|dr|gen|general|president|prime minister|foreign minister|minister|deputy|ambassador|chairman|colonel|lieutenant|major|senator|secretary|army|navy|air force|tajik|russian|chinese|us|u\.s\.)\.?\s+/i;

const TITLE_ONLY = /^(?:(?:prime|foreign|defen[cs]e|deputy|vice|first|minister|president|general|ambassador|chairman|colonel|secretary|speaker|senator)\s*)+$/i;

/** True where the line holding `at` is a headline: four words or more, nearly all capitalised. */
function isHeadline(text: string, at: number): boolean {
  const from = text.lastIndexOf('\n', at) + 1;
  const to = text.indexOf('\n', at);
  const words = text.slice(from, to < 0 ? text.length : to).match(/\p{L}+/gu) ?? [];
  return words.length >= 4 && words.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.8 * words.length;
}

/** Trims punctuation, possessives and leading articles off a span, keeping its offsets true to the text. */
function trimSpan(text: string, s: Span, kind: string): Span | undefined {
  let { start, end } = s;
  const body = (): string => text.slice(start, end);
  while (start < end && /[\s"“”‘’'([,.;:]/.test(text[start] ?? '')) start += 1;
  while (end > start && /[\s"“”‘’')\],.;:!?]/.test(text[end - 1] ?? '')) end -= 1;
  const possessive = /['’]s$/.exec(body());
  if (possessive) end -= 2;
  const owner = /^[\p{L}.-]+['’]s\s+(?=\p{Lu})/u.exec(body());
  if (owner) start += owner[0].length;
  const article = /^(the|a|an|this|that|these|those|its|their|his|her)\s+/i.exec(body());
  if (article) start += article[0].length;
  // A person's titles and nationality are not their name ("Russian President Putin"); an organisation's are
  // ("US Embassy", "Russian Air Force").
  const honorific = kind === 'Person' ? PERSON_TITLE : /^(mr|mrs|ms|dr)\.?\s+/i;
  for (let m = honorific.exec(body()); m && /\s\p{Lu}/u.test(body()); m = honorific.exec(body())) start += m[0].length;
  if (end - start < 3 || !/^\p{Lu}/u.test(text[start] ?? '')) return undefined;
  // A title alone ("Foreign Minister") names an office, not a person.
  if (kind === 'Person' && TITLE_ONLY.test(text.slice(start, end))) return undefined;
  // A list ("Tajikistan, Kyrgyzstan"), a bracket or a paragraph break inside is not one name.
  if (/[,\n[\]()]/.test(text.slice(start, end)) || NOT_NAMES.test(text.slice(start, end))) return undefined;
  // A name ends in a capitalised word or a kind's head noun: "Kyrgyz capital", "Chinese zone" are descriptions.
  const last = /\S+$/.exec(text.slice(start, end))?.[0] ?? '';
  if (/^\p{Ll}/u.test(last) && !kindByHead(last)) return undefined;
  return { text: text.slice(start, end), start, end };
}

/**
 * The parts of a tagged list ("China, South Korea, Qatar", "Dushanbe and Bishkek"): the tagger reads a run of
 * places as one, and a list is never one name, so each item is a span of its own.
 */
function splitList(text: string, s: Span): Span[] {
  const body = text.slice(s.start, s.end);
  if (!/,|\s(?:and|or)\s/i.test(body)) return [s];
  const out: Span[] = [];
  // Any case: a headline's capitalised words ("Dushanbe And Bishkek") list names too.
  const separator = /\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+/gi;
  let from = 0;
  for (const m of [...body.matchAll(separator), { index: body.length, 0: '' }]) {
    const at = m.index ?? body.length;
    if (at > from) out.push({ text: body.slice(from, at), start: s.start + from, end: s.start + at });
    from = at + m[0].length;
  }
  return out;
}

const within = (outer: readonly Span[], s: Span): boolean => outer.some((o) => o.start <= s.start && s.end <= o.end);

/** Candidate entities of `text`: names not among `mentions` (spans of known entities). */
export function findCandidateEntities(text: string, mentions: readonly Mention[]): CandidateEntity[] {
  const doc = compromiseNlp()(text);
  const tagged: Array<{ span: Span; kind: string; why: string }> = [];
  // The tagger's lexicon knows countries ("Qatar", "Iraq"): a one-word place it tags so is a Country, not a City.
  const countries = spansOf(doc.match('#Country+'));
  for (const s of spansOf(doc.people().not('#Honorific'))) tagged.push({ span: s, kind: 'Person', why: 'compromise: person' });
  for (const s of spansOf(doc.organizations())) tagged.push({ span: s, kind: kindByHead(s.text) ?? 'InternationalOrganization', why: 'compromise: organisation' });
  for (const s of spansOf(doc.places())) tagged.push({ span: s, kind: kindByHead(s.text) ?? (/\s/.test(s.text.trim()) ? 'Region' : 'City'), why: 'compromise: place' });
  // Capitalised runs ("Virginia National Guard", "201st Military Base", "Khatlon region") named by their head noun.
  const run = /(?<![\p{L}\p{N}])(?:(?:\d+(?:st|nd|rd|th)|\p{Lu}[\p{L}'’.-]*)\s+)*(?:\d+(?:st|nd|rd|th)\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:of|for)\s+(?:the\s+)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)?(?:\s+\p{Ll}+)?/gu;
  for (const m of text.matchAll(run)) {
    const at = m.index ?? 0;
    let body = m[0];
    let kind = kindByHead(body);
    if (!kind) {
      body = body.replace(/\s+\p{Ll}+$/u, '');
      kind = kindByHead(body);
    }
    if (kind && /\s/.test(body.trim())) tagged.push({ span: { text: body, start: at, end: at + body.length }, kind, why: `capitalised name ending in "${body.trim().split(/\s+/).pop() ?? ''}"` });
  }
  // A name that holds a known one ("Dushanbe Water Process", "Russian Embassy") is a candidate of its own.
  for (const m of text.matchAll(NAME_RUN)) {
    const at = m.index ?? 0;
    // Not at a sentence's start, where every word is capitalised, unless a title or a verb of saying follows
    // ("Constantine Borovoy, a Moscow-based expert", "Ivanov said"): then it is a person's name.
    const opening = at === 0 || /[.!?"“\n]\s*$/.test(text.slice(Math.max(0, at - 3), at));
    if (opening && !/^(?:,\s+(?:a|an|the)\s|\s+(?:said|says|told)\b)/.test(text.slice(at + m[0].length, at + m[0].length + 12))) continue;
    // Nor in a headline, where every word is capitalised too ("Why Is Russia Suddenly Paying So Much Attention").
    if (isHeadline(text, at)) continue;
    tagged.push({ span: { text: m[0], start: at, end: at + m[0].length }, kind: kindByHead(m[0]) ?? 'Person', why: 'capitalised words' });
  }
  for (const m of text.matchAll(TITLED_NAME)) {
    const at = m.index ?? 0;
    tagged.push({ span: { text: m[0], start: at, end: at + m[0].length }, kind: 'Person', why: 'capitalised words after a title' });
  }
  const covered = (s: Span): boolean => mentions.some((m) => m.start < s.end && s.start < m.end && !(m.start >= s.start && m.end <= s.end && m.end - m.start < s.end - s.start));
  const byKey = new Map<string, CandidateEntity>();
  // Longer spans first, so "Virginia National Guard Soldiers" does not lose to its parts.
  tagged.sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start));
  const taken: Span[] = [];
  // Items of a list share the kind of a known sibling ("China, South Korea, Qatar and Iran" lists countries).
  const items = tagged.flatMap((x) => {
    const parts = splitList(text, x.span);
    if (parts.length === 1) return [x];
    const sibling = mentions.find((m) => m.start >= x.span.start && m.end <= x.span.end);
    return parts.map((span) => ({ ...x, span, kind: sibling?.kind ?? kindByHead(span.text) ?? (/\s/.test(span.text.trim()) ? x.kind : 'City'), listed: Boolean(sibling) }));
  });
  for (const t of items) {
    const span = trimSpan(text, t.span, t.kind);
    if (!span || covered(span) || taken.some((x) => x.start < span.end && span.start < x.end)) continue;
    taken.push(span);
    const key = foldText(span.text);
    const entry = byKey.get(key);
    if (entry) entry.mentions.push({ text: span.text, start: span.start, end: span.end });
    else byKey.set(key, { id: slugOf(span.text), name: span.text, kind: ('listed' in t && t.listed ? t.kind : kindByHead(span.text) ?? appositiveKind(text, span.end) ?? (t.kind === 'City' && within(countries, span) ? 'Country' : t.kind)), mentions: [{ text: span.text, start: span.start, end: span.end }], why: t.why });
  }
  // A surname alone ("Putin") joins the person named in full elsewhere ("Vladimir Putin").
  const people = [...byKey.values()].filter((c) => c.kind === 'Person' && /\s/.test(c.name));
  for (const [key, c] of byKey) {
    if (c.kind !== 'Person' || /\s/.test(c.name)) continue;
    const full = people.find((p) => foldText(p.name).endsWith(` ${key}`));
    if (full) {
      full.mentions.push(...c.mentions);
      byKey.delete(key);
    }
  }
  const described = findDescribedEntities(text);
  // A described thing may hold other names ("visit to Tajikistan"): only the very same span is taken already.
  const merge = (d: CandidateEntity): void => {
    const mentionsFree = d.mentions.filter((m) => !covered(m) && !taken.some((x) => x.start === m.start && x.end === m.end));
    if (mentionsFree.length === 0) return;
    const entry = byKey.get(foldText(d.name));
    if (entry) entry.mentions.push(...mentionsFree);
    else byKey.set(foldText(d.name), { ...d, mentions: mentionsFree });
  };
  // Cities named as such ("the Kyrgyz capital, Bishkek") are proper names: found wherever they recur, below.
  for (const d of described.filter((x) => x.kind === 'City')) {
    merge({ ...d, mentions: d.mentions.filter((m) => !taken.some((x) => x.start < m.end && m.start < x.end)) });
    taken.push(...d.mentions.filter((m) => !covered(m)));
  }
  // Once named, a name is found wherever it recurs, even where the tagger missed it ("Bishkek and Kant"); a
  // person named in full is also named by surname ("Zarifi also said").
  const recurring = [...byKey.values()].map((c) => ({ c, label: c.name }));
  for (const p of people) recurring.push({ c: p, label: p.name.split(/\s+/).pop() ?? '' });
  for (const { c: p, label: surname } of recurring) {
    if (surname.length < 4 || !/^\p{Lu}/u.test(surname)) continue;
    const escaped = surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'))) {
      const span = { text: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length };
      if (covered(span) || taken.some((x) => x.start < span.end && span.start < x.end)) continue;
      taken.push(span);
      p.mentions.push(span);
    }
  }
  // Events, agreements and policies named by a description may hold other names ("visit to Tajikistan").
  for (const d of described.filter((x) => x.kind !== 'City')) merge(d);
  return [...byKey.values()].map((c) => ({ ...c, mentions: c.mentions.sort((a, b) => a.start - b.start) }));
}
