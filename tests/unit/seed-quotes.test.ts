/**
 * Checks the seed graph's provenance: every relationship source quotes its article verbatim (up to
 * whitespace and typographic quote marks/dashes), every document named is listed in sources.json, and
 * every seed article has its article file. The seed texts live outside the repo (../shared/seeds); when
 * they are missing the quote check is skipped locally and fails on CI.
 */
import fs from 'node:fs';
import path from 'node:path';

const SEED_DIR = path.resolve(__dirname, '../../graph-seed');
const ARTICLES_DIR = path.join(SEED_DIR, 'articles');
const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');

interface SourceRef {
  document?: string;
  quote: string;
  role?: string;
}
interface Relationship {
  id?: string;
  type: string;
  source: string;
  target: string;
  sources: SourceRef[];
}
interface ArticleFile {
  document: string;
  relationships: Relationship[];
}
interface SourcesFile {
  documents: { id: string }[];
}

/** Collapses whitespace and maps curly quotes to straight ones and en/em dashes to hyphens. */
function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function relationshipId(r: Relationship): string {
  return r.id ?? `${r.source}--${r.type.toLowerCase().replace(/_/g, '-')}--${r.target}`;
}

const articleFileNames = fs.existsSync(ARTICLES_DIR)
  ? fs.readdirSync(ARTICLES_DIR).filter((f) => f.endsWith('.json')).sort()
  : [];
const articles = articleFileNames.map((name) => ({ name, file: readJson<ArticleFile>(path.join(ARTICLES_DIR, name)) }));
const documentIds = new Set(readJson<SourcesFile>(path.join(SEED_DIR, 'sources.json')).documents.map((d) => d.id));

const seedsPresent = fs.existsSync(SEEDS_DIR);
// On CI the check must run; a CI that deliberately lacks ../shared (the GitHub workflow) says so explicitly.
const onCi = Boolean(process.env.CI) && !process.env.MULTIVECTOR_SEEDS_OPTIONAL;
if (!seedsPresent && !onCi) {
  console.warn(`seed-quotes: the seeds folder ${SEEDS_DIR} is missing, so the verbatim-quote check is skipped (it fails when CI is set).`);
}
const seedFileNames = seedsPresent ? fs.readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort() : [];

describe('graph-seed provenance', () => {
  it('has at least one article file', () => {
    expect(articles.length).toBeGreaterThan(0);
  });

  it('names only documents that are listed in sources.json', () => {
    const offending: string[] = [];
    for (const { name, file } of articles) {
      if (!documentIds.has(file.document)) offending.push(`articles/${name}: document "${file.document}"`);
      for (const r of file.relationships) {
        for (const s of r.sources) {
          if (s.document !== undefined && !documentIds.has(s.document)) {
            offending.push(`articles/${name} ${relationshipId(r)}: source document "${s.document}"`);
          }
        }
      }
    }
    if (offending.length > 0) {
      throw new Error(`${offending.length} document reference(s) not in sources.json:\n  ${offending.join('\n  ')}`);
    }
  });

  it('has an article file for every document in sources.json and every seed file', () => {
    const expected = new Set([...documentIds, ...seedFileNames]);
    const missing: string[] = [];
    for (const doc of [...expected].sort()) {
      const name = `${doc.replace(/\.txt$/, '')}.json`;
      const article = articles.find((a) => a.name === name);
      if (!article) missing.push(`${doc}: no articles/${name}`);
      else if (article.file.document !== doc) missing.push(`${doc}: articles/${name} names document "${article.file.document}"`);
      if (!documentIds.has(doc)) missing.push(`${doc}: not listed in sources.json`);
    }
    if (missing.length > 0) throw new Error(`${missing.length} seed document(s) without a matching article file:\n  ${missing.join('\n  ')}`);
  });

  (seedsPresent || onCi ? it : it.skip)('every quote appears verbatim in its article', () => {
    if (!seedsPresent) {
      throw new Error(`The seeds folder is missing: ${SEEDS_DIR}. The seed articles are needed to check the quotes.`);
    }
    const texts = new Map<string, string>();
    const textOf = (doc: string): string | undefined => {
      if (!texts.has(doc)) {
        const file = path.join(SEEDS_DIR, doc);
        if (!fs.existsSync(file)) return undefined;
        texts.set(doc, normalise(fs.readFileSync(file, 'utf8')));
      }
      return texts.get(doc);
    };
    const offending: string[] = [];
    let checked = 0;
    for (const { name, file } of articles) {
      for (const r of file.relationships) {
        for (const s of r.sources) {
          const doc = s.document ?? file.document;
          const text = textOf(doc);
          const quote = normalise(s.quote);
          checked += 1;
          if (text === undefined) offending.push(`articles/${name} ${relationshipId(r)}: seed file ${doc} not found`);
          else if (quote.length === 0 || !text.includes(quote)) {
            offending.push(`articles/${name} ${relationshipId(r)} [${doc}]: "${s.quote}"`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    if (offending.length > 0) {
      throw new Error(`${offending.length} of ${checked} quote(s) do not appear verbatim in their article:\n  ${offending.join('\n  ')}`);
    }
  });
});
