/**
 * The search behind GET /api/search: names, aliases and descriptions of nodes, and the quotes and document
 * titles of the evidence, matched after folding case, diacritics and typography (text-folding.ts), in any
 * script. Engines compare text in their own ways (Kuzu's lower() leaves "Raḥmon" apart from "rahmon");
 * an index in the server process answers alike on both and costs no engine query per keystroke.
 *
 * Built from the store's streams on the first search, and again after a write through the app
 * (WriteTracker) or, on Neo4j, which other clients may write, when it is older than INDEX_MAX_AGE_MS.
 * Quotes and titles are indexed while the graph holds at most FULL_TEXT_MAX_EDGES relationships; past that,
 * search covers names, aliases and descriptions and says so. Stored document texts are indexed newest first
 * while their total stays within DOCUMENT_TEXT_MAX_CHARS (about 6 bytes a character held: text, folded copy,
 * offset map); past that the rest are left out and `documentTexts` says so. Their folded copies are kept
 * across rebuilds (document-text-index.ts): a rebuild reads and folds only new or changed texts, in slices.
 * A search during a rebuild waits for it, so no answer comes from a stale index. Matching is a scan: at
 * 200k relationships a search with quotes took 122 ms p50 (bench --boundary, quiet machine), too slow to
 * type against; an inverted index would lift this limit.
 */
import type { DocumentPassage, GraphEdge, SearchPassage, SearchResult } from './graph-model';
import { findDocumentPassages, type DocumentTextEntry } from './document-text-search';
import { DocumentTextIndex } from './document-text-index';
import type { GraphStore } from './ports/graph-store';
import type { WriteTracker } from './write-tracking';
import { foldText } from './text-folding';
import { rankNodes, searchableNodes, type NodeEntry, type SearchableNodes } from './search-ranking';

export const FULL_TEXT_MAX_EDGES = 50_000;
const INDEX_MAX_AGE_MS = 5_000;
const STREAM_CHUNK = 5_000;
/** Words of context kept on each side of a match in a passage. */
const SNIPPET_WORDS = 14;

interface PassageEntry {
  edge: Pick<GraphEdge, 'id' | 'type' | 'source' | 'target'>;
  document: string;
  title: string | undefined;
  publisher: string | undefined;
  published: string | undefined;
  quote: string;
  foldedQuote: string;
  foldedTitle: string;
}

interface Built {
  nodes: SearchableNodes;
  names: Map<string, string>;
  passages: PassageEntry[];
  fullText: boolean;
  texts: DocumentTextEntry[];
  documentTexts: boolean;
  version: number;
  builtAt: number;
}

/** About SNIPPET_WORDS words either side of the first word holding the match, with … where cut. */
function snippet(text: string, needle: string): string {
  const words = text.split(/\s+/);
  const first = needle.split(' ')[0] ?? needle;
  const at = Math.max(0, words.findIndex((w) => foldText(w).includes(first)));
  const from = Math.max(0, at - SNIPPET_WORDS);
  const to = Math.min(words.length, at + SNIPPET_WORDS + needle.split(' ').length);
  return `${from > 0 ? '… ' : ''}${words.slice(from, to).join(' ')}${to < words.length ? ' …' : ''}`;
}

/** A search index over the store, rebuilt when it went stale (see the module comment). */
export class SearchIndex {
  private built: Built | undefined;
  private building: Promise<Built> | undefined;
  private readonly documentTexts: DocumentTextIndex;

  constructor(
    private readonly store: GraphStore,
    private readonly writes: WriteTracker,
  ) {
    this.documentTexts = new DocumentTextIndex(store);
  }

  /** Nodes best first (at most `limit`) and evidence passages (at most `limit`) matching `q`. */
  async search(q: string, limit: number): Promise<SearchResult> {
    const needle = foldText(q);
    if (needle.length === 0) return { nodes: [], passages: [], documentPassages: [], fullText: true, documentTexts: true };
    const index = await this.current();
    const nodes = rankNodes(index.nodes, needle, limit);
    const passages: SearchPassage[] = [];
    for (const p of index.passages) {
      if (passages.length >= limit) break;
      const inQuote = p.foldedQuote.includes(needle);
      if (!inQuote && !p.foldedTitle.includes(needle)) continue;
      passages.push({
        edge: p.edge.id,
        type: p.edge.type,
        source: p.edge.source,
        target: p.edge.target,
        sourceName: index.names.get(p.edge.source) ?? p.edge.source,
        targetName: index.names.get(p.edge.target) ?? p.edge.target,
        document: p.document,
        ...(p.title !== undefined ? { title: p.title } : {}),
        ...(p.publisher !== undefined ? { publisher: p.publisher } : {}),
        ...(p.published !== undefined ? { published: p.published } : {}),
        quote: inQuote ? snippet(p.quote, needle) : snippet(p.quote, ''),
        matched: inQuote ? 'quote' : 'title',
      });
    }
    const documentPassages: DocumentPassage[] = [];
    for (const entry of index.texts) {
      if (documentPassages.length >= limit) break;
      documentPassages.push(...findDocumentPassages(entry, needle).slice(0, limit - documentPassages.length));
    }
    return { nodes, passages, documentPassages, fullText: index.fullText, documentTexts: index.documentTexts };
  }

  private fresh(built: Built): boolean {
    if (built.version !== this.writes.version()) return false;
    return this.store.engine !== 'neo4j' || Date.now() - built.builtAt < INDEX_MAX_AGE_MS;
  }

  private async current(): Promise<Built> {
    if (this.built && this.fresh(this.built)) return this.built;
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async build(): Promise<Built> {
    const version = this.writes.version();
    const builtAt = Date.now();
    const nodes: NodeEntry[] = [];
    const names = new Map<string, string>();
    for await (const chunk of this.store.streamNodes('all', STREAM_CHUNK)) {
      for (const node of chunk) {
        const description = node.properties.description;
        nodes.push({ node, labels: [node.name, ...node.aliases].map(foldText), description: typeof description === 'string' ? foldText(description) : '' });
        names.set(node.id, node.name);
      }
    }
    const { edges } = await this.store.counts();
    const fullText = edges <= FULL_TEXT_MAX_EDGES;
    const passages: PassageEntry[] = [];
    const documents = await this.store.listDocuments();
    if (fullText) {
      const titles = new Map(documents.map((d) => [d.id, d.title]));
      for await (const chunk of this.store.streamEdges('all', STREAM_CHUNK)) {
        for (const edge of chunk) {
          for (const s of edge.sources) {
            const title = s.title ?? titles.get(s.document);
            passages.push({
              edge: { id: edge.id, type: edge.type, source: edge.source, target: edge.target },
              document: s.document,
              title,
              publisher: s.publisher,
              published: s.published,
              quote: s.quote,
              foldedQuote: foldText(s.quote),
              foldedTitle: title !== undefined ? foldText(title) : '',
            });
          }
        }
      }
      // Newest evidence first: the passage an analyst most likely wants.
      passages.sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || a.edge.id.localeCompare(b.edge.id));
    }
    const { texts, documentTexts } = await this.documentTexts.refresh(documents);
    const built: Built = { nodes: searchableNodes(nodes), names, passages, fullText, texts, documentTexts, version, builtAt };
    if (version === this.writes.version() && this.writes.writesInFlight() === 0) this.built = built;
    return built;
  }
}
