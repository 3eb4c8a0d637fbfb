/**
 * The graph the view draws: the canvas content without hidden nodes, without the kinds and categories
 * switched off in the legend, and, when a year is chosen, only the claims that held that year and the nodes
 * that still have one (by the server's own validity rule, server/domain/validity.ts: evidence start, evidence
 * horizon, supersession among the figures on the canvas; so the slider and the year-filtered API agree).
 * Memoised on its inputs, so an unchanged picture keeps the same object and the view does nothing.
 */
import type { Graph, GraphEdge, GraphNode, VocabularyInfo } from '../../../../server/domain/graph-model';
import {
  DEFAULT_EVIDENCE_HORIZON_YEARS,
  evidenceYearsOf,
  holdsIn,
  storedValidityOf,
  validitiesOf,
  validityOf,
  type YearInterval,
} from '../../../../server/domain/validity';
import { DOCUMENT_KIND } from '../../../../server/domain/document-kind';
import type { AppState } from '../app-state';
import type { FiltersState } from '../filters/filters-state';

/** The category of each relationship type in the vocabulary. */
export function categoryIndex(vocabulary: VocabularyInfo | null): ReadonlyMap<string, string> {
  return new Map((vocabulary?.relationshipTypes ?? []).map((t) => [t.type, t.category]));
}

/** The evidence horizon the server states (GET /api/vocabulary), else the domain default. */
export function horizonOf(vocabulary: VocabularyInfo | null): number {
  return vocabulary?.evidenceHorizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS;
}

/** True when `edge` held in `year` (an edge with no dates and no dated evidence holds in every year). */
export function edgeHoldsIn(edge: GraphEdge, year: number, nodesById: ReadonlyMap<string, GraphNode>, horizon = DEFAULT_EVIDENCE_HORIZON_YEARS): boolean {
  return holdsIn(validityOf(edge, nodesById, { horizon }), year);
}

/** The claim's time as text, and whether it ended, was superseded or fades for want of new evidence. */
export interface ValidityText {
  /** "2004–", "2011", "2011–2016", "2003–2010", or "" when the claim has no dates. */
  readonly years: string;
  /** "retracted", "superseded 2011", "last evidence 2011", or null. */
  readonly note: string | null;
}

/**
 * The years an edge held, with what ended it. `effective` is its interval with supersession (validitiesOf over
 * the edges around it); without it only the edge's own dates count.
 */
export function describeValidity(
  edge: GraphEdge,
  nodesById: ReadonlyMap<string, GraphNode>,
  effective?: YearInterval,
  horizon = DEFAULT_EVIDENCE_HORIZON_YEARS,
): ValidityText {
  const hard = storedValidityOf(edge, nodesById);
  const faded = validityOf(edge, nodesById, { horizon });
  const interval = effective ?? faded;
  const superseded = interval.yearTo !== null && interval.yearTo !== faded.yearTo;
  // A stated end (validTo, an event's year) or a supersession is shown; the horizon's is not an end anyone stated.
  const end = superseded ? interval.yearTo : hard.yearTo;
  const from = interval.yearFrom;
  let years = '';
  if (from !== null || end !== null) years = from !== null && from === end ? String(from) : `${from ?? ''}–${end ?? ''}`;
  let note: string | null = null;
  if (edge.properties.status === 'retracted') note = 'retracted';
  else if (superseded && interval.yearTo !== null) note = `superseded ${interval.yearTo + 1}`;
  else if (hard.yearTo === null && faded.yearTo !== null) note = `last evidence ${Math.max(...evidenceYearsOf(edge), from ?? -Infinity)}`;
  return { years, note };
}

/**
 * The years an edge held, as text: "2004–", "2011", "2011–2016", "" when it has no dates; a retracted claim
 * reads "retracted (claimed 2011–)", a superseded figure "2003–2010 (superseded 2011)".
 */
export function formatValidity(
  edge: GraphEdge,
  nodesById: ReadonlyMap<string, GraphNode>,
  effective?: YearInterval,
  horizon = DEFAULT_EVIDENCE_HORIZON_YEARS,
): string {
  const { years, note } = describeValidity(edge, nodesById, effective, horizon);
  if (note === 'retracted') return years.length > 0 ? `retracted (claimed ${years})` : 'retracted';
  if (note !== null && note.startsWith('superseded')) return `${years} (${note})`;
  return years;
}

/** Each canvas edge's interval under the horizon, with supersession among the canvas edges. */
export function canvasValidities(graph: Graph, vocabulary: VocabularyInfo | null): Map<string, YearInterval> {
  return validitiesOf(graph.edges, new Map(graph.nodes.map((n) => [n.id, n])), { horizon: horizonOf(vocabulary) });
}

