/**
 * The seed as it would be had one article never been read: a copy of graph-seed/ without that document,
 * without its sources on any relationship, without relationships it alone stated, and without entities
 * only those relationships named. Relationships another article also states stay, with that article's
 * sources (they move to another article file, since the left-out article's file goes).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { SEED_DIR } from '../../server/project-paths';
import type { SeedArticleFile, SeedDocument, SeedRelationship } from '../../server/domain/seed-schema';
import { makeTempDir } from './temp-dirs';

export interface LeftOut {
  /** The seed folder without the document. */
  seedDir: string;
  /** The document's catalogue entry. */
  document: SeedDocument;
  /** The relationships the document states (any source from it), as in the full seed. */
  curated: SeedRelationship[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

export function seedWithout(documentId: string): LeftOut {
  const dir = makeTempDir('multivector-loo-');
  mkdirSync(path.join(dir, 'articles'));
  copyFileSync(path.join(SEED_DIR, 'vocabulary.json'), path.join(dir, 'vocabulary.json'));
  const sources = readJson<{ documents: SeedDocument[] }>(path.join(SEED_DIR, 'sources.json'));
  const document = sources.documents.find((d) => d.id === documentId);
  if (!document) throw new Error(`No seed document ${documentId}`);
  writeFileSync(path.join(dir, 'sources.json'), JSON.stringify({ documents: sources.documents.filter((d) => d.id !== documentId) }));

  const names = readdirSync(path.join(SEED_DIR, 'articles')).filter((f) => f.endsWith('.json')).sort();
  const files = names.map((n) => ({ name: n, file: readJson<SeedArticleFile>(path.join(SEED_DIR, 'articles', n)) }));
  const curated: SeedRelationship[] = [];
  const kept = files.map(({ name, file }) => {
    const relationships: SeedRelationship[] = [];
    for (const r of file.relationships) {
      const docOf = (s: { document?: string }): string => s.document ?? file.document;
      if (r.sources.some((s) => docOf(s) === documentId)) curated.push(r);
      const others = r.sources.filter((s) => docOf(s) !== documentId).map((s) => ({ ...s, document: docOf(s) }));
      if (others.length > 0) relationships.push({ ...r, sources: others });
    }
    return { name, file: { ...file, relationships } };
  });
  const named = new Set(kept.flatMap((k) => k.file.relationships.flatMap((r) => [r.source, r.target])));
  const left = kept.find((k) => k.file.document === documentId);
  const host = kept.find((k) => k.file.document !== documentId);
  if (!left || !host) throw new Error('The seed needs at least two articles');
  // The left-out article's file goes: what others still state moves to another file.
  host.file = {
    ...host.file,
    entities: [...host.file.entities, ...left.file.entities],
    relationships: [...host.file.relationships, ...left.file.relationships],
  };
  for (const k of kept) {
    if (k === left) continue;
    const entities = k.file.entities.filter((e) => named.has(e.id) || !left.file.entities.includes(e));
    writeFileSync(path.join(dir, 'articles', k.name), JSON.stringify({ ...k.file, entities }));
  }
  return { seedDir: dir, document, curated };
}
