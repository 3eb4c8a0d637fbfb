/** Jest projects: one per test layer, so each can be run alone (npm run test:unit, test:int, ...). */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  // The console guard loads Neo4j's generated Cypher parser from its ES module build (server/domain/cypher-parser.ts);
  // Node requires it natively, jest's module system needs it as CommonJS.
  '/node_modules/@neo4j-cypher/language-support/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transformIgnorePatterns: ['/node_modules/(?!@neo4j-cypher/language-support/)'],
  ...extra,
});
module.exports = {
  projects: [
    project('unit', ['<rootDir>/tests/unit/**/*.test.ts']),
    project('contract', ['<rootDir>/tests/contract/**/*.test.ts']),
    project('integration', ['<rootDir>/tests/integration/**/*.int.test.ts']),
    project('e2e', ['<rootDir>/tests/e2e/**/*.e2e.test.ts']),
  ],
  testTimeout: 60000,
};
