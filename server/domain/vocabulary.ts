/**
 * The relationship vocabulary as the API uses it: categories of relationship types (military, economic,
 * ...) for filters and colours, and the year span of the sources for the time slider.
 */
import type { VocabularyInfo } from './graph-model';
import { InvalidRequestError } from './errors';
import { CATEGORIES, type Vocabulary } from './seed-schema';
import { yearOf } from './validity';
import type { GraphStore } from './ports/graph-store';

/** The relationship types a traversal may follow, from explicit types and/or categories. */
export function resolveTypes(vocabulary: Vocabulary, types?: string[], categories?: string[]): string[] | undefined {
  if (!categories || categories.length === 0) return types && types.length > 0 ? types : undefined;
  const inCategories = vocabulary.relationshipTypes.filter((t) => categories.includes(t.category)).map((t) => t.type);
  const allowed = types && types.length > 0 ? types.filter((t) => inCategories.includes(t)) : inCategories;
  if (allowed.length === 0) {
    throw new InvalidRequestError('No relationship type matches both types and categories', { field: 'categories' });
  }
  return allowed;
}

/** The vocabulary with the year span of the stored documents. */
export async function describeVocabulary(store: GraphStore, vocabulary: Vocabulary): Promise<VocabularyInfo> {
  const years = (await store.listDocuments()).map((d) => yearOf(d.published)).filter((y): y is number => y !== null);
  return {
    kinds: vocabulary.kinds,
    relationshipTypes: vocabulary.relationshipTypes,
    categories: [...CATEGORIES],
    years: years.length > 0 ? { from: Math.min(...years), to: Math.max(...years) } : null,
  };
}
