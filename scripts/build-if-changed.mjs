/**
 * What `npm start` runs before the server: builds the server (tsc) and the client bundle (esbuild) only
 * when their inputs changed since the last build, so a restart of a built checkout costs no build at all
 * (a full build is about 15 s on a quiet 2-core machine, a minute on a busy one).
 *
 * "Changed" is by content, not by time: a SHA-256 over every input file's path and bytes, kept in
 * dist/.build-inputs.json after a successful build. Content hashes survive a fresh clone or a `git
 * checkout` (which resets file times) and cost about 50 ms for the whole tree. A missing output counts as
 * changed, so deleting dist/ always rebuilds. `npm run build` still builds everything unconditionally.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', '.build-inputs.json');

/** The builds, each with what it reads and the file whose absence means it never ran. */
const TARGETS = [
  {
    name: 'server',
    inputs: ['server', 'tsconfig.base.json', 'tsconfig.build.json', 'package-lock.json'],
    output: join('dist', 'server', 'main.js'),
    command: [process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']],
  },
  {
    name: 'client',
    // The client imports the wire model from server/domain (types and zod schemas).
    inputs: ['client', join('server', 'domain'), join('scripts', 'build-client.mjs'), 'package-lock.json'],
    output: join('dist', 'client', 'index.html'),
    command: [process.execPath, [join(root, 'scripts', 'build-client.mjs')]],
  },
];

/** Every file under `entry` (a file or a folder), as paths relative to the project; none if it is missing. */
function filesOf(entry) {
  const full = join(root, entry);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [entry];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
}

function hashInputs(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(filesOf).sort()) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamps() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

const stamps = readStamps();
for (const target of TARGETS) {
  const digest = hashInputs(target.inputs);
  if (stamps[target.name] === digest && existsSync(join(root, target.output))) {
    console.log(`${target.name}: up to date, not rebuilt`);
    continue;
  }
  console.log(`${target.name}: building`);
  const [command, args] = target.command;
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
  stamps[target.name] = digest;
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify(stamps, null, 2)}\n`);
}
