/**
 * The JavaScript cost per row of turning a Neo4j driver record into a wire edge, with no server: the part
 * of a streamed read (exports, readAll) the store adds to the driver's own decoding. Two record shapes
 * built with the real driver's types, alternating, median of 5 rounds of 100k rows:
 * - `RETURN r, a.id AS s, b.id AS t`: the relationship struct (element ids, Integer ids), read through
 *   record.toObject() as the store did before issue 20's work;
 * - `RETURN type(r) AS type, properties(r) AS p, a.id AS s, b.id AS t` (EDGE_COLUMNS): what it reads now.
 * Both end in the same plainProperties + fromStoredEdge. On a shared machine read the ratio, not the µs.
 *
 *   npx esbuild bench/neo4j-row-conversion.ts --bundle --platform=node --packages=external \
 *     --outfile=dist/bench/neo4j-row-conversion.js && node dist/bench/neo4j-row-conversion.js
 */
import neo4j, { Record as DriverRecord, type Relationship } from 'neo4j-driver';
import { plainProperties } from '../server/stores/neo4j/neo4j-values';
import { fromStoredEdge } from '../server/stores/stored-graph';
import type { SeedDocument } from '../server/domain/seed-schema';

const ROWS = 100_000;
const ROUNDS = 5;
const docs = new Map<string, SeedDocument>([['synthetic-1.txt', { id: 'synthetic-1.txt', publisher: 'Bench Wire', title: 'T', published: '2001' }]]);

/** A relationship's stored properties as the driver hands them over (years as Integers). */
function storedProperties(i: number): Record<string, unknown> {
  return {
    id: `r-${i}`,
    sourceDocuments: ['synthetic-1.txt'],
    sourceQuotes: [`Synthetic claim ${i}: a relates to b.`],
    sourceRoles: ['claim'],
    validFrom: '2001',
    yearFrom: neo4j.int(2001),
    yearTo: neo4j.int(2005),
    status: 'reported',
  };
}

const structRows = Array.from({ length: ROWS }, (_, i) => {
  const rel = new neo4j.types.Relationship(neo4j.int(i), neo4j.int(1), neo4j.int(2), 'HOSTS_BASE', storedProperties(i), `5:bench:${i}`, '4:bench:1', '4:bench:2');
  return new DriverRecord(['r', 's', 't'], [rel, 'a', 'b']);
});
const columnRows = Array.from({ length: ROWS }, (_, i) => new DriverRecord(['type', 'p', 's', 't'], ['HOSTS_BASE', storedProperties(i), 'a', 'b']));

/** µs per row of converting `rows` with `convert`; the sum of sources keeps the work from being dropped. */
function time(rows: DriverRecord[], convert: (record: DriverRecord) => number): number {
  const t = performance.now();
  let sink = 0;
  for (const record of rows) sink += convert(record);
  if (sink < 0) console.log(sink);
  return ((performance.now() - t) * 1000) / rows.length;
}

const fromStruct = (record: DriverRecord): number => {
  const o = record.toObject() as { r: Relationship; s: string; t: string };
  return fromStoredEdge(o.r.type, String(o.s), String(o.t), plainProperties(o.r.properties as Record<string, unknown>), docs).sources.length;
};
const fromColumns = (record: DriverRecord): number => {
  const props = plainProperties(record.get('p') as Record<string, unknown>);
  return fromStoredEdge(String(record.get('type')), String(record.get('s')), String(record.get('t')), props, docs).sources.length;
};

const struct: number[] = [];
const columns: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  struct.push(time(structRows, fromStruct));
  columns.push(time(columnRows, fromColumns));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(
  `per row, median of ${ROUNDS} x ${ROWS}: relationship struct + toObject ${median(struct).toFixed(2)} µs, ` +
    `EDGE_COLUMNS ${median(columns).toFixed(2)} µs`,
);
