/**
 * A real Cypher parser for the console guard: the ANTLR parser that Neo4j generates from its own Cypher
 * grammar, shipped inside `@neo4j-cypher/language-support`. That package's public entry is a 20 MB
 * bundle (language server, linter, a Scala.js semantic analyser) that takes about 2 s and 280 MB to load;
 * the generated lexer and parser alone load in about 0.2 s and 45 MB. So this module loads only those two
 * files, from the package's ES module build (Node >= 20.19 can `require` ES modules; jest transforms them,
 * see jest.config.js). The path is internal to the package, so its version is pinned in package.json and
 * the guard's tests fail loudly if it moves.
 */
import path from 'node:path';

/** The token fields the guard reads (offsets into the query, inclusive). */
export interface Token {
  readonly start: number;
  readonly stop: number;
  readonly text?: string | undefined;
}

/** A node of the parse tree, as much of it as the guard reads (rule contexts and terminals alike). */
export interface CypherTreeNode {
  /** Set on rule contexts, absent on terminals. */
  readonly ruleIndex?: number;
  readonly children?: readonly CypherTreeNode[] | null;
  /** Set on terminals: the token. */
  readonly symbol?: Token;
  readonly start?: Token | null;
  readonly stop?: Token | null;
  getText(): string;
}

export interface CypherSyntaxError {
  line: number;
  column: number;
  offset: number;
  message: string;
  /** The text of the token the parser stumbled on, when there is one. */
  token?: string;
}

export interface ParsedCypher {
  tree: CypherTreeNode;
  ruleNames: readonly string[];
  errors: CypherSyntaxError[];
}

/** antlr4ng's error listener interface (ANTLRErrorListener), as plain functions. */
interface ErrorListener {
  syntaxError(recognizer: unknown, offendingSymbol: Token | null, line: number, column: number, message: string): void;
  reportAmbiguity(): void;
  reportAttemptingFullContext(): void;
  reportContextSensitivity(): void;
}

interface Recognizer {
  removeErrorListeners(): void;
  addErrorListener(listener: ErrorListener): void;
}

interface GeneratedParser extends Recognizer {
  readonly ruleNames: string[];
  statementsOrCommands(): CypherTreeNode;
}

interface ParserModules {
  fromString(query: string): unknown;
  TokenStream: new (lexer: Recognizer) => unknown;
  Lexer: new (input: unknown) => Recognizer;
  Parser: new (input: unknown) => GeneratedParser;
}

let modules: ParserModules | undefined;

function loadModules(): ParserModules {
  if (!modules) {
    const entry = require.resolve('@neo4j-cypher/language-support');
    const dir = path.join(path.dirname(entry), '..', 'esm', 'project', 'language-support', 'src', 'generated-parser');
    // Loaded by path on purpose (the package does not export these files); types are declared above.
    // antlr4ng is required, not imported: its typings are ES-module only, and only these two members are used.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const antlr = require('antlr4ng') as { CharStream: { fromString(s: string): unknown }; CommonTokenStream: ParserModules['TokenStream'] };
    const lexer = require(path.join(dir, 'CypherCmdLexer.js')) as { CypherCmdLexer: ParserModules['Lexer'] };
    const parser = require(path.join(dir, 'CypherCmdParser.js')) as { CypherCmdParser: ParserModules['Parser'] };
    /* eslint-enable @typescript-eslint/no-require-imports */
    modules = {
      fromString: (q) => antlr.CharStream.fromString(q),
      TokenStream: antlr.CommonTokenStream,
      Lexer: lexer.CypherCmdLexer,
      Parser: parser.CypherCmdParser,
    };
  }
  return modules;
}

function collectingListener(errors: CypherSyntaxError[]): ErrorListener {
  return {
    syntaxError: (_recognizer, offendingSymbol, line, column, message) => {
      errors.push({ line, column: column + 1, offset: offendingSymbol?.start ?? 0, message, token: offendingSymbol?.text ?? undefined });
    },
    reportAmbiguity: () => undefined,
    reportAttemptingFullContext: () => undefined,
    reportContextSensitivity: () => undefined,
  };
}

/** Parses Cypher text into a tree with Neo4j's grammar; syntax errors are collected, not thrown. */
export function parseCypher(query: string): ParsedCypher {
  const { fromString, TokenStream, Lexer, Parser } = loadModules();
  const errors: CypherSyntaxError[] = [];
  const listener = collectingListener(errors);
  const lexer = new Lexer(fromString(query));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const parser = new Parser(new TokenStream(lexer));
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  const tree = parser.statementsOrCommands();
  return { tree, ruleNames: parser.ruleNames, errors };
}

/** Loads the parser and runs it once, so the first console query does not pay ANTLR's warm-up. */
export function warmUpCypherParser(): void {
  parseCypher('MATCH (n)-[r]->(m) WHERE n.id = $id RETURN n, count(r) ORDER BY n.name LIMIT 1');
}
