/**
 * `npm run export -- --format graphml --from dushanbe --to beijing --max-hops 3 -o paths.graphml`: exports a
 * selection of the configured engine's graph (config.ts, like `npm run seed`) to a file or to stdout. The
 * selection flags are those of GET /api/export, spelled as flags, plus --cypher for a read-only query.
 * A file is written under a temporary name and renamed when complete, so a failed export leaves no file
 * that looks whole. Exit codes: 0 done, 2 bad flags or selection, 1 anything else (engine, file system).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { openCliStore } from './open-cli-store';
import { DomainError } from '../domain/errors';
import { ExportRequestSchema, EXPORT_FORMATS, type ExportSelectionInput } from '../domain/export-request';
import { prepareExport } from '../domain/export-selection';
import { writerFor } from '../export/export-writer';
import { ExportQuerySchema, exportSelectionFromQuery, type ExportQuery } from '../http/request-schemas';
import { readVocabulary, SeedValidationError } from '../seed/seed-loader';
import { SEED_DIR } from '../project-paths';
import { DataDirLockedError } from '../stores/kuzu/data-dir-errors';

const USAGE = `Usage: npm run export -- --format <${EXPORT_FORMATS.join('|')}> [selection] [-o <file>]
Selection (one of; none exports the whole graph):
  --ids a,b,c                          those nodes and the relationships among them
  --focus <id> [--depth 1..3]          a neighbourhood (also --direction, --types, --categories, --year, --limit)
  --from <id> --to <id> [--max-hops 1..8]  the shortest paths (also --direction, --types, --categories, --year, --limit)
  --cypher "<read-only query>" [--params '{"k":1}']  the nodes and relationships the query returns
Output: -o <file>, or stdout when absent. Engine and data folder come from the environment (see README).`;

const FLAGS = {
  format: { type: 'string' },
  ids: { type: 'string' },
  focus: { type: 'string' },
  depth: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'max-hops': { type: 'string' },
  direction: { type: 'string' },
  types: { type: 'string' },
  categories: { type: 'string' },
  year: { type: 'string' },
  limit: { type: 'string' },
  cypher: { type: 'string' },
  params: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Query-parameter name -> flag name, to name the bad flag in messages. */
const FLAG_OF: Record<string, string> = { maxHops: 'max-hops' };
const flagName = (field: string): string => `--${FLAG_OF[field] ?? field}`;

/** A bad flag or selection: exit code 2, message naming the flag. */
class UsageError extends Error {}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, strip: string): string {
  return issues
    .map((i) => {
      const field = i.path.map(String).join('.');
      return `${flagName(field.startsWith(strip) ? field.slice(strip.length) : field || 'format')} ${i.message}`;
    })
    .join('; ');
}

function selectionOf(values: Record<string, string | boolean | undefined>): ExportSelectionInput {
  if (values.cypher !== undefined) {
    const others = Object.keys(values).filter((k) => !['cypher', 'params', 'format', 'output'].includes(k) && values[k] !== undefined);
    if (others.length > 0) throw new UsageError(`--cypher cannot be combined with ${others.map((k) => `--${k}`).join(', ')}`);
    let params: Record<string, unknown> | undefined;
    if (typeof values.params === 'string') {
      try {
        params = JSON.parse(values.params) as Record<string, unknown>;
      } catch {
        throw new UsageError('--params must be a JSON object, e.g. \'{"id":"dushanbe"}\'');
      }
    }
    return { kind: 'cypher', query: String(values.cypher), params };
  }
  if (values.params !== undefined) throw new UsageError('--params only goes with --cypher');
  const query: Record<string, string> = {};
  for (const [flag, value] of Object.entries(values)) {
    if (typeof value !== 'string' || flag === 'output' || flag === 'format') continue;
    query[flag === 'max-hops' ? 'maxHops' : flag] = value;
  }
  const parsed = ExportQuerySchema.safeParse(query);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues, ''));
  try {
    return exportSelectionFromQuery(parsed.data as ExportQuery, flagName);
  } catch (err) {
    if (err instanceof DomainError) throw new UsageError(err.message);
    throw err;
  }
}

/** Writes to a stream with backpressure; a stream error (a closed pipe) stops the export. */
async function writeAll(chunks: AsyncIterable<Uint8Array | string>, out: Writable): Promise<void> {
  let failure: Error | undefined;
  const onError = (err: Error): void => {
    failure = err;
  };
  out.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failure) throw failure;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
}

/** Writes to a file opened first (so a bad path fails at once), under a temporary name renamed when complete. */
async function writeFile(chunks: AsyncIterable<Uint8Array | string>, output: string): Promise<void> {
  const partial = `${output}.partial-${process.pid}`;
  const handle = await fs.open(partial, 'wx');
  try {
    try {
      for await (const chunk of chunks) await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk));
    } finally {
      await handle.close();
    }
    await fs.rename(partial, output);
  } catch (err) {
    await fs.rm(partial, { force: true });
    throw err;
  }
}

export interface CliIo {
  stdout: Writable;
  stderr: Pick<Writable, 'write'>;
  env: NodeJS.ProcessEnv;
}

/** Runs the export CLI with `argv` (without node and script); resolves to the exit code. */
export async function runExportCli(argv: string[], io: CliIo): Promise<number> {
  const fail = (code: number, message: string): number => {
    io.stderr.write(`${message}\n`);
    return code;
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    return fail(2, `${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let request;
  try {
    const parsed = ExportRequestSchema.safeParse({ format: values.format ?? 'json', selection: selectionOf(values) });
    if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues, 'selection.'));
    request = parsed.data;
  } catch (err) {
    if (err instanceof UsageError) return fail(2, `${err.message}\n${USAGE}`);
    throw err;
  }

  let store;
  try {
    const config = loadConfig(io.env);
    const vocabulary = await readVocabulary(SEED_DIR);
    store = await openCliStore(config);
    await store.init();
    const prepared = await prepareExport({ store, vocabulary, console: config.cypher }, request);
    const chunks = writerFor(prepared.format)(prepared.input);
    const output = typeof values.output === 'string' ? path.resolve(values.output) : undefined;
    if (!output) {
      await writeAll(chunks, io.stdout);
    } else {
      await writeFile(chunks, output);
      io.stderr.write(`Exported ${prepared.title} as ${prepared.format} to ${output}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      return fail(err.code === 'invalid_request' || err.code === 'query_rejected' || err.code === 'not_found' ? 2 : 1, err.message);
    }
    if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof SeedValidationError) return fail(1, err.message);
    return fail(1, `Export failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await store?.close();
  }
}

if (require.main === module) {
  runExportCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error('Export failed:', err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
