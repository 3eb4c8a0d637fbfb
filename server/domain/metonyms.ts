/**
 * The seed's metonym rule (graph-seed/README.md) as code: where a capital or seat stands for its state or
 * union ("Moscow presses Dushanbe"), path search, presets and influence read the City as the state it is
 * the capital of. A City joined by CAPITAL_OF (or SEAT_OF) to a Country (or organisation) stands for it;
 * those links only say which word names which actor, so they are not hops of a path and no type or category
 * filter removes them. Callers can switch the rule off to trace the city itself.
 */
import type { GraphNode } from './graph-model';
import type { GraphStore } from './ports/graph-store';

/** The relationship types by which a city stands for a state or organisation. */
export const METONYM_TYPES = ['CAPITAL_OF', 'SEAT_OF'] as const;
export type MetonymType = (typeof METONYM_TYPES)[number];

const METONYM_TYPE_SET = new Set<string>(METONYM_TYPES);

/** True for CAPITAL_OF / SEAT_OF: a link that names an actor, not a tie between two actors. */
export function isMetonymLink(type: string): boolean {
  return METONYM_TYPE_SET.has(type);
}

/** A node asked for, and the node it stands for (itself when it stands for nothing else). */
export interface ResolvedNode {
  asked: GraphNode;
  standsFor: GraphNode;
}

/** True when `r` resolved a metonym (the city stands for something else). */
export function isMetonym(r: ResolvedNode): boolean {
  return r.asked.id !== r.standsFor.id;
}

/** "Dushanbe (Tajikistan)" for a metonym, the plain name otherwise: how an answer names what was asked. */
export function metonymLabel(r: ResolvedNode): string {
  return isMetonym(r) ? `${r.asked.name} (${r.standsFor.name})` : r.asked.name;
}

/**
 * For each id, the id of the state or organisation it stands for by an outgoing CAPITAL_OF / SEAT_OF link
 * (the first by id when there are several), or the id itself. One adjacency call for all ids.
 */
export async function resolveMetonymIds(store: GraphStore, ids: readonly string[]): Promise<Map<string, string>> {
  const result = new Map(ids.map((id) => [id, id]));
  if (ids.length === 0) return result;
  const refs = await store.adjacency([...new Set(ids)], 'out', { types: METONYM_TYPES });
  const sorted = [...refs].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  const taken = new Set<string>();
  for (const r of sorted) {
    if (!result.has(r.source) || taken.has(r.source) || r.source === r.target) continue;
    result.set(r.source, r.target);
    taken.add(r.source);
  }
  return result;
}

/** The nodes `ids` name, each with what it stands for; unknown ids are left out. */
export async function resolveMetonyms(store: GraphStore, ids: readonly string[]): Promise<Map<string, ResolvedNode>> {
  const targets = await resolveMetonymIds(store, ids);
  const nodes = await store.getNodes([...new Set([...targets.keys(), ...targets.values()])]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const result = new Map<string, ResolvedNode>();
  for (const [id, target] of targets) {
    const asked = byId.get(id);
    if (!asked) continue;
    result.set(id, { asked, standsFor: byId.get(target) ?? asked });
  }
  return result;
}
