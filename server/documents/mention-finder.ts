/**
 * Finds the known entities a text names: by name and alias, folded (case, diacritics, typography: any
 * script), with inflections ("Moscow's", "Tajikistan’s", plurals) and the demonyms of countries ("Tajik",
 * "Russian", "Chinese"). Short all-capital aliases ("EU", "US", "CSTO") match only as written, so the
 * pronoun "us" is not the United States. Where spans overlap, the longest wins; where one label names several
 * entities, a name beats an alias beats a demonym ("Dushanbe" is the city, whose metonym is the state).
 */
import type { Mention } from '../domain/document-model';
import { foldText } from '../domain/text-folding';
import { foldWithOffsets, originalSpan } from './offset-folding';

export interface KnownEntity {
  id: string;
  kind: string;
  name: string;
  aliases: readonly string[];
}

type Via = Mention['via'];

/** Demonyms that no suffix rule derives from the country's name. */
const DEMONYMS: Readonly<Record<string, readonly string[]>> = {
  tajikistan: ['Tajik', 'Tajiks'],
  uzbekistan: ['Uzbek', 'Uzbeks'],
  kyrgyzstan: ['Kyrgyz'],
  kazakhstan: ['Kazakh', 'Kazakhs'],
  turkmenistan: ['Turkmen'],
  afghanistan: ['Afghan', 'Afghans'],
  pakistan: ['Pakistani', 'Pakistanis'],
  china: ['Chinese'],
  japan: ['Japanese'],
  'united states': ['American', 'Americans'],
  'united kingdom': ['British'],
  france: ['French'],
  germany: ['German', 'Germans'],
  turkey: ['Turkish'],
  iran: ['Iranian', 'Iranians'],
  israel: ['Israeli', 'Israelis'],
  'european union': ['European'],
};

const ACRONYM = /^[A-Z][A-Z0-9.&]{1,7}$/;

function demonymsOf(e: KnownEntity): string[] {
  if (e.kind !== 'Country' && e.kind !== 'InternationalOrganization') return [];
  const key = foldText(e.name);
  const listed = DEMONYMS[key];
  if (listed) return [...listed];
  // Russia -> Russian, India -> Indian, Mongolia -> Mongolian.
  if (e.kind === 'Country' && /ia$/.test(key)) return [`${e.name}n`, `${e.name}ns`];
  return [];
}

function escapeLabel(folded: string): string {
  return folded
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '[- ]?'))
    .join('\\s+');
}

interface Label {
  entity: KnownEntity;
  via: Via;
  /** A language of the same word ("Russian"): read so only before "language" / "-speaking" or after "in". */
  language?: KnownEntity;
}

const RANK: Record<Via, number> = { name: 0, alias: 1, demonym: 2, reference: 3 };

/** An index of the known entities' labels, built once per analysis. */
export class MentionFinder {
  private readonly folded = new Map<string, Label>();
  private readonly acronyms = new Map<string, Label>();
  private readonly pattern: RegExp | undefined;
  private readonly acronymPattern: RegExp | undefined;

