/**
 * Lets the engine process run from the TypeScript sources (jest runs the server from them): compiles each
 * required .ts file with @swc/core, the compiler jest already uses (jest.config.js), to CommonJS. Loaded
 * with `node --require` only when the host is started from a .ts file; the built app runs dist/ JavaScript.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, loaded by node --require before any TypeScript */
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
