/**
 * When a claim held, as the influence model asks it: the one seam between the model and the validity
 * rules (validity.ts). It takes every relationship at once because a rule may need a claim's neighbours
 * (a later figure of the same quantity for the same pair supersedes an earlier one); today it applies
 * validity.ts's per-edge rule, and it is the only line to change when the validity rules grow.
 */
import type { GraphEdge, GraphNode } from './graph-model';
import { validityOf, type YearInterval } from './validity';

export type ClaimValidity = (edges: readonly GraphEdge[], nodes: ReadonlyMap<string, GraphNode>) => Map<string, YearInterval>;

/** The interval of each edge, by id (`nodes` must hold the edges' endpoints, for dated events). */
export const claimValidity: ClaimValidity = (edges, nodes) => new Map(edges.map((e) => [e.id, validityOf(e, nodes)]));
