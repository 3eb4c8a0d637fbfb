/**
 * The openCypher TCK corpus (../shared/tck/queries.json: 3,930 queries, see its README) through
 * POST /api/cypher on one real server with the real embedded engine, seeded with graph-seed/ (the TCK's own
 * set-up graphs are not in the corpus, so this is a census of outcomes, not a check of rows): every
 * write-class query must be refused with the graph unchanged, no query may stop the engine, and the shares
 * of valid reads (Neo4j answers them) refused by the guard, failed in the engine and answered are printed
 * with their top reasons and held to floors, so a regression of the guard or the engine fails the suite.
 * `npm run tck` prints every reason.
 */
import { existsSync } from 'node:fs';
import { assertReadOnlyCypher } from '../../server/domain/cypher-guard';
import { readTckQueries, TCK_QUERIES_FILE, type TckQuery } from '../support/tck-corpus';
import { classify, TckTally, type ConsoleAnswer } from '../support/tck-report';
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

/** Reasons printed per group; `npm run tck` (TCK_REPORT=full) prints all. */
const TOP = process.env.TCK_REPORT === 'full' ? 1_000 : 8;
/** Requests in flight at once: the engine process answers one while the server reads the next. */
const CONCURRENCY = 3;
/**
 * Ceiling and floor for the valid reads (class read, a result on Neo4j), a little outside the shares measured
 * when they were set (2026-12-05: refused 53 of 2,957 = 1.8%, 36 of them calls of the TCK's own test
 * procedures; answered 994 = 33.6%), so a regression fails and the noise of timeouts on a loaded machine
 * does not. Raise the floor as the console's dialect rewrite makes more of them run.
 */
const MAX_VALID_READS_REFUSED = 0.03;
const MIN_VALID_READS_ANSWERED = 0.31;

let server: TestServer;

beforeAll(async () => {
  // A short console timeout: some TCK queries build large cross products over the seed graph; a timeout is an
  // outcome too. Few rows and drawn nodes: the census needs each query's outcome, not its whole answer.
  server = await startTestServer({ env: { CYPHER_TIMEOUT_MS: '1000', CYPHER_MAX_ROWS: '50', CYPHER_MAX_GRAPH_NODES: '50' } });
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

async function cypher(query: string, params: Record<string, unknown>): Promise<ConsoleAnswer> {
  const res = await fetch(`${server.baseUrl}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  const text = await res.text();
  let body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`not JSON (${res.status}) for ${query}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, code: body.error?.code, message: body.error?.message, details: body.error?.details };
}

interface Run {
  query: TckQuery;
  answer: ConsoleAnswer;
  ms: number;
}

/** Runs the queries with a few in flight; returns each with its answer and time, in corpus order. */
async function runAll(queries: TckQuery[]): Promise<Run[]> {
  const out: Run[] = new Array(queries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queries.length) {
      const i = next++;
      const query = queries[i] as TckQuery;
      const started = performance.now();
      const answer = await cypher(query.query, query.params);
      out[i] = { query, answer, ms: performance.now() - started };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

async function restarts(): Promise<number> {
  const res = await fetch(`${server.baseUrl}/api/health`);
  const health = (await res.json()) as { engineProcess?: { restarts: number } };
  return health.engineProcess?.restarts ?? 0;
}

async function graphSize(): Promise<unknown> {
  const nodes = await fetch(`${server.baseUrl}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships' }),
  });
  return ((await nodes.json()) as { rows: unknown }).rows;
}

const describeIfCorpus = existsSync(TCK_QUERIES_FILE) ? describe : describe.skip;

describeIfCorpus('the openCypher TCK corpus through the console on the embedded engine (seed graph)', () => {
  test('every write is refused, no query stops the engine, and valid reads stay above their floors', async () => {
    const corpus = readTckQueries();
    const started = performance.now();
    const restartsBefore = await restarts();
    const sizeBefore = await graphSize();

    const writes = new TckTally();
    const writeRuns = await runAll(corpus.filter((q) => q.class === 'write'));
    for (const { query, answer } of writeRuns) writes.add(query, classify(answer));
    const sizeAfterWrites = await graphSize();

    const validReads = new TckTally();
    const errorReads = new TckTally();
    const readRuns = await runAll(corpus.filter((q) => q.class === 'read'));
    for (const { query, answer } of readRuns) {
      (query.expect === 'result' ? validReads : errorReads).add(query, classify(answer));
    }
    const slowest = [...readRuns].sort((a, b) => b.ms - a.ms).slice(0, 5);
    const engineRestarts = (await restarts()) - restartsBefore;
    const seconds = (performance.now() - started) / 1000;

    console.log(
      [
        `openCypher TCK through POST /api/cypher (embedded engine, seed graph, 1 s timeout): ${corpus.length} queries in ${seconds.toFixed(1)} s, engine restarts ${engineRestarts}`,
        validReads.format('Valid reads (Neo4j gives a result)', TOP),
        errorReads.format('Reads Neo4j answers with an error', TOP),
        writes.format('Writes', TOP),
        `Slowest reads: ${slowest.map((r) => `#${r.query.id} ${Math.round(r.ms)} ms (${classify(r.answer).outcome})`).join(', ')}`,
      ].join('\n'),
    );

    // The safety property: nothing that writes gets through, and the graph is as it was. A write the request's
    // rules refused first (its length, a map parameter) is also put to the guard itself, on either engine.
    expect({ refused: writes.counts.refused, of: writes.total }).toEqual({ refused: writes.total, of: corpus.filter((q) => q.class === 'write').length });
    expect(sizeAfterWrites).toEqual(sizeBefore);
    const guardLetThrough = writeRuns.flatMap(({ query }) =>
      (['embedded', 'neo4j'] as const)
        .filter((engine) => {
          try {
            assertReadOnlyCypher(query.query, {}, { engine });
            return true;
          } catch {
            return false;
          }
        })
        .map((engine) => `#${query.id} on ${engine}`),
    );
    expect(guardLetThrough).toEqual([]);
    // No query stops the engine: the guard refuses every known crasher.
    expect(validReads.crashed.concat(errorReads.crashed).map((q) => q.id)).toEqual([]);
    expect(engineRestarts).toBe(0);
    // Floors: a guard that refuses more, or an engine path that answers less, fails here. Refusals by the dialect
    // translation (constructs the embedded engine cannot answer faithfully) are its own documented limits, not the guard's.
    expect(validReads.share('refused')).toBeLessThanOrEqual(MAX_VALID_READS_REFUSED);
    expect(validReads.share('answered')).toBeGreaterThanOrEqual(MIN_VALID_READS_ANSWERED);
  }, 600_000);
});
