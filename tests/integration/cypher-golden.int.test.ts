/**
 * The console measured against Neo4j itself: every query of ../shared/cypher-golden runs through
 * POST /api/cypher on the real app over the seed graph, and its answer is compared with what a real Neo4j
 * 5.26 answered (tests/support/golden-cypher.ts). The report (share answered the same, per category, and
 * why the others differ) is printed; the share may not fall below the last measured one. Runs on the
 * embedded engine always and on Neo4j when NEO4J_URI is set (the database is leased: emptied, seeded by the
 * app, then given back as it was; tests/support/neo4j-test-database.ts).
 *
 * The answers were taken on the seed as of 2026-12-05; where the seed was corrected since (validity dates,
 * aliases in other scripts), an answer that reads those fields differs for that reason: the report names it.
 */
import { neo4jSettings } from '../support/engines';
import { leaseNeo4jDatabase } from '../support/neo4j-test-database';
import { compareAnswer, readGoldenQueries, type GoldenQuery } from '../support/golden-cypher';
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

/** Shares measured on this corpus; raise them as the console learns more of Neo4j's Cypher. */
const FLOOR = { embedded: 0.99, neo4j: 0.95 } as const;

/**
 * Answers that count the relationships issue 17's review of the articles added to the seed (2011 troop
 * figures: 316 -> 318 relationships) or the sources it added: they differ from Neo4j's 2026-12-05 answers on
 * either engine until the corpus is taken again over the corrected seed. Where they differ they are listed
 * apart and left out of the share; where they agree they count.
 */
const SEED_CORRECTED_SINCE = new Set([
  'A07', 'B02', 'B10', 'B14', 'G05', 'G06', 'I15', 'J12',
  // The same 2011 troop figure (russian-troops-in-tajikistan-2011; one more Russia-Tajikistan tie).
  'G18', 'H14', 'H17',
  // Aliases in other scripts added to the seed (Россия, США): the alias lists are longer.
  'E01', 'E02', 'E09',
  // sourceGrades added to every relationship; validity dates corrected (us-aid-to-tajikistan-2002 ends 2002).
  'F06', 'I16',
]);

const corpus = readGoldenQueries();
// On CI the corpus must be there; a CI that deliberately lacks ../shared (the GitHub workflow) says so.
const required = Boolean(process.env.CI) && !process.env.MULTIVECTOR_SEEDS_OPTIONAL;

afterAll(removeTempDirs);

interface Outcome {
  query: GoldenQuery;
  same: boolean;
  why: string;
}

async function runCorpus(server: TestServer, queries: GoldenQuery[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const query of queries) {
    const res = await fetch(`${server.baseUrl}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: query.query, params: query.params }),
    });
    const body = (await res.json()) as { columns?: string[]; rows?: unknown[][]; error?: { code: string; message: string } };
    if (res.status !== 200 || !body.columns || !body.rows) {
      outcomes.push({ query, same: false, why: `${res.status} ${body.error?.code ?? ''}: ${(body.error?.message ?? '').slice(0, 160)}` });
      continue;
    }
    const why = compareAnswer(query, body.columns, body.rows);
    outcomes.push({ query, same: why === null, why: why ?? '' });
  }
  return outcomes;
}

function report(engine: string, all: Outcome[]): number {
  const drifted = all.filter((o) => !o.same && SEED_CORRECTED_SINCE.has(o.query.id));
  const outcomes = all.filter((o) => !drifted.includes(o));
  const same = outcomes.filter((o) => o.same).length;
  const byCategory = new Map<string, [number, number]>();
  for (const o of outcomes) {
    const [s, n] = byCategory.get(o.query.category) ?? [0, 0];
    byCategory.set(o.query.category, [s + (o.same ? 1 : 0), n + 1]);
  }
  const lines = [
    `Golden Cypher corpus on ${engine}: ${same} of ${outcomes.length} answered as Neo4j 5.26 did (${((100 * same) / outcomes.length).toFixed(1)}%)`,
    `  by category: ${[...byCategory].sort().map(([c, [s, n]]) => `${c} ${s}/${n}`).join(', ')}`,
    ...outcomes.filter((o) => !o.same).map((o) => `  ${o.query.id} ${o.query.query.slice(0, 90)} -> ${o.why}`),
    `  left out, the seed was corrected since the corpus was taken: ${drifted.map((o) => `${o.query.id} (${o.why.slice(0, 60)})`).join('; ') || 'none'}`,
  ];
  console.log(lines.join('\n'));
  return same / outcomes.length;
}

const describeCorpus = corpus || required ? describe : describe.skip;

describeCorpus('the golden Cypher corpus', () => {
  test('is present', () => {
    expect(corpus?.length ?? 0).toBeGreaterThan(100);
  });

  test('on the embedded engine, answers at least the measured share as Neo4j did', async () => {
    const server = await startTestServer();
    try {
      const share = report('the embedded engine', await runCorpus(server, corpus ?? []));
      expect(share).toBeGreaterThanOrEqual(FLOOR.embedded);
    } finally {
      await server.close();
    }
  }, 300_000);

  const settings = neo4jSettings();
  (settings ? test : test.skip)('on Neo4j, answers as Neo4j did', async () => {
    if (!settings) return;
    const lease = await leaseNeo4jDatabase(settings);
    try {
      // The app seeds the empty database on start, as `docker compose up` does.
      const server = await startTestServer({ env: { GRAPH_ENGINE: 'neo4j', NEO4J_URI: settings.uri, NEO4J_USER: settings.user, NEO4J_PASSWORD: settings.password, NEO4J_DATABASE: settings.database } });
      try {
        for (let i = 0; i < 240; i += 1) {
          const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { status: string; nodes: number | null };
          if (health.status === 'ok' && (health.nodes ?? 0) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const share = report('Neo4j', await runCorpus(server, corpus ?? []));
        expect(share).toBeGreaterThanOrEqual(FLOOR.neo4j);
      } finally {
        await server.close();
      }
    } finally {
      await lease.release();
    }
  }, 300_000);
});
