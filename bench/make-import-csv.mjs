// Writes a synthetic import in the CSV export's format: node and relationship files for the import benchmark.
// usage: node bench/make-import-csv.mjs <dir> <countries> <relationships>
// Countries each host bases (MilitaryBase, one per country); relationships are HOSTS_BASE with distinct ids,
// spread over the pairs, each with one quote, so the file is shaped like the app's own evidence-carrying edges.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const [dir, countriesArg, relsArg] = process.argv.slice(2);
if (!dir || !countriesArg || !relsArg) {
  console.error('usage: node bench/make-import-csv.mjs <dir> <countries> <relationships>');
  process.exit(1);
}
const countries = Number(countriesArg);
const rels = Number(relsArg);
const US = '\u001f';
mkdirSync(dir, { recursive: true });

function write(name, header, count, row) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path.join(dir, name));
    out.on('error', reject);
    out.write(header + '\r\n');
    let i = 0;
    const pump = () => {
      while (i < count) {
        const ok = out.write(row(i++) + '\r\n');
        if (!ok) return out.once('drain', pump);
      }
      out.end(resolve);
    };
    pump();
  });
}

await write('documents.csv', 'id:ID(SourceDocument),:LABEL,publisher,title,published', 1, () => 'bench-doc,SourceDocument,Bench Wire,Synthetic,2024');
await write('nodes.csv', 'id:ID,:LABEL,name,aliases:string[],population:double', countries * 2, (i) =>
  i < countries ? `c${i},Entity${US}Country,Country ${i},C${i},${1000 + i}` : `b${i - countries},Entity${US}MilitaryBase,Base ${i - countries},,`,
);
await write(
  'relationships.csv',
  ':START_ID,:END_ID,:TYPE,id,troops:double,asOf,sourceDocuments:string[],sourceQuotes:string[],sourceRoles:string[],yearFrom:double,yearTo:double',
  rels,
  (i) => `c${i % countries},b${(i * 7) % countries},HOSTS_BASE,e${i},${i % 5000},2024,bench-doc,"Country ${i % countries} hosts base, figure ${i}.",claim,2024,`,
);
console.log(`wrote ${countries * 2} nodes and ${rels} relationships to ${dir}`);
