/**
 * `npm run import -- <files...> [--dry-run] [--actor name]`: validates the files (every problem listed with
 * file, row and field) and imports them in one transaction; progress goes to stderr, the summary to
 * stdout as JSON. `--list` prints the import log; `--undo <importId>` undoes one import.
 * Exits 1 with a message naming the problem; nothing is written when anything is wrong.
 * Large imports (IMPORT_STAGED_FROM records, default 50,000) are staged: see domain/import-graph.ts.
 */
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { openCliStore } from './open-cli-store';
import { importGraph, ImportValidationError, listImports, undoImport, type ImportProgress } from '../domain/import-graph';
import { readVocabulary, SeedValidationError } from '../seed/seed-loader';
import { DomainError } from '../domain/errors';
import { DataDirLockedError } from '../stores/kuzu/data-dir-errors';


interface Args {
  files: string[];
  dryRun: boolean;
  list: boolean;
  undo?: string;
  actor: string;
}

const USAGE = 'usage: npm run import -- <files...> [--dry-run] [--actor name] | --list | --undo <importId>';

function parseArgs(argv: string[]): Args {
  const args: Args = { files: [], dryRun: false, list: false, actor: `${os.userInfo().username}@cli` };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--list') args.list = true;
    else if (a === '--undo') args.undo = argv[++i];
    else if (a === '--actor') args.actor = argv[++i] ?? args.actor;
    else if (a === '--help' || a === '-h') throw new ConfigError(USAGE);
    else if (a.startsWith('--')) throw new ConfigError(`unknown option ${a}\n${USAGE}`);
    else args.files.push(a);
  }
  if (args.undo === undefined && !args.list && args.files.length === 0) throw new ConfigError(USAGE);
  if (args.undo !== undefined && args.undo === '') throw new ConfigError('--undo needs an import id (see --list)');
  return args;
}

let lastStep = '';
let lastAt = 0;

/** One line on stderr (rewritten in place on a terminal): when a step starts, then at most twice a second. */
function progress(p: ImportProgress): void {
  const step = `${p.phase} ${p.section}`;
  if (step === lastStep && Date.now() - lastAt < 500) return;
  lastStep = step;
  lastAt = Date.now();
  const line = `${p.phase === 'validate' ? 'checking' : 'writing'} ${p.section}s: ${p.rows.toLocaleString('en')} rows`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}\u001b[K`);
  else process.stderr.write(`${line}\n`);
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const store = await openCliStore(config);
  try {
    await store.init();
    if (args.list) {
      console.log(JSON.stringify({ imports: await listImports(store) }, null, 2));
      return;
    }
    if (args.undo !== undefined) {
      console.log(JSON.stringify(await undoImport(store, args.undo, { actor: args.actor, stagedFromRecords: config.importStagedFrom }), null, 2));
      return;
    }
    const vocabulary = await readVocabulary(process.env.SEED_DIR);
    const files = args.files.map((f) => ({ name: path.basename(f), path: path.resolve(f) }));
    const summary = await importGraph(store, files, {
      actor: args.actor,
      dryRun: args.dryRun,
      vocabulary,
      onProgress: progress,
      stagedFromRecords: config.importStagedFrom,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (err instanceof ImportValidationError) console.error(`${err.message}\n${err.describe()}`);
  else if (err instanceof ConfigError || err instanceof SeedValidationError || err instanceof DataDirLockedError || err instanceof DomainError) {
    console.error(err.message);
  } else console.error('Import failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
