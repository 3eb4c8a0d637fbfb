/**
 * The environment, validated once at start-up with zod. A bad value stops start-up with a message that
 * names the variable; nothing downstream reads process.env.
 */
import { z } from 'zod';
import { DEFAULT_EVIDENCE_HORIZON_YEARS, MAX_EVIDENCE_HORIZON_YEARS, MIN_EVIDENCE_HORIZON_YEARS } from './domain/validity';
import { STAGED_FROM_RECORDS } from './domain/import-model';

/**
 * ENGINE_MEMORY_MB's floor. Measured with kuzu 0.11.3: at 16, 32 and 64 MB loading the seed graph (a write, which
 * uses this pool too) fails with "the buffer pool is full"; at 128 it loads and small reads answer.
 */
export const ENGINE_MEMORY_MIN_MB = 128;

const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A whole number from an environment string, with a message that says what is expected. */
const wholeNumber = (min: number, max: number, what: string) => {
  const message = `must be ${what}: a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

// A bearer token: long enough not to be guessed, and only characters that survive an HTTP header intact.
const tokenSchema = z
  .string()
  .min(24, 'must be at least 24 characters (e.g. `openssl rand -hex 24`)')
  .max(512, 'must be at most 512 characters')
  .regex(/^[A-Za-z0-9._~+/=-]+$/, 'may only contain letters, digits and . _ ~ + / = -');

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

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
    CYPHER_MAX_GRAPH_NODES: z.preprocess(emptyToUndefined, wholeNumber(1, 100_000, 'a node count').default(2_000)),
    // 'off' lets queries of the shapes that crash the embedded engine reach it (its supervisor restarts it): for
    // testing that supervisor, or for a user who needs a refused query and accepts a restart per crash.
    CYPHER_CRASH_RULES: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
    ADMIN_TOKEN: z.preprocess(emptyToUndefined, tokenSchema.optional()),
    READ_TOKEN: z.preprocess(emptyToUndefined, tokenSchema.optional()),
    CORS_ORIGINS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o.length > 0))
        .refine((origins) => origins.every(isOrigin), 'must be a comma-separated list of origins such as https://example.org or http://localhost:5173')
        .optional(),
    ),
    RATE_LIMIT_WINDOW_MS: z.preprocess(emptyToUndefined, wholeNumber(1_000, 3_600_000, 'milliseconds').default(60_000)),
    RATE_LIMIT_CYPHER: z.preprocess(emptyToUndefined, wholeNumber(1, 1_000_000, 'a request count').default(60)),
    RATE_LIMIT_EXPORT: z.preprocess(emptyToUndefined, wholeNumber(1, 1_000_000, 'a request count').default(10)),
    RATE_LIMIT_GRAPH: z.preprocess(emptyToUndefined, wholeNumber(1, 1_000_000, 'a request count').default(600)),
    TRUST_PROXY: z.preprocess(emptyToUndefined, wholeNumber(0, 10, 'a count of proxy hops').default(0)),
    IMPORT_STAGED_FROM: z.preprocess(emptyToUndefined, wholeNumber(0, 1_000_000_000, 'a record count').default(STAGED_FROM_RECORDS)),
    IMPORT_MEMORY_MB: z.preprocess(emptyToUndefined, wholeNumber(64, 1_048_576, 'megabytes').default(2048)),
    // The embedded engine's buffer pool: every read's pages and its joins', sorts' and aggregates' memory, and app writes.
    ENGINE_MEMORY_MB: z.preprocess(emptyToUndefined, wholeNumber(ENGINE_MEMORY_MIN_MB, 1_048_576, 'megabytes').default(512)),
    // Unset: Kuzu's own default (every core per query). 1 gave ~1.3x the neighbourhood answers per second at 1M
    // (docs/performance.md, 2026-12-05); exports and console scans were not measured with it.
    KUZU_QUERY_THREADS: z.preprocess(emptyToUndefined, wholeNumber(1, 64, 'a thread count').optional()),
    // 'auto': on for the embedded engine (the app is its only writer), off on Neo4j, which others may write.
    GRAPH_INDEX: z.preprocess(emptyToUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
    GRAPH_INDEX_MAX_AGE_MS: z.preprocess(emptyToUndefined, wholeNumber(0, 86_400_000, 'milliseconds').default(60_000)),
    // 'auto': on for the embedded engine (the app is its only writer), off on Neo4j, which others may write
    // (on there, answers are also recomputed after GRAPH_INDEX_MAX_AGE_MS).
    READ_CACHE: z.preprocess(emptyToUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
    READ_CACHE_MB: z.preprocess(emptyToUndefined, wholeNumber(0, 65_536, 'megabytes').default(64)),
    EVENT_LOOP_LOG_MS: z.preprocess(emptyToUndefined, wholeNumber(0, 3_600_000, 'milliseconds').default(0)),
    READ_CACHE_RECORDS: z.preprocess(emptyToUndefined, wholeNumber(0, 10_000_000, 'a record count').default(50_000)),
    EVIDENCE_HORIZON_YEARS: z.preprocess(
      emptyToUndefined,
      wholeNumber(MIN_EVIDENCE_HORIZON_YEARS, MAX_EVIDENCE_HORIZON_YEARS, 'a number of years').default(DEFAULT_EVIDENCE_HORIZON_YEARS),
    ),
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
  cypher: { timeoutMs: number; maxRows: number; maxGraphNodes: number; crashRules: boolean };
  /** Imports (and undos) of at least this many records are staged: see domain/import-graph.ts. */
  importStagedFrom: number;
  /** Buffer pool of a staged import on the embedded engine, in MB (its relationships are copied pair by pair). */
  importMemoryMb: number;
  /** Buffer pool of the embedded engine's database in use, in MB (ENGINE_MEMORY_MB): every read's pages are pinned there. */
  engineMemoryMb: number;
  /** Threads one embedded-engine query may use; undefined: Kuzu's default. */
  kuzuQueryThreads?: number;
  /** Years a claim holds past its latest evidence unless it ends or is reconfirmed (domain/validity.ts). */
  evidenceHorizon: number;
  /** The in-memory graph index for traversals (stores/graph-index/); maxAgeMs 0: only app writes make it stale. */
  graphIndex: { enabled: boolean; maxAgeMs: number };
  /** Read answers kept per graph stamp (http/answer-cache.ts, domain/console-answers.ts); maxBytes 0: off. */
  readCache: { maxBytes: number; maxAgeMs: number };
  /** Node and relationship records kept per kind per graph stamp (stores/record-cache/); maxRecords 0: off. */
  recordCache: { maxRecords: number; maxAgeMs: number };
  /** Log the event loop's delay this often (server/event-loop-stats.ts); 0: off. */
  eventLoopLogMs: number;
  security: SecurityConfig;
}

export interface SecurityConfig {
  /** Bearer token that write routes require; without it they are off. */
  adminToken?: string;
  /** Bearer token that read routes require when set (the admin token is accepted too). */
  readToken?: string;
  /** Origins allowed to call the API from a browser; none means CORS stays closed. */
  corsOrigins: string[];
  rateLimit: { windowMs: number; cypher: number; export: number; graph: number };
  /** Proxy hops to trust for the client address (rate limits count per client). */
  trustProxy: number;
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
      return `  ${name}${value !== undefined && !/PASSWORD|TOKEN/.test(name) ? ` ("${value}")` : ''}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const engine = e.GRAPH_ENGINE ?? (e.NEO4J_URI ? 'neo4j' : 'embedded');
  const readCacheOn = e.READ_CACHE === 'on' || (e.READ_CACHE === 'auto' && engine === 'embedded');
  // The embedded engine is written only through the app; on Neo4j kept reads age out like the graph index.
  const readCacheMaxAgeMs = engine === 'neo4j' ? e.GRAPH_INDEX_MAX_AGE_MS : 0;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    engine,
    neo4j: e.NEO4J_URI
      ? { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD ?? '', database: e.NEO4J_DATABASE }
      : undefined,
    seedOnStart: e.SEED_ON_START === 'auto',
    cypher: { timeoutMs: e.CYPHER_TIMEOUT_MS, maxRows: e.CYPHER_MAX_ROWS, maxGraphNodes: e.CYPHER_MAX_GRAPH_NODES, crashRules: e.CYPHER_CRASH_RULES === 'on' },
    importStagedFrom: e.IMPORT_STAGED_FROM,
    importMemoryMb: e.IMPORT_MEMORY_MB,
    engineMemoryMb: e.ENGINE_MEMORY_MB,
    kuzuQueryThreads: e.KUZU_QUERY_THREADS,
    evidenceHorizon: e.EVIDENCE_HORIZON_YEARS,
    graphIndex: {
      enabled: e.GRAPH_INDEX === 'on' || (e.GRAPH_INDEX === 'auto' && engine === 'embedded'),
      // The embedded engine is written only through the app: its index is stale only after an app write.
      maxAgeMs: engine === 'neo4j' ? e.GRAPH_INDEX_MAX_AGE_MS : 0,
    },
    readCache: { maxBytes: readCacheOn ? e.READ_CACHE_MB * 2 ** 20 : 0, maxAgeMs: readCacheMaxAgeMs },
    recordCache: { maxRecords: readCacheOn ? e.READ_CACHE_RECORDS : 0, maxAgeMs: readCacheMaxAgeMs },
    eventLoopLogMs: e.EVENT_LOOP_LOG_MS,
    security: {
      adminToken: e.ADMIN_TOKEN,
      readToken: e.READ_TOKEN,
      corsOrigins: e.CORS_ORIGINS ?? [],
      rateLimit: { windowMs: e.RATE_LIMIT_WINDOW_MS, cypher: e.RATE_LIMIT_CYPHER, export: e.RATE_LIMIT_EXPORT, graph: e.RATE_LIMIT_GRAPH },
      trustProxy: e.TRUST_PROXY,
    },
  };
}
