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

export function hostLaunch(): HostLaunch {
  if (__filename.endsWith('.ts')) {
    return { modulePath: path.join(__dirname, 'engine-host.ts'), execArgv: ['--require', path.join(__dirname, 'register-ts.cjs')] };
  }
  const sibling = path.join(__dirname, 'engine-host.js');
  if (existsSync(sibling)) return { modulePath: sibling, execArgv: [] };
  if (existsSync(COMPILED_HOST)) return { modulePath: COMPILED_HOST, execArgv: [] };
  throw new Error(`The engine process's entry was not found (looked for ${sibling} and ${COMPILED_HOST}): run npm run build:server.`);
}
