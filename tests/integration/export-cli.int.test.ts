/**
 * The export CLI against a real embedded store in a temp DATA_DIR (seeded with the mini seed): files and
 * stdout, and exit code 2 with a message naming the bad flag.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runExportCli } from '../../server/cli/export-cli';
import { seedStore } from '../../server/domain/seed-graph';
import { findPaths } from '../../server/domain/traversal';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { xmlElementIds } from '../support/export-readers';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';

let dataDir: string;

class Sink extends Writable {
  readonly parts: Buffer[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.parts.push(Buffer.from(chunk));
    done();
  }
  get text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runExportCli(argv, { stdout, stderr, env: { DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded' } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

beforeAll(async () => {
  dataDir = makeTempDir();
  const store = await KuzuGraphStore.open({ dataDir });
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  await store.close();
}, 60_000);

afterAll(removeTempDirs);

test('--format graphml --from --to --max-hops -o writes the paths to the file and nothing to stdout', async () => {
  const out = path.join(makeTempDir(), 'paths.graphml');
  const r = await cli('--format', 'graphml', '--from', 'alpha-city', '--to', 'beta-city', '--max-hops', '6', '-o', out);
  expect(r).toMatchObject({ code: 0, stdout: '' });
  expect(r.stderr).toContain(out);
  const store = await KuzuGraphStore.open({ dataDir });
  await store.init();
  try {
    const paths = await findPaths(store, { from: 'alpha-city', to: 'beta-city', maxHops: 6, direction: 'any', limit: 10 });
    const ids = xmlElementIds(readFileSync(out, 'utf8'));
    expect(ids.nodes.sort()).toEqual([...new Set(paths.flatMap((p) => p.nodes.map((n) => n.id)))].sort());
    expect(ids.edges.sort()).toEqual([...new Set(paths.flatMap((p) => p.edges.map((e) => e.id)))].sort());
  } finally {
    await store.close();
  }
  expect(readdirSync(path.dirname(out))).toEqual(['paths.graphml']);
});

test('without -o the file goes to stdout', async () => {
  const r = await cli('--format', 'json', '--ids', 'alpha,beta');
  expect(r.code).toBe(0);
  const file = JSON.parse(r.stdout) as { nodes: Array<{ id: string }> };
  expect(file.nodes.map((n) => n.id).sort()).toEqual(['alpha', 'beta']);
});

test('a read-only query selection works and a writing one exits 2', async () => {
  const ok = await cli('--format', 'cypher', '--cypher', 'MATCH (n) WHERE n.id = $id RETURN n', '--params', '{"id":"gamma"}');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain("{id: 'gamma'");
  const bad = await cli('--format', 'json', '--cypher', "CREATE (n:Country {id: 'x'})");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('CREATE');
});

test.each([
  [['--formt', 'json'], "Unknown option '--formt'"],
  [['--format', 'pdf'], '--format must be one of json, cytoscape, graphml, gexf, csv, cypher'],
  [['--from', 'alpha', '--to', 'beta', '--max-hops', '9'], '--max-hops must be at most 8'],
  [['--from', 'alpha'], '--to is required with --from'],
  [['--ids', 'alpha', '--focus', 'beta'], 'Choose one selection: --ids or --focus'],
  [['--ids', 'alpha', '--depth', '2'], '--depth does not apply'],
  [['--ids', 'alpha,nobody'], 'ids: no node with id "nobody"'],
  [['--cypher', 'MATCH (n) RETURN n', '--ids', 'alpha'], '--cypher cannot be combined with --ids'],
  [['--cypher', 'MATCH (n) RETURN n', '--params', '{oops'], '--params must be a JSON object'],
])('%j exits 2 saying %s', async (argv, message) => {
  const r = await cli(...argv);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe('');
});

test('when the output folder does not exist it exits 1 and leaves no file behind', async () => {
  const dir = makeTempDir();
  const r = await cli('--format', 'json', '-o', path.join(dir, 'missing', 'x.json'));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Export failed');
  expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  expect(readdirSync(dir)).toEqual([]);
});