let validityMemo: { graph: Graph | null; vocabulary: VocabularyInfo | null; value: Map<string, YearInterval> } = {
  graph: null,
  vocabulary: null,
  value: new Map(),
};

/** canvasValidities of the state's canvas, computed once per canvas and vocabulary. */
export function selectValidities(state: AppState): ReadonlyMap<string, YearInterval> {
  const { graph, vocabulary } = state.graph;
  if (graph === null) return new Map();
  if (validityMemo.graph !== graph || validityMemo.vocabulary !== vocabulary) {
    validityMemo = { graph, vocabulary, value: canvasValidities(graph, vocabulary) };
  }
  return validityMemo.value;
}

/**
 * The canvas as it stood in `year` (null: every year): the claims that held then and the nodes that still
 * have one; an entity without any relationship on the canvas has no claim and leaves too. Source documents
 * stay: they are never a relationship's end (only the console draws them, when an answer returns them), so
 * by that rule any year would drop them, though nothing about them changed with it.
 */
export function graphInYear(graph: Graph, year: number | null, vocabulary: VocabularyInfo | null): Graph {
  if (year === null) return graph;
  const validity = canvasValidities(graph, vocabulary);
  const edges = graph.edges.filter((e) => {
    const interval = validity.get(e.id);
    return interval === undefined || holdsIn(interval, year);
  });
  const touched = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { nodes: graph.nodes.filter((n) => touched.has(n.id) || n.kind === DOCUMENT_KIND), edges };
}

/** Pure: the drawn graph for a canvas graph, hidden ids, filters and vocabulary (the year first, then what is hidden). */
export function deriveDrawnGraph(
  graph: Graph,
  hidden: readonly string[],
  filters: FiltersState,
  vocabulary: VocabularyInfo | null,
): Graph {
  const { year, hiddenKinds, hiddenCategories } = filters;
  if (hidden.length === 0 && hiddenKinds.length === 0 && hiddenCategories.length === 0 && year === null) return graph;
  const inYear = graphInYear(graph, year, vocabulary);
  const hiddenIds = new Set(hidden);
  const kinds = new Set(hiddenKinds);
  const nodes = inYear.nodes.filter((n) => !hiddenIds.has(n.id) && !kinds.has(n.kind));
  const kept = new Map(nodes.map((n) => [n.id, n]));
  const categories = new Set(hiddenCategories);
  const categoryOf = categoryIndex(vocabulary);
  // `hidden` holds edge ids too (an edge hidden from the context menu); ids of the two never coincide.
  const edges = inYear.edges.filter((e) => !hiddenIds.has(e.id) && kept.has(e.source) && kept.has(e.target) && !categories.has(categoryOf.get(e.type) ?? ''));
  return { nodes, edges };
}

let memo: { key: readonly unknown[]; value: Graph | null } = { key: [], value: null };

/** The drawn graph of `state`, or null before anything loaded; the same object while its inputs are the same. */
export function selectDrawnGraph(state: AppState): Graph | null {
  const { year, hiddenKinds, hiddenCategories } = state.filters;
  const key = [state.graph.graph, state.canvas.hidden, year, hiddenKinds, hiddenCategories, state.graph.vocabulary];
  if (key.length === memo.key.length && key.every((k, i) => k === memo.key[i])) return memo.value;
  const graph = state.graph.graph;
  const value = graph === null ? null : deriveDrawnGraph(graph, state.canvas.hidden, state.filters, state.graph.vocabulary);
  memo = { key, value };
  return value;
}

let yearMemo: { key: readonly unknown[]; value: Graph | null } = { key: [], value: null };

/**
 * The canvas in the chosen year without hidden nodes, before the legend's kind and category switches: what the
 * legend and the counters count, so each number is what is (or, switched on, would be) drawn.
 */
export function selectYearGraph(state: AppState): Graph | null {
  const key = [state.graph.graph, state.canvas.hidden, state.filters.year, state.graph.vocabulary];
  if (key.every((k, i) => k === yearMemo.key[i])) return yearMemo.value;
  const graph = state.graph.graph;
  let value: Graph | null = null;
  if (graph !== null) {
    const hidden = new Set(state.canvas.hidden);
    const visible = hidden.size === 0 ? graph : { nodes: graph.nodes.filter((n) => !hidden.has(n.id)), edges: graph.edges.filter((e) => !hidden.has(e.id)) };
    value = graphInYear(visible, state.filters.year, state.graph.vocabulary);
  }
  yearMemo = { key, value };
  return value;
}

/**
 * The edges of `graph` that are drawn: those with both ends among its nodes (the view drops an edge whose end
 * is missing), so counts and the "current view" export match the picture exactly.
 */
export function drawnEdgesOf(graph: Graph): GraphEdge[] {
  const present = new Set(graph.nodes.map((n) => n.id));
  return graph.edges.filter((e) => present.has(e.source) && present.has(e.target));
}
