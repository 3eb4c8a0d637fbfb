/** Builders of import input for tests: small Graph JSON and CSV files in the mini-seed's vocabulary. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Graph } from '../../server/domain/graph-model';
import type { SeedDocument } from '../../server/domain/seed-schema';
import { csvField, ARRAY_DELIMITER } from '../../server/export/csv-writer';
import type { ImportFile } from '../../server/import/import-file';

export const DOC: SeedDocument = { id: 'doc-import.txt', publisher: 'Import Daily', title: 'New bases', published: '2021-03-04' };

/** A Graph JSON with `n` countries hosting one base each (2n nodes, n edges), ids prefixed. */
export function graphJson(prefix: string, n: number): Graph & { documents: SeedDocument[] } {
  const nodes: Graph['nodes'] = [];
  const edges: Graph['edges'] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `${prefix}-c${i}`, kind: 'Country', name: `Country ${prefix} ${i}`, aliases: [`C${i}`], properties: { population: 1000 + i } });
    nodes.push({ id: `${prefix}-b${i}`, kind: 'MilitaryBase', name: `Base ${prefix} ${i}`, aliases: [], properties: {} });
    edges.push({
      id: `${prefix}-e${i}`,
      type: 'HOSTS_BASE',
      source: `${prefix}-c${i}`,
      target: `${prefix}-b${i}`,
      properties: { troops: 100 * i, asOf: '2021' },
      sources: [{ document: DOC.id, quote: `Country ${i} hosts base ${i}; "quoted", with commas.` }],
    });
  }
  return { documents: [DOC], nodes, edges };
}

export function writeJsonFile(dir: string, name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** Loose CSV files (nodes.csv, relationships.csv, documents.csv) in the export's header format. */
export function writeCsvFiles(dir: string, prefix: string, n: number, options: { badEdgeRow?: number } = {}): string[] {
  const nodes = ['id:ID,:LABEL,name,aliases:string[],population:double'];
  const rels = [':START_ID,:END_ID,:TYPE,id,troops:double,sourceDocuments:string[],sourceQuotes:string[],sourceRoles:string[],yearFrom:double,yearTo:double'];
  for (let i = 0; i < n; i++) {
    nodes.push(`${prefix}-c${i},Entity${ARRAY_DELIMITER}Country,${csvField(`Country ${i}`)},,${1000 + i}`);
    nodes.push(`${prefix}-b${i},Entity${ARRAY_DELIMITER}MilitaryBase,${csvField(`Base ${i}`)},,`);
    const troops = options.badEdgeRow === i ? 'many' : String(10 * i);
    rels.push(`${prefix}-c${i},${prefix}-b${i},HOSTS_BASE,${prefix}-e${i},${troops},${DOC.id},${csvField(`Quote ${i}, with a comma`)},claim,,`);
  }
  const docs = ['id:ID(SourceDocument),:LABEL,publisher,title,author,published,publishedInferred:boolean,publishedNote,url'];
  docs.push(`${DOC.id},SourceDocument,${DOC.publisher},${DOC.title},,${DOC.published},,,`);
  const out = [
    ['nodes.csv', nodes],
    ['relationships.csv', rels],
    ['documents.csv', docs],
  ].map(([name, lines]) => {
    const file = path.join(dir, `${prefix}-${name as string}`);
    writeFileSync(file, (lines as string[]).join('\r\n') + '\r\n');
    return file;
  });
  return out;
}

/** Files on disk as the import takes them (named by their base name). */
export function asImportFiles(paths: readonly string[]): ImportFile[] {
  return paths.map((p) => ({ name: path.basename(p), path: p }));
}
