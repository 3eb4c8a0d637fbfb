/**
 * The graph the view draws: the canvas content without hidden nodes, without the kinds and categories
 * switched off in the legend, and, when a year is chosen, without the edges that did not hold that year
 * (by the server's own validity rule, server/domain/validity.ts, so the slider and the year-filtered API
 * agree). Memoised on its inputs, so an unchanged picture keeps the same object and the view does nothing.
 */
import type { Graph, GraphEdge, GraphNode, VocabularyInfo } from '../../../../server/domain/graph-model';
import { holdsIn, validityOf } from '../../../../server/domain/validity';
import type { AppState } from '../app-state';
import type { FiltersState } from '../filters/filters-state';

/** The category of each relationship type in the vocabulary. */
export function categoryIndex(vocabulary: VocabularyInfo | null): ReadonlyMap<string, string> {
  return new Map((vocabulary?.relationshipTypes ?? []).map((t) => [t.type, t.category]));
}

/** True when `edge` held in `year` (an edge with no dates holds in every year). */
export function edgeHoldsIn(edge: GraphEdge, year: number, nodesById: ReadonlyMap<string, GraphNode>): boolean {
  return holdsIn(validityOf(edge, nodesById), year);
}

/** The years an edge held, as text: "2004–", "2011", "2015–2020", or "" when it has no dates. */
export function formatValidity(edge: GraphEdge, nodesById: ReadonlyMap<string, GraphNode>): string {
  const { yearFrom, yearTo } = validityOf(edge, nodesById);
  if (yearFrom === null && yearTo === null) return '';
  if (yearFrom !== null && yearFrom === yearTo) return String(yearFrom);
  return `${yearFrom ?? ''}–${yearTo ?? ''}`;
}

/** Pure: the drawn graph for a canvas graph, hidden ids, filters and vocabulary. */
export function deriveDrawnGraph(
  graph: Graph,
  hidden: readonly string[],
  filters: FiltersState,
  vocabulary: VocabularyInfo | null,
): Graph {
  const { year, hiddenKinds, hiddenCategories } = filters;
  if (hidden.length === 0 && hiddenKinds.length === 0 && hiddenCategories.length === 0 && year === null) return graph;
  const hiddenIds = new Set(hidden);
  const kinds = new Set(hiddenKinds);
  const nodes = graph.nodes.filter((n) => !hiddenIds.has(n.id) && !kinds.has(n.kind));
  const kept = new Map(nodes.map((n) => [n.id, n]));
  const allNodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const categories = new Set(hiddenCategories);
  const categoryOf = categoryIndex(vocabulary);
  const edges = graph.edges.filter(
    (e) =>
      kept.has(e.source) &&
      kept.has(e.target) &&
      !categories.has(categoryOf.get(e.type) ?? '') &&
      (year === null || edgeHoldsIn(e, year, allNodes)),
  );
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
