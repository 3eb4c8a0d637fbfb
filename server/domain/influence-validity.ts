/**
 * When a claim held, as the influence model asks it: the one seam between the model and the validity
 * rules (validity.ts). It takes every relationship at once because supersession needs a claim's
 * neighbours (a later figure of the same quantity for the same pair ends an earlier one), and applies the
 * evidence horizon; the model sees only the resulting intervals.
 */
import type { GraphEdge, GraphNode } from './graph-model';
import { DEFAULT_EVIDENCE_HORIZON_YEARS, validitiesOf, type YearInterval } from './validity';

export type ClaimValidity = (edges: readonly GraphEdge[], nodes: ReadonlyMap<string, GraphNode>) => Map<string, YearInterval>;

/** The interval of each edge, by id (`nodes` must hold the edges' endpoints, for dated events). */
export const claimValidity: ClaimValidity = (edges, nodes) => validitiesOf(edges, nodes, { horizon: DEFAULT_EVIDENCE_HORIZON_YEARS });
