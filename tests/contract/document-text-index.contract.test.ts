/**
 * The search index's document texts kept across rebuilds (server/domain/document-text-index.ts), on every
 * available engine: a refresh reads only texts that are new or changed (by the store's digests), drops
 * removed documents, and never answers an old text for a changed one.
 */
import { engineFactories } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import type { SeedDocument } from '../../server/domain/seed-schema';
import { NO_SCHEMA_NEEDS } from '../../server/domain/import-graph';
import { DocumentTextIndex } from '../../server/domain/document-text-index';
import { findDocumentPassages, type DocumentTextEntry } from '../../server/domain/document-text-search';
import { foldText } from '../../server/domain/text-folding';

afterAll(removeTempDirs);

const doc = (id: string, published: string, text?: string, title = `Title of ${id}`): SeedDocument => ({
  id, publisher: 'Wire', title, published, ...(text !== undefined ? { text } : {}),
});
const found = (texts: DocumentTextEntry[], phrase: string): string[] =>
  texts.filter((t) => findDocumentPassages(t, foldText(phrase)).length > 0).map((t) => t.document.id);

describe.each(engineFactories())('document text index on $name', (factory) => {
  let store: GraphStore;

  beforeEach(async () => {
    store = await factory.open();
    await store.init();
    await store.upsert({
      nodes: [],
      edges: [],
      documents: [
        doc('old.txt', '2019', 'The Rogun dam rises in 2019.'),
        doc('new.txt', '2024-03', 'Remittances from Russia fell in 2024.'),
        doc('mid.txt', '2021', 'A loan from Beijing was signed.'),
        doc('bare.txt', '2022'),
      ],
      propertyTypes: {},
    });
  });

  afterEach(async () => {
    await store.close();
  });

  test('the first refresh reads every text once, newest first; a refresh with nothing changed reads none', async () => {
    const index = new DocumentTextIndex(store);
    const first = await index.refresh(await store.listDocuments());
    expect(first.texts.map((t) => t.document.id)).toEqual(['new.txt', 'mid.txt', 'old.txt']);
    expect(first.read).toBe(3);
    expect(first.documentTexts).toBe(true);
    const again = await index.refresh(await store.listDocuments());
    expect(again.read).toBe(0);
    expect(again.texts.map((t) => t.document.id)).toEqual(['new.txt', 'mid.txt', 'old.txt']);
    expect(found(again.texts, 'rogun dam')).toEqual(['old.txt']);
  });

  test('after a write, only the changed and the new texts are read; a removed document is gone; the old text is not answered', async () => {
    const index = new DocumentTextIndex(store);
    await index.refresh(await store.listDocuments());
    await store.upsert({
      nodes: [],
      edges: [],
      documents: [doc('mid.txt', '2021', 'A grant from Tokyo was signed.'), doc('added.txt', '2025', 'Quince festival in Isfara.'), doc('old.txt', '2019', 'The Rogun dam rises in 2019.', 'A new title')],
      propertyTypes: {},
    });
    await store.runImport(NO_SCHEMA_NEEDS, (tx) => tx.removeDocuments(['new.txt']));
    const after = await index.refresh(await store.listDocuments());
    expect(after.read).toBe(2);
    expect(after.texts.map((t) => t.document.id)).toEqual(['added.txt', 'mid.txt', 'old.txt']);
    expect(found(after.texts, 'loan from beijing')).toEqual([]);
    expect(found(after.texts, 'grant from tokyo')).toEqual(['mid.txt']);
    expect(found(after.texts, 'remittances')).toEqual([]);
    // A catalogue change (the title) is taken without reading the text again.
    expect(after.texts.find((t) => t.document.id === 'old.txt')?.document.title).toBe('A new title');
  });

  test('past the character budget the older texts are left out, and the refresh says so', async () => {
    const index = new DocumentTextIndex(store, 'Remittances from Russia fell in 2024.'.length + 'A loan from Beijing was signed.'.length);
    const refreshed = await index.refresh(await store.listDocuments());
    expect(refreshed.texts.map((t) => t.document.id)).toEqual(['new.txt', 'mid.txt']);
    expect(refreshed.documentTexts).toBe(false);
  });
});
