/**
 * Reads a stored document against the graph: which known entities it names, which names it introduces and
 * which claims its sentences support (see mention-finder.ts, entity-candidates.ts, claim-proposer.ts).
 * Candidate entities are kept only where a sentence names them beside a known entity, so an article that
 * names nothing the graph knows proposes nothing, and says so.
 */
import type { CandidateEntity, DocumentAnalysis, Mention } from '../domain/document-model';
import type { Vocabulary } from '../domain/seed-schema';
import { resolveMetonymIds } from '../domain/metonyms';
import type { GraphStore } from '../domain/ports/graph-store';
import type { SeedDocument } from '../domain/seed-schema';
import { MentionFinder, type KnownEntity } from './mention-finder';
import { findCandidateEntities } from './entity-candidates';
import { splitSentences } from './sentence-split';
import { resolveReferences } from './coreference';
import { proposeClaims, type ExistingEdge, type Party } from './claim-proposer';
import { findMinistryTitles } from './ministry-titles';

const STREAM_CHUNK = 5_000;

/** The known entities' labels, read from the store's node stream (not the whole graph at once). */
async function knownEntities(store: GraphStore): Promise<KnownEntity[]> {
  const out: KnownEntity[] = [];
  for await (const chunk of store.streamNodes('all', STREAM_CHUNK)) {
    for (const n of chunk) out.push({ id: n.id, kind: n.kind, name: n.name, aliases: n.aliases });
  }
  return out;
}

/** Existing relationships among the named entities, with their quotes (corroboration, duplicates). */
async function existingAmong(store: GraphStore, ids: readonly string[]): Promise<ExistingEdge[]> {
  if (ids.length === 0) return [];
  const inSet = new Set(ids);
  const refs = (await store.adjacency([...inSet], 'out')).filter((r) => inSet.has(r.target));
  const edges = await store.getEdges(refs.map((r) => r.id));
  return edges.map((e) => ({ id: e.id, type: e.type, source: e.source, target: e.target, quotes: e.sources.map((s) => s.quote) }));
}

/** Mentions, candidate entities and candidate claims of `doc` (which must carry its text). */
export async function analyseDocument(store: GraphStore, vocabulary: Vocabulary, doc: SeedDocument & { text: string }): Promise<Omit<DocumentAnalysis, 'document'>> {
  const text = doc.text;
  const entities = await knownEntities(store);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const found = new MentionFinder(entities).find(text);
  const metonyms = await resolveMetonymIds(store, [...new Set(found.map((m) => m.entity))]);
  const named: Mention[] = found.map((m) => {
    const state = metonyms.get(m.entity);
    return state && state !== m.entity ? { ...m, standsFor: state } : m;
  });
  const mentions = [...named, ...MentionFinder.references(text, named)].sort((a, b) => a.start - b.start);
  const sentences = splitSentences(text);
  const sentenceOf = (at: number): number => sentences.findIndex((s) => at >= s.start && at < s.end);
  const anchored = new Set(mentions.map((m) => sentenceOf(m.start)).filter((i) => i >= 0));
  const entitiesFound: CandidateEntity[] = findCandidateEntities(text, mentions)
    .map((c) => ({ ...c, mentions: c.mentions.filter((m) => anchored.has(sentenceOf(m.start))) }))
    .filter((c) => c.mentions.length > 0)
    // A candidate whose slug is a known id is the known entity under another spelling, not a new one.
    .filter((c) => !byId.has(c.id));

  const parties: Party[] = [
    ...mentions.map((m) => {
      const p: Party = { id: m.entity, kind: m.kind, start: m.start, end: m.end, isNew: false };
      const state = m.standsFor ? byId.get(m.standsFor) : undefined;
      if (state) p.standsFor = { id: state.id, kind: state.kind };
      return p;
    }),
    ...entitiesFound.flatMap((c) => c.mentions.map((m) => ({ id: c.id, kind: c.kind, start: m.start, end: m.end, isNew: true }))),
  ];
  // A state named inside another name ("Russian border guards", "Tajik Foreign Ministry") is a party too.
  const states = new MentionFinder(entities.filter((e) => e.kind === 'Country'));
  for (const p of [...parties]) {
    if (p.kind === 'Country') continue;
    for (const inner of states.find(text.slice(p.start, p.end))) {
      if (inner.entity !== p.id) parties.push({ id: inner.entity, kind: inner.kind, start: p.start + inner.start, end: p.start + inner.end, isNew: false });
    }
  }
  parties.push(...findMinistryTitles(text, entities, states, parties));
  parties.push(...resolveReferences(text, sentences, parties.sort((a, b) => a.start - b.start)));
  parties.sort((a, b) => a.start - b.start);
  const namedIds = [...new Set(mentions.flatMap((m) => (m.standsFor ? [m.entity, m.standsFor] : [m.entity])))];
  const claims = proposeClaims({
    text,
    documentId: doc.id,
    sentences,
    parties,
    types: vocabulary.relationshipTypes,
    existing: await existingAmong(store, namedIds),
    published: doc.published,
  });
  const used = new Set(claims.flatMap((c) => c.newEntities ?? []));
  const notes: string[] = [];
  if (mentions.length === 0) notes.push('The text names no entity the graph knows, so nothing is proposed.');
  else if (claims.length === 0) notes.push(`The text names ${new Set(mentions.map((m) => m.entity)).size} known entities, but no sentence links two of them by a phrase the vocabulary knows.`);
  return {
    mentions,
    candidates: { entities: entitiesFound.filter((c) => used.has(c.id) || mentions.length > 0), claims },
    notes,
  };
}
