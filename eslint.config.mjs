// Lint rules: typescript-eslint's recommended set on every TypeScript file, plus the layering rules of
// STYLE.md (engine drivers only inside their adapter folders, main.ts and test support).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'artifacts/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'neo4j-driver', message: 'neo4j-driver belongs in server/stores/neo4j/ only.' },
          { name: 'kuzu', message: 'kuzu belongs in server/stores/kuzu/ only.' },
        ],
      }],
    },
  },
  {
    files: ['server/stores/neo4j/**', 'server/stores/kuzu/**', 'server/main.ts', 'tests/support/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
);