  constructor(entities: readonly KnownEntity[]) {
    const add = (raw: string, entity: KnownEntity, via: Via): void => {
      const label = raw.trim();
      if (label.length < 2) return;
      if (ACRONYM.test(label) && label.replace(/[^A-Z]/g, '').length <= 5) {
        const old = this.acronyms.get(label);
        if (!old || RANK[via] < RANK[old.via]) this.acronyms.set(label, { entity, via });
        return;
      }
      const f = foldText(label).replace(/^the\s+/, '');
      if (f.length < 3) return;
      const old = this.folded.get(f);
      // "Russian" names the Russian language and, as a demonym, Russia: the state unless the context says language.
      if (old && entity.kind === 'Language' && via === 'name' && old.via === 'demonym') old.language = entity;
      else if (old && old.entity.kind === 'Language' && via === 'demonym') this.folded.set(f, { entity, via, language: old.entity });
      else if (!old || RANK[via] < RANK[old.via]) this.folded.set(f, { entity, via });
    };
    for (const e of entities) {
      add(e.name, e, 'name');
      for (const a of e.aliases) add(a, e, 'alias');
      for (const d of demonymsOf(e)) add(d, e, 'demonym');
    }
    const labels = [...this.folded.keys()].sort((a, b) => b.length - a.length).map(escapeLabel);
    if (labels.length > 0) {
      this.pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${labels.join('|')})(?:'s|'|s|es)?(?![\\p{L}\\p{N}])`, 'gu');
    }
    const acronyms = [...this.acronyms.keys()].sort((a, b) => b.length - a.length).map((a) => a.replace(/[.*+?^${}()|[\]\\&]/g, '\\$&'));
    if (acronyms.length > 0) this.acronymPattern = new RegExp(`(?<![\\p{L}\\p{N}])(${acronyms.join('|')})(?:'s|’s|s)?(?![\\p{L}\\p{N}])`, 'gu');
  }

  /** The mentions in `text`, in text order, without overlaps. `standsFor` maps a capital to its state. */
  find(text: string, standsFor: ReadonlyMap<string, string> = new Map()): Mention[] {
    const found: Array<{ start: number; end: number; label: Label }> = [];
    if (this.pattern) {
      const f = foldWithOffsets(text);
      for (const m of f.folded.matchAll(this.pattern)) {
        const key = (m[1] ?? '').replace(/\s+/g, ' ');
        const label = this.folded.get(key) ?? this.lookupLoose(key);
        if (!label) continue;
        const at = m.index ?? 0;
        const span = originalSpan(f, at, at + m[0].length);
        const speaks = label.language && (/^[\s-]*(language|speak)/i.test(text.slice(span.end, span.end + 12)) || /\bin\s+$/i.test(text.slice(Math.max(0, span.start - 4), span.start)));
        found.push({ ...span, label: speaks && label.language ? { entity: label.language, via: 'name' } : label });
      }
    }
    if (this.acronymPattern) {
      for (const m of text.matchAll(this.acronymPattern)) {
        const label = this.acronyms.get(m[1] ?? '');
        if (label) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, label });
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
    const out: Mention[] = [];
    let reached = -1;
    for (const x of found) {
      if (x.start < reached) continue;
      reached = x.end;
      const e = x.label.entity;
      const m: Mention = { entity: e.id, name: e.name, kind: e.kind, text: text.slice(x.start, x.end), start: x.start, end: x.end, via: x.label.via };
      const state = standsFor.get(e.id);
      if (state && state !== e.id) m.standsFor = state;
      out.push(m);
    }
    return out;
  }

  /**
   * "The country", "the republic" read as the state the text names most often (the article's subject):
   * the one coreference the seed's curators drew again and again ("maintains the division ... in the country").
   */
  static references(text: string, mentions: readonly Mention[]): Mention[] {
    const counts = new Map<string, { n: number; m: Mention }>();
    for (const m of mentions) {
      const id = m.kind === 'Country' ? m.entity : m.standsFor;
      if (!id) continue;
      const entry = counts.get(id) ?? { n: 0, m };
      entry.n += 1;
      counts.set(id, entry);
    }
    const top = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0];
    if (!top || top[1].n < 2) return [];
    const [id, { m: sample }] = top;
    const name = sample.kind === 'Country' ? sample.name : id;
    const out: Mention[] = [];
    const phrase = /\b(?:the|this)\s+(?:(?:mountainous|landlocked|former\s+Soviet|Central\s+Asian|impoverished|small|poor)\s+)?(?:country|republic|nation)(?:['’]s)?(?![\p{L}])/giu;
    for (const x of text.matchAll(phrase)) {
      const start = x.index ?? 0;
      out.push({ entity: id, name, kind: 'Country', text: x[0], start, end: start + x[0].length, via: 'reference' });
    }
    return out;
  }

  /** A match whose hyphens or spaces differ from the label's ("Russian-Tajik" against "russian tajik"). */
  private lookupLoose(key: string): Label | undefined {
    const loose = key.replace(/[- ]/g, '');
    for (const [k, v] of this.folded) if (k.replace(/[- ]/g, '') === loose) return v;
    return undefined;
  }
}
