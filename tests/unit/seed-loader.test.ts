/**
 * The seed loader: the real graph-seed/ loads clean, the fixture too, and a broken seed is refused with
 * every problem named by file, record and field.
 */
import { cpSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSeedDirectory, SeedValidationError } from '../../server/seed/seed-loader';
import { MINI_SEED_DIR } from '../support/test-server';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

afterAll(removeTempDirs);

// Article JSON is mutated freely to break it in chosen places; it is untyped on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function brokenCopy(mutate: (article: any) => void): string {
  const dir = makeTempDir();
  cpSync(MINI_SEED_DIR, dir, { recursive: true });
  const file = path.join(dir, 'articles', 'doc-a.json');
  const article = JSON.parse(readFileSync(file, 'utf8'));
  mutate(article);
  writeFileSync(file, JSON.stringify(article));
  return dir;
}

async function problems(dir: string): Promise<string> {
  try {
    await readSeedDirectory(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(SeedValidationError);
    return (err as Error).message;
  }
  throw new Error('the seed loaded');
}

test('the project seed loads without a problem', async () => {
  const seed = await readSeedDirectory();
  expect(seed.graph.nodes.length).toBeGreaterThan(0);
  expect(seed.graph.edges.length).toBeGreaterThan(0);
});

test('the fixture seed merges mentions into each node', async () => {
  const seed = await readSeedDirectory(MINI_SEED_DIR);
  expect(seed.graph.nodes.find((n) => n.id === 'alpha')?.properties.documents).toEqual(['doc-a.txt', 'doc-b.txt']);
});

test('an unknown relationship type, endpoint and property are each named with file, record and field', async () => {
  const msg = await problems(
    brokenCopy((a) => {
      a.relationships[0].type = 'INVENTED_TYPE';
      a.relationships[1].target = 'nowhere';
      a.relationships[2].properties.colour = 'red';
    }),
  );
  expect(msg).toContain('articles/doc-a.json relationships[0] (alpha-city--invented-type--alpha) field "type": "INVENTED_TYPE" is not in vocabulary.json');
  expect(msg).toContain('relationships[1] (beta-city--capital-of--nowhere) field "target": unknown entity "nowhere"');
  expect(msg).toContain('relationships[2] (alpha-hosts-base-2004) field "properties.colour": is not declared');
  expect(msg).toMatch(/3 problems/);
});

test('a wrong type, a missing source and a bad kind are refused', async () => {
  const msg = await problems(
    brokenCopy((a) => {
      a.relationships[2].properties.troops = 'many';
      a.relationships[3].sources = [];
      a.entities[0].kind = 'country';
      a.relationships[4].source = 'alpha-city';
    }),
  );
  expect(msg).toContain('field "properties.troops": must be of type number');
  expect(msg).toContain('field "sources": every relationship needs at least one source');
  expect(msg).toContain('entities[0] (alpha) field "kind": kind must be PascalCase');
  expect(msg).toContain('OPERATES may not start at a City');
});

test('a file that is not JSON is named', async () => {
  const dir = makeTempDir();
  cpSync(MINI_SEED_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, 'articles', 'doc-b.json'), '{ "document": ');
  expect(await problems(dir)).toContain('articles/doc-b.json: is not valid JSON');
});

test('duplicate relationship ids are refused', async () => {
  const msg = await problems(brokenCopy((a) => a.relationships.push({ ...a.relationships[0] })));
  expect(msg).toContain('duplicate relationship id');
});
