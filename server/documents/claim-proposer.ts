/**
 * Candidate claims of a text: for each sentence naming two entities (known, or candidates the same sentence
 * anchors to a known one), each relationship type whose trigger phrase (claim-triggers.ts) appears in the
 * sentence and whose endpoint kinds the vocabulary allows, in the direction the kinds allow (the order of
 * the words where both do). One proposal per pair and sentence: the best-scoring type. The quote is the
 * sentence as written (text.slice(start, end)), dates come from chrono-node (which reads "15 April 2024",
 * "mid-July", "last year" against the publication date) and amounts from the sentence's numbers.
 */
import type { ClaimProposal, Quantity } from '../domain/document-model';
import type { Status } from '../domain/seed-schema';
import { foldWithOffsets } from './offset-folding';
import { CLAIM_TRIGGERS, WEAK_TYPES } from './claim-triggers';
import type { Sentence } from './sentence-split';
import { chrono } from './lazy-nlp';

/** An entity named in a sentence: a known one (with what it stands for) or a candidate. */
export interface Party {
  id: string;
  kind: string;
  start: number;
  end: number;
  isNew: boolean;
  /** A capital's state (metonym rule): offered as the endpoint too. */
  standsFor?: { id: string; kind: string };
  /** A pronoun or description standing for an entity named before (coreference.ts): never a name's modifier. */
  reference?: boolean;
  /** A title standing for the body it names (ministry-titles.ts): read only as the modifier of a name. */
  title?: boolean;
}

export interface TypeRule {
  type: string;
  from: readonly string[];
  to: readonly string[];
}

/** An existing relationship between two entities the text names (for corroboration). */
export interface ExistingEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  quotes: readonly string[];
}

export interface ProposeInput {
  text: string;
  documentId: string;
  sentences: readonly Sentence[];
  parties: readonly Party[];
  types: readonly TypeRule[];
  existing: readonly ExistingEdge[];
  /** The publication date, the reference for relative dates. */
  published?: string;
}

/** Proposals below this score are left out. */
export const MIN_SCORE = 0.35;

