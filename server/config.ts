/**
 * The environment, validated once at start-up with zod. A bad value stops start-up with a message that
 * names the variable; nothing downstream reads process.env.
 */
import { z } from 'zod';

const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A whole number from an environment string, with a message that says what is expected. */
const wholeNumber = (min: number, max: number, what: string) => {
  const message = `must be ${what}: a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

const EnvSchema = z
  .object({
    PORT: z.preprocess(emptyToUndefined, wholeNumber(0, 65535, 'a port number').default(3000)),
    HOST: z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1')),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().min(1).default('./data')),
    GRAPH_ENGINE: z.preprocess(emptyToUndefined, z.enum(['embedded', 'neo4j']).optional()),
    NEO4J_URI: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((v) => {
          try {
            return NEO4J_SCHEMES.includes(new URL(v).protocol);
          } catch {
            return false;
          }
        }, `must be a URI with one of the schemes ${NEO4J_SCHEMES.map((s) => s + '//').join(', ')}`)
        .optional(),
    ),
    NEO4J_USER: z.preprocess(emptyToUndefined, z.string().default('neo4j')),
    NEO4J_PASSWORD: z.preprocess(emptyToUndefined, z.string().optional()),
    NEO4J_DATABASE: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9.\-_]+$/).default('neo4j')),
    SEED_ON_START: z.preprocess(emptyToUndefined, z.enum(['auto', 'never']).default('auto')),
    CYPHER_TIMEOUT_MS: z.preprocess(emptyToUndefined, wholeNumber(100, 600_000, 'milliseconds').default(10_000)),
    CYPHER_MAX_ROWS: z.preprocess(emptyToUndefined, wholeNumber(1, 1_000_000, 'a row count').default(1_000)),
  })
  .superRefine((env, ctx) => {
    if (env.GRAPH_ENGINE === 'neo4j' && !env.NEO4J_URI) {
      ctx.addIssue({ code: 'custom', path: ['NEO4J_URI'], message: 'is required when GRAPH_ENGINE is neo4j' });
    }
  });

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  engine: 'embedded' | 'neo4j';
  neo4j?: { uri: string; user: string; password: string; database: string };
  seedOnStart: boolean;
  cypher: { timeoutMs: number; maxRows: number; maxGraphNodes: number };
}

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. @throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const value = env[name];
      return `  ${name}${value !== undefined && !/PASSWORD/.test(name) ? ` ("${value}")` : ''}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const engine = e.GRAPH_ENGINE ?? (e.NEO4J_URI ? 'neo4j' : 'embedded');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    engine,
    neo4j: e.NEO4J_URI
      ? { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD ?? '', database: e.NEO4J_DATABASE }
      : undefined,
    seedOnStart: e.SEED_ON_START === 'auto',
    cypher: { timeoutMs: e.CYPHER_TIMEOUT_MS, maxRows: e.CYPHER_MAX_ROWS, maxGraphNodes: 2_000 },
  };
}
