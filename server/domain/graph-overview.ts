/**
 * The start view of a large graph: its best-connected nodes and the relationships among them, a small picture
 * to orient by while the page opens on search instead of drawing everything (GET /api/overview). Degrees are
 * counted by the engine in one aggregate read, written in the Cypher both engines parse alike; the answer is
 * kept until the app writes (and, on Neo4j, which other clients may write, for a few seconds).
 */
import type { GraphStore } from './ports/graph-store';
import type { Graph, GraphEdge } from './graph-model';
import type { WriteTracker } from './write-tracking';

/** At most this many hubs in an overview. */
export const OVERVIEW_MAX_HUBS = 200;
/** How long an overview is kept on Neo4j. */
const NEO4J_MAX_AGE_MS = 5_000;

export interface OverviewDependencies {
  store: GraphStore;
  writes: Pick<WriteTracker, 'version' | 'writesInFlight'>;
  /** The console's time limit bounds the degree count too. */
  timeoutMs: number;
}

interface Kept {
  key: string;
  version: number;
  at: number;
  graph: Graph;
}

/** Answers overviews, keeping the last one per hub count until a write. */
export class GraphOverview {
  private kept: Kept | undefined;

  constructor(private readonly deps: OverviewDependencies) {}

  /** The `hubs` best-connected nodes (most relationships, then id) and every relationship among them. */
  async read(hubs: number): Promise<Graph> {
    const { store, writes } = this.deps;
    const key = String(hubs);
    const version = writes.version();
    const kept = this.kept;
    if (kept !== undefined && kept.key === key && kept.version === version && (store.engine !== 'neo4j' || Date.now() - kept.at < NEO4J_MAX_AGE_MS)) return kept.graph;
    const graph = await this.build(hubs);
    if (version === writes.version() && writes.writesInFlight() === 0) this.kept = { key, version, at: Date.now(), graph };
    return graph;
  }

  private async build(hubs: number): Promise<Graph> {
    const { store, timeoutMs } = this.deps;
    const limit = Math.max(1, Math.min(OVERVIEW_MAX_HUBS, Math.trunc(hubs)));
    // The limit is a whole number checked above, written into the text because Kuzu takes no parameter in LIMIT.
    const degrees = await store.runReadQuery(
      `MATCH (n)-[r]-() RETURN n.id AS id, count(r) AS degree ORDER BY degree DESC, id ASC LIMIT ${limit}`,
      {},
      { timeoutMs, maxRows: limit },
    );
    const ids = degrees.rows.map((row) => row[0]).filter((id): id is string => typeof id === 'string');
    const nodes = await store.getNodes(ids);
    const kept = new Set(nodes.map((n) => n.id));
    const refs = await store.adjacency([...kept], 'out');
    const among = [...new Set(refs.filter((r) => kept.has(r.source) && kept.has(r.target)).map((r) => r.id))];
    const edges: GraphEdge[] = among.length === 0 ? [] : await store.getEdges(among);
    const order = new Map(ids.map((id, i) => [id, i]));
    nodes.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { nodes, edges };
  }
}
