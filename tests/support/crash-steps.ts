/**
 * A deterministic sequence of writes of every kind the embedded store makes (seed, small import, staged
 * import, dry run adding a column, import adding an integer column, staged undo, undo, bulk load), and a
 * fingerprint of a store's content that leaves out what differs between two runs of it (import ids and
 * times). The crash test runs the sequence in a child it kills, and again in-process for the expected states.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Graph } from '../../server/domain/graph-model';
import type { Vocabulary } from '../../server/domain/seed-schema';
import { importGraph, undoImport } from '../../server/domain/import-graph';
import { seedStore } from '../../server/domain/seed-graph';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { graphJson, writeJsonFile } from './import-fixtures';

export const STEP_KINDS = ['seed', 'small import', 'staged import', 'dry run adding a column', 'import adding an integer column', 'staged undo', 'undo', 'bulk load'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface StepContext {
  store: GraphStore;
  seedDir: string;
  vocabulary: Vocabulary;
  /** A folder for the step's input files. */
  inputs: string;
}

export function stepKind(i: number): StepKind {
  return STEP_KINDS[i % STEP_KINDS.length] as StepKind;
}

/**
 * graphJson's records citing a document of their own (`doc-<prefix>.txt`): undoing an import that stored a
 * document is refused while relationships of other imports cite it (import-graph.ts), and every step here must
 * succeed, so no two steps share one.
 */
function ownGraph(prefix: string, n: number): ReturnType<typeof graphJson> {
  const g = graphJson(prefix, n);
  const id = `doc-${prefix}.txt`;
  return {
    ...g,
    documents: g.documents.map((d) => ({ ...d, id })),
    edges: g.edges.map((e) => ({ ...e, sources: e.sources.map((s) => ({ ...s, document: id })) })),
  };
}

/** Graph JSON of `n` countries with a base each, every country given `extra(i)` as properties. */
function countries(prefix: string, n: number, extra: (i: number) => Record<string, number | string>): ReturnType<typeof graphJson> {
  const g = ownGraph(prefix, n);
  let i = 0;
  for (const node of g.nodes) if (node.kind === 'Country') node.properties = { ...node.properties, ...extra(i++) };
  return g;
}

async function importJson(ctx: StepContext, name: string, data: unknown, options: { dryRun?: boolean; staged?: boolean } = {}): Promise<void> {
  mkdirSync(ctx.inputs, { recursive: true });
  const file = writeJsonFile(ctx.inputs, `${name}.json`, data);
  await importGraph(ctx.store, [{ name: path.basename(file), path: file }], {
    actor: name,
    vocabulary: ctx.vocabulary,
    dryRun: options.dryRun ?? false,
    // 0: staged whatever its size; far above: one transaction on the copy.
    stagedFromRecords: options.staged ? 0 : 1_000_000,
  });
}

async function undoBy(ctx: StepContext, actor: string, staged: boolean): Promise<void> {
  const record = (await ctx.store.listImports()).find((r) => r.actor === actor && r.status === 'applied');
  if (!record) throw new Error(`No applied import by ${actor} to undo.`);
  await undoImport(ctx.store, record.id, { actor: `undo-${actor}`, stagedFromRecords: staged ? 0 : 1_000_000 });
}

/** Runs step `i` of the sequence (the kinds repeat; ids carry the round, so every round adds new records). */
export async function runStep(ctx: StepContext, i: number): Promise<void> {
  const round = Math.floor(i / STEP_KINDS.length);
  switch (stepKind(i)) {
    case 'seed':
      await seedStore(ctx.store, ctx.seedDir);
      return;
    case 'small import':
      return importJson(ctx, `a${round}`, ownGraph(`a${round}`, 3));
    case 'staged import':
      return importJson(ctx, `b${round}`, ownGraph(`b${round}`, 3), { staged: true });
    case 'dry run adding a column':
      return importJson(ctx, `d${round}`, countries(`d${round}`, 2, () => ({ color: 'red' })), { dryRun: true });
    case 'import adding an integer column':
      return importJson(ctx, `n${round}`, countries(`n${round}`, 2, (k) => ({ rank: k + 1 })));
    case 'staged undo':
      return undoBy(ctx, `b${round}`, true);
    case 'undo':
      return undoBy(ctx, `a${round}`, false);
    case 'bulk load': {
      const g: Graph = ownGraph(`k${round}`, 2);
      await ctx.store.bulkLoad({ nodes: g.nodes, edges: g.edges, documents: [], propertyTypes: {} });
      return;
    }
  }
}

export interface StoreState {
  counts: { nodes: number; edges: number };
  /** What readAll holds, counted: counts() must agree. */
  read: { nodes: number; edges: number };
  imports: Array<{ actor: string; status: string; counts: unknown }>;
  /** sha256 of every node and relationship, sorted by id. */
  content: string;
}

/** The store's content as comparable data (see the module header). */
export async function readState(store: GraphStore): Promise<StoreState> {
  const all = await store.readAll();
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const content = createHash('sha256').update(JSON.stringify([byId(all.nodes), byId(all.edges)])).digest('hex');
  const imports = (await store.listImports())
    .map((r) => ({ actor: r.actor, status: r.status, counts: r.counts }))
    .sort((a, b) => a.actor.localeCompare(b.actor));
  return { counts: await store.counts(), read: { nodes: all.nodes.length, edges: all.edges.length }, imports, content };
}