const compiled = new Map<string, RegExp>();
function triggerPattern(type: string): RegExp | undefined {
  if (!compiled.has(type)) {
    const phrases = CLAIM_TRIGGERS[type];
    if (!phrases || phrases.length === 0) return undefined;
    compiled.set(type, new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join('|')})(?![\\p{L}\\p{N}])`, 'gu'));
  }
  return compiled.get(type);
}

function referenceDate(published: string | undefined): Date | undefined {
  if (!published) return undefined;
  const [y, m, d] = published.split('-').map(Number);
  return y ? new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1, 12)) : undefined;
}

/** The first date of the sentence with a year: "since 2015" gives validFrom, any other asOf. */
function datesOf(sentence: string, ref: Date | undefined): { validFrom?: string; asOf?: string } {
  const results = chrono().parse(sentence, ref ?? new Date(), { forwardDate: false });
  for (const r of results) {
    const c = r.start;
    if (!c.isCertain('year') && !/\b(19|20)\d{2}\b/.test(r.text)) continue;
    const y = c.get('year');
    if (!y) continue;
    const mo = c.isCertain('month') ? c.get('month') : null;
    const d = mo && c.isCertain('day') ? c.get('day') : null;
    const iso = `${y}${mo ? `-${String(mo).padStart(2, '0')}` : ''}${d ? `-${String(d).padStart(2, '0')}` : ''}`;
    const before = sentence.slice(Math.max(0, r.index - 12), r.index).toLowerCase();
    return /\b(since|from|starting)\s*(in\s*)?$/.test(before) ? { validFrom: iso } : { asOf: iso };
  }
  return {};
}

const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, mln: 1e6, m: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12 };

function numberOf(digits: string, scale: string | undefined): number {
  const n = Number(digits.replace(/,/g, ''));
  return scale ? n * (SCALE[scale.toLowerCase()] ?? 1) : n;
}

/** Amounts the sentence states, under the vocabulary's property keys. */
function quantitiesOf(sentence: string): Quantity[] {
  const out: Quantity[] = [];
  const scale = '(thousand|million|mln|billion|bn|trillion)?';
  for (const m of sentence.matchAll(new RegExp(`(?:US)?\\$\\s?([\\d][\\d,]*(?:\\.\\d+)?)\\s*${scale}`, 'gi'))) {
    out.push({ key: 'amountUsd', value: numberOf(m[1] ?? '0', m[2]), text: m[0].trim() });
  }
  for (const m of sentence.matchAll(new RegExp(`([\\d][\\d,]*(?:\\.\\d+)?)\\s*${scale}\\s*(?:US\\s)?dollars`, 'gi'))) {
    out.push({ key: 'amountUsd', value: numberOf(m[1] ?? '0', m[2]), text: m[0].trim() });
  }
  for (const m of sentence.matchAll(new RegExp(`([\\d][\\d,]*(?:\\.\\d+)?)\\s*${scale}\\s+(?:[a-z]+\\s+)?(troops|soldiers|servicemen|personnel)`, 'gi'))) {
    out.push({ key: 'troops', value: numberOf(m[1] ?? '0', m[2]), text: m[0].trim() });
  }
  for (const m of sentence.matchAll(new RegExp(`([\\d][\\d,]*(?:\\.\\d+)?)\\s*${scale}\\s+(?:[a-z]+\\s+)?(people|migrants|workers|citizens|residents)`, 'gi'))) {
    out.push({ key: 'people', value: numberOf(m[1] ?? '0', m[2]), text: m[0].trim() });
  }
  for (const m of sentence.matchAll(/([\d]+(?:\.\d+)?)\s*(?:%|percent|per cent)/gi)) {
    out.push({ key: /gdp|gross domestic/i.test(sentence) ? 'percentOfGdp' : 'changePercent', value: Number(m[1]), text: m[0].trim() });
  }
  return out.filter((q) => Number.isFinite(q.value));
}

function statusOf(sentence: string): Status | undefined {
  const s = sentence.toLowerCase();
  if (/\b(retracted|withdrawn|denied that)\b/.test(s)) return 'retracted';
  if (/\b(allegedly|reportedly|accused|alleged)\b/.test(s)) return 'alleged';
  if (/\b(disputed|disputes|contested)\b/.test(s)) return 'disputed';
  if (/\b(will|plans?|planned|intends?|to be (built|signed|opened)|proposed|expected to|would)\b/.test(s)) return 'planned';
  return undefined;
}

interface Endpoint {
  id: string;
  kind: string;
  at: number;
  end: number;
  isNew: boolean;
  viaMetonym: boolean;
}

/**
 * Types a name's modifier states without a verb: "Russian border guards" (PART_OF), "Tajik Foreign Minister
 * Zarifi" (WORKS_FOR), "Russian President Vladimir Putin" (LEADS), "Dushanbe Water Process" (TOOK_PLACE_IN),
 * "Russian-language schools" (USES_LANGUAGE),
 * in this order of preference where the kinds allow several.
 */
const MODIFIER_TYPES = ['LEADS', 'WORKS_FOR', 'PART_OF', 'OPERATES', 'NATIONAL_OF', 'TOOK_PLACE_IN', 'LOCATED_IN', 'ORGANIZES', 'USES_LANGUAGE'] as const;
const LEADER_TITLE = /\b(president|prime minister|leader|head|ruler|chairman|king|emir)\b/i;
const OFFICE_TITLE = /\b(minister|ambassador|general|official|spokes\w*|envoy|chief|commander|director|deputy|adviser|advisor|colonel|officer|diplomat|expert|analyst|researcher|scholar|representative|speaker)\b/i;

/** Between a person and an organisation: a comma, then nothing or a title ending in a preposition. */
const APPOSITIVE = /^,\s+(?:(?:the|a|an)\s+)?(?:(?:[\p{L}-]+\s+){1,4}(?:of|at|for|from|in)\s+(?:the\s+)?)?$/u;

/** Kinds a "-based" compound names: where a person or body is based. */
const PLACE_KINDS: ReadonlySet<string> = new Set(['City', 'Region', 'Country']);

/**
 * A locative compound: "<place>-based" before the noun it locates ("Dushanbe-based political analyst Rashid
 * Abdullo") or in an appositive of it ("Constantine Borovoy, a Moscow-based expert").
 */
function basedIn(text: string, a: Party, b: Party): string | undefined {
  if (PLACE_KINDS.has(a.kind) && /^-based(?:\s+[\p{Ll}-]+){0,4}\s+$/u.test(text.slice(a.end, b.start))) return text.slice(a.start, b.end);
  const appositive = PLACE_KINDS.has(b.kind) && /^,\s+(?:a|an|the)\s+$/.test(text.slice(a.end, b.start)) && /^-based\b/.test(text.slice(b.end));
  return appositive ? text.slice(a.start, b.end + '-based'.length) : undefined;
}

/** A modifier relation: the words that type it, and whether `a` is the head noun ("Russian border guards": the guards). */
interface Modifier {
  gap: string;
  headIsA: boolean;
  appositive?: boolean;
  locative?: boolean;
}

/** The modifier relation between two parties named together ("Russian President Putin"), if any. */
function modifierOf(text: string, a: Party, b: Party): Modifier | undefined {
  const based = b.start >= a.end ? basedIn(text, a, b) : undefined;
  if (based) return { gap: based, headIsA: false, locative: true };
  if (b.start >= a.start && b.end <= a.end) return { gap: text.slice(b.start, b.end), headIsA: true };
  if (a.start >= b.start && a.end <= b.end) return { gap: text.slice(a.start, a.end), headIsA: false };
  const gap = text.slice(a.end, b.start);
  // An appositive title: "Vladimir Mikhailov, the chief of the Russian Air Force", "Terhi Hakala, European
  // Union Special Representative" (the title after the organisation, up to the next comma).
  if (a.kind === 'Person' && b.start > a.end && APPOSITIVE.test(gap)) {
    const after = /^[^,.;:()]{0,40}/u.exec(text.slice(b.end))?.[0] ?? '';
    return { gap: `${gap}${text.slice(b.start, b.end)}${after}`, headIsA: true, appositive: true };
  }
  // A title, then the name it is of: "Tajikistan's foreign minister, Hamrokhon Zarifi".
  if (b.kind === 'Person' && /^,\s+$/.test(gap) && OFFICE_TITLE.test(text.slice(a.start, a.end))) return { gap: text.slice(a.start, a.end), headIsA: false };
  if (b.start < a.end || gap.length > 32) return undefined;
  // Only titles between them ("Russian President Putin", "Tajik Foreign Minister Zarifi"): a verb or a
  // preposition ("Tajikistan trades with Uzbekistan") states something else.
  return /^(?:['’]s)?[\s-]*(?:\p{Lu}[\p{L}.]*[\s-]+){0,3}$/u.test(gap) ? { gap: gap.trim() || text.slice(a.start, a.end), headIsA: false } : undefined;
}

function modifierType(m: Modifier, types: readonly TypeRule[], ea: Endpoint, eb: Endpoint): { type: TypeRule; forward: boolean } | undefined {
  const { gap } = m;
  for (const name of m.locative ? (['LOCATED_IN'] as const) : m.appositive ? (['LEADS', 'WORKS_FOR'] as const) : MODIFIER_TYPES) {
    if (name === 'LEADS' && !LEADER_TITLE.test(gap)) continue;
    if (name === 'WORKS_FOR' && !OFFICE_TITLE.test(gap)) continue;
    const t = types.find((x) => x.type === name);
    if (!t) continue;
    const forward = t.from.includes(ea.kind) && t.to.includes(eb.kind);
    const backward = t.from.includes(eb.kind) && t.to.includes(ea.kind);
    // Where the kinds allow both directions, the head is the part: "Tajik Foreign Ministry" is part of Tajikistan.
    if (forward && backward) return { type: t, forward: m.headIsA };
    if (forward || backward) return { type: t, forward };
  }
  return undefined;
}

function endpointsOf(p: Party): Endpoint[] {
  const own: Endpoint = { id: p.id, kind: p.kind, at: p.start, end: p.end, isNew: p.isNew, viaMetonym: false };
  return p.standsFor ? [{ id: p.standsFor.id, kind: p.standsFor.kind, at: p.start, end: p.end, isNew: false, viaMetonym: true }, own] : [own];
}

/**
 * The relation a thing's kind implies for the actors named with it: an event has participants, a policy is
 * pursued, an agreement negotiated by states and covering the bases or units named with it ("Putin's speech
 * to the CSTO", "Kyrgyzstan's open borders policy", "the 1999 agreement on a Russian military base"). Read
 * where no phrase of the sentence states another, at a low score that distance within the sentence barely
 * lowers (the actor is often the sentence's subject, far from the thing: "the landlocked nation ... has not
 * developed a multi-vector foreign policy"), and only within one sentence: across two, the kinds alone are
 * too weak a tie (measured: windows added 59 proposed pairs and no curated one).
 */
const IMPLIED_BY_KIND: Readonly<Record<string, readonly string[]>> = { Event: ['PARTICIPATES_IN'], Policy: ['PURSUES'], Agreement: ['NEGOTIATES', 'COVERS'] };
const IMPLIED_SCORE = 0.4;

function impliedHit(type: string, ea: Endpoint, eb: Endpoint): Array<{ at: number; text: string }> | undefined {
  const thing = IMPLIED_BY_KIND[ea.kind]?.includes(type) ? ea : IMPLIED_BY_KIND[eb.kind]?.includes(type) ? eb : undefined;
  return thing ? [{ at: thing.at, text: `named with the ${thing.kind.toLowerCase()}` }] : undefined;
}

/** Relations that say where a thing is or happens: read of a place named, never of the state it stands for. */
const LOCATIVE_TYPES: ReadonlySet<string> = new Set(['LOCATED_IN', 'TOOK_PLACE_IN']);

/** What a window's score loses against a claim stated within one sentence. */
const WINDOW_PENALTY = 0.1;

/** A span claims are read from: one sentence, or a window of two adjacent ones around a trigger sentence. */
interface Unit {
  s: Sentence;
  inside: Party[];
  /** For a window: the sentence whose trigger counts, and its parties (every pair joins one to a neighbour's). */
  focus?: { sentence: Sentence; own: ReadonlySet<Party> };
}

/**
 * Each sentence naming two parties, and for a sentence naming only one (a claim whose other end the
 * previous or next sentence names: "Russia ... . It has established military bases in Uzbekistan"), a window
 * of it and that neighbour. The window's quote is the two sentences as written, one verbatim span.
 */
function unitsOf(input: ProposeInput): Unit[] {
  const out: Unit[] = [];
  const partiesIn = (s: Sentence): Party[] => input.parties.filter((p) => p.start >= s.start && p.end <= s.end);
  const own = input.sentences.map(partiesIn);
  input.sentences.forEach((s, i) => {
    const inside = own[i] ?? [];
    if (inside.length >= 2) out.push({ s, inside });
    const ids = new Set(inside.map((p) => p.id));
    if (ids.size === 0) return;
    // One named party: either neighbour may hold the other end; several: only the sentence before (what it
    // named, this one goes on to say something of).
    for (const j of ids.size === 1 ? [i - 1, i + 1] : [i - 1]) {
      const n = input.sentences[j];
      const theirs = own[j] ?? [];
      if (!n || theirs.length === 0) continue;
      const [first, last] = j < i ? [n, s] : [s, n];
      const span: Sentence = { start: first.start, end: last.end, text: input.text.slice(first.start, last.end) };
      out.push({ s: span, inside: [...(j < i ? theirs : []), ...inside, ...(j > i ? theirs : [])], focus: { sentence: s, own: new Set(inside) } });
    }
  });
  return out;
}

/** Proposed claims for the whole text (see the module comment), best first within each sentence. */
export function proposeClaims(input: ProposeInput): ClaimProposal[] {
  const ref = referenceDate(input.published);
  const existingByPair = new Map<string, ExistingEdge[]>();
  for (const e of input.existing) {
    const key = [e.source, e.target].sort().join('\u0000');
    existingByPair.set(key, [...(existingByPair.get(key) ?? []), e]);
  }
  const out: ClaimProposal[] = [];
  const metonymsSeen = new Set<string>();
  for (const { s, inside, focus } of unitsOf(input)) {
    const folded = foldWithOffsets(s.text);
    const triggers = new Map<string, Array<{ at: number; text: string }>>();
    for (const t of input.types) {
      const re = triggerPattern(t.type);
      if (!re) continue;
      const hits = [...folded.folded.matchAll(re)].map((m) => ({ at: s.start + (folded.origin[m.index ?? 0] ?? 0), text: m[0] }));
      // A trigger inside an entity's own name ("Military Base", "Foreign Ministry") states nothing between two.
      const free = hits.filter((h) => !inside.some((p) => h.at >= p.start && h.at < p.end) && (!focus || (h.at >= focus.sentence.start && h.at < focus.sentence.end)));
      if (free.length > 0) triggers.set(t.type, free);
    }
    const best = new Map<string, ClaimProposal>();
    for (let i = 0; i < inside.length; i += 1) {
      for (let j = i + 1; j < inside.length; j += 1) {
        const a = inside[i] as Party;
        const b = inside[j] as Party;
        // Two new names are paired only where the sentence also names a known entity (the claim is anchored to the graph).
        if (a.isNew && b.isNew && inside.every((p) => p.isNew)) continue;
        // In a window, each pair joins the trigger sentence's one party to a neighbour's.
        if (focus && focus.own.has(a) === focus.own.has(b)) continue;
        // A modifier is read within one noun phrase: never across the two sentences of a window.
        const modifier = a.reference || b.reference || focus ? undefined : modifierOf(input.text, a, b);
        for (const ea of endpointsOf(a)) {
          for (const eb of endpointsOf(b)) {
            if (ea.id === eb.id) continue;
            const byModifier = modifier ? modifierType(modifier, input.types, ea, eb) : undefined;
            for (const t of input.types) {
              const isModifier = byModifier?.type === t;
              const byKind = !isModifier && !focus ? impliedHit(t.type, ea, eb) : undefined;
              const implied = triggers.has(t.type) ? undefined : byKind;
              const hits = isModifier ? [{ at: Math.min(ea.end, eb.end), text: modifier?.gap ?? '' }] : (triggers.get(t.type) ?? implied);
              if (!hits) continue;
              // "Foreign minister" names the ministry as the minister's employer, not as the one who says or does things.
              if (!isModifier && (a.title || b.title)) continue;
              // Where a thing is or happened names the place itself: "based in Moscow" is the city, not the state it stands for.
              if ((ea.viaMetonym || eb.viaMetonym) && LOCATIVE_TYPES.has(t.type)) continue;
              const forward = isModifier ? byModifier.forward : t.from.includes(ea.kind) && t.to.includes(eb.kind);
              const backward = isModifier ? !byModifier.forward : t.from.includes(eb.kind) && t.to.includes(ea.kind);
              if (!forward && !backward) continue;
              const lo = Math.min(ea.end, eb.end);
              const hi = Math.max(ea.at, eb.at);
              const between = hits.find((h) => h.at >= lo && h.at < hi);
              let near = between ?? hits.reduce((x, h) => (Math.min(Math.abs(h.at - lo), Math.abs(h.at - hi)) < Math.min(Math.abs(x.at - lo), Math.abs(x.at - hi)) ? h : x));
              // A window around a sentence that names several parties reads only a phrase between the two.
              if (focus && focus.own.size > 1 && !between && !implied) continue;
              const gap = Math.max(0, hi - lo);
              let score = isModifier ? 0.8 : implied ? IMPLIED_SCORE - Math.min(0.05, gap / 1200) : 0.45 + (between ? 0.3 : 0) - Math.min(0.3, gap / 600) - (WEAK_TYPES.has(t.type) ? 0.25 : 0) - (ea.viaMetonym || eb.viaMetonym ? 0.02 : 0) - (focus ? WINDOW_PENALTY : 0);
              if (isModifier) score = 0.8 - (ea.viaMetonym || eb.viaMetonym ? 0.02 : 0);
              // A phrase far from the pair must not make the claim weaker than the kinds alone do.
              const byKindScore = IMPLIED_SCORE - Math.min(0.05, gap / 1200);
              if (byKind && !implied && byKindScore > score) {
                score = byKindScore;
                near = byKind[0] ?? near;
              }
              const passive = !isModifier && /\bby\s*$/i.test(input.text.slice(Math.max(0, eb.at - 5), eb.at));
              let [src, tgt] = forward && (!backward || !passive) ? [ea, eb] : [eb, ea];
              const pairKey = [src.id, tgt.id].sort().join('\u0000');
              const same = (existingByPair.get(pairKey) ?? []).find((e) => e.type === t.type);
              if (same) {
                if (same.quotes.some((q) => s.text.includes(q) || q.includes(s.text))) continue;
                score += 0.1;
                [src, tgt] = same.source === src.id ? [src, tgt] : [tgt, src];
              }
              if (score < MIN_SCORE) continue;
              const key = `${a.start}:${a.id}:${b.start}:${b.id}`;
              const old = best.get(key);
              if (old && old.score >= score) continue;
              const proposal: ClaimProposal = {
                id: `${s.start}-${t.type.toLowerCase()}-${src.id}-${tgt.id}`,
                type: t.type,
                source: src.id,
                target: tgt.id,
                quote: input.text.slice(s.start, s.end),
                start: s.start,
                end: s.end,
                score: Math.round(Math.min(1, score) * 100) / 100,
                why: { trigger: near.text, mentions: [input.text.slice(a.start, a.end), input.text.slice(b.start, b.end)] },
              };
              if (same) proposal.corroborates = same.id;
              const news = [src, tgt].filter((x) => x.isNew).map((x) => x.id);
              if (news.length > 0) proposal.newEntities = news;
              best.set(key, proposal);
            }
          }
        }
      }
    }
    // A capital standing for its state ("Moscow's influence") is evidence of the CAPITAL_OF link it relies on.
    for (const p of focus ? [] : inside) {
      if (!p.standsFor || metonymsSeen.has(p.id)) continue;
      const link = (existingByPair.get([p.id, p.standsFor.id].sort().join('\u0000')) ?? []).find((e) => e.source === p.id && (e.type === 'CAPITAL_OF' || e.type === 'SEAT_OF'));
      if (!link || link.quotes.some((q) => s.text.includes(q) || q.includes(s.text))) continue;
      metonymsSeen.add(p.id);
      best.set(`metonym:${p.id}`, {
        id: `${s.start}-${link.type.toLowerCase()}-${link.source}-${link.target}`,
        type: link.type,
        source: link.source,
        target: link.target,
        quote: input.text.slice(s.start, s.end),
        start: s.start,
        end: s.end,
        score: 0.5,
        corroborates: link.id,
        why: { trigger: `"${input.text.slice(p.start, p.end)}" stands for ${p.standsFor.id}`, mentions: [input.text.slice(p.start, p.end)] },
      });
    }
    if (best.size === 0) continue;
    const dates = datesOf(s.text, ref);
    const quantities = quantitiesOf(s.text);
    const status = statusOf(s.text);
    for (const p of [...best.values()].sort((x, y) => y.score - x.score)) {
      if (dates.validFrom) p.validFrom = dates.validFrom;
      if (dates.asOf) p.asOf = dates.asOf;
      if (quantities.length > 0) p.quantities = quantities;
      if (status) p.status = status;
      out.push(p);
    }
  }
  return out;
}
