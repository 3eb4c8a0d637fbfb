/**
 * Where the engine process's entry is and how to start it, whether the server runs from dist/ (npm start:
 * plain JavaScript), from the TypeScript sources (jest, through @swc/jest) or from a bundle (the bench,
 * built by esbuild into dist/bench): from sources the host is the .ts file next to this one, started with a
 * require hook that compiles TypeScript with @swc/core (register-ts.cjs); otherwise the compiled host.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../project-paths';

export interface HostLaunch {
  modulePath: string;
  execArgv: string[];
}

const COMPILED_HOST = path.join(PROJECT_ROOT, 'dist', 'server', 'stores', 'kuzu', 'engine-process', 'engine-host.js');

/**
 * glibc's malloc arenas the engine process may use when the environment does not say (MALLOC_ARENA_MAX).
 * Every embedded write opens two Databases (the copy, then the new generation) and closes one, and each
 * brings its own worker threads; with glibc's default (8 per core) the memory those threads allocate and
 * free stays in the arenas they used, fragmented, never returned. Measured here with bench/write-memory.mjs
 * (seed graph, 2 cores, 2026-12-05): 200 edits took the engine process from 419 MB to a plateau of about
 * 1,440 MB with the default, of about 420 MB with one arena (680 MB with two); reads were no slower with
 * one (docs/engines.md, "Memory of the engine process under many edits").
 */
export const ENGINE_MALLOC_ARENAS = '1';

/**
 * The engine process's environment: the server's, with MALLOC_ARENA_MAX set to ENGINE_MALLOC_ARENAS unless the
 * operator set it. glibc reads it when the process starts, which is why it is set here, at the fork.
 */
export function hostEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || ENGINE_MALLOC_ARENAS };
}

export function hostLaunch(): HostLaunch {
  if (__filename.endsWith('.ts')) {
    return { modulePath: path.join(__dirname, 'engine-host.ts'), execArgv: ['--require', path.join(__dirname, 'register-ts.cjs')] };
  }
  const sibling = path.join(__dirname, 'engine-host.js');
  if (existsSync(sibling)) return { modulePath: sibling, execArgv: [] };
  if (existsSync(COMPILED_HOST)) return { modulePath: COMPILED_HOST, execArgv: [] };
  throw new Error(`The engine process's entry was not found (looked for ${sibling} and ${COMPILED_HOST}): run npm run build:server.`);
}
