import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  test('defaults to the embedded engine on 127.0.0.1:3000 with ./data', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: './data', engine: 'embedded' });
  });

  test('chooses Neo4j when NEO4J_URI is set, with routing and secure schemes', () => {
    for (const uri of ['bolt://localhost:7687', 'neo4j://cluster:7687', 'neo4j+s://abc.databases.neo4j.io']) {
      expect(loadConfig({ NEO4J_URI: uri, NEO4J_PASSWORD: 'pw' })).toMatchObject({ engine: 'neo4j', neo4j: { uri, user: 'neo4j', database: 'neo4j' } });
    }
  });

  test('a staged import gets a 2 GB buffer pool unless IMPORT_MEMORY_MB says otherwise', () => {
    expect(loadConfig({}).importMemoryMb).toBe(2048);
    expect(loadConfig({ IMPORT_MEMORY_MB: '4096' }).importMemoryMb).toBe(4096);
  });

  test("the embedded engine's buffer pool is 512 MB unless ENGINE_MEMORY_MB says otherwise", () => {
    expect(loadConfig({}).engineMemoryMb).toBe(512);
    expect(loadConfig({ ENGINE_MEMORY_MB: '1024' }).engineMemoryMb).toBe(1024);
  });

  test("embedded queries use Kuzu's own thread count unless KUZU_QUERY_THREADS says otherwise", () => {
    expect(loadConfig({}).kuzuQueryThreads).toBeUndefined();
    expect(loadConfig({ KUZU_QUERY_THREADS: '1' }).kuzuQueryThreads).toBe(1);
  });

  test('GRAPH_ENGINE=embedded wins over a NEO4J_URI', () => {
    expect(loadConfig({ NEO4J_URI: 'bolt://x:7687', GRAPH_ENGINE: 'embedded' }).engine).toBe('embedded');
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ GRAPH_ENGINE: 'postgres' }, 'GRAPH_ENGINE'],
    [{ NEO4J_URI: 'http://localhost:7474' }, 'NEO4J_URI'],
    [{ GRAPH_ENGINE: 'neo4j' }, 'NEO4J_URI'],
    [{ NEO4J_DATABASE: 'bad name;' }, 'NEO4J_DATABASE'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ READ_TOKEN: 'has spaces in it which headers mangle' }, 'READ_TOKEN'],
    [{ CORS_ORIGINS: 'https://ok.example,not an origin' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://example.org/path' }, 'CORS_ORIGINS'],
    [{ RATE_LIMIT_CYPHER: '0' }, 'RATE_LIMIT_CYPHER'],
    [{ RATE_LIMIT_WINDOW_MS: 'soon' }, 'RATE_LIMIT_WINDOW_MS'],
    [{ IMPORT_MEMORY_MB: '16' }, 'IMPORT_MEMORY_MB'],
    [{ IMPORT_MEMORY_MB: 'lots' }, 'IMPORT_MEMORY_MB'],
    [{ ENGINE_MEMORY_MB: '64' }, 'ENGINE_MEMORY_MB'],
    [{ ENGINE_MEMORY_MB: '1.5' }, 'ENGINE_MEMORY_MB'],
    [{ KUZU_QUERY_THREADS: '0' }, 'KUZU_QUERY_THREADS'],
  ])('a bad value stops start-up naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}`));
  });

  test('a password never appears in the error', () => {
    expect(() => loadConfig({ NEO4J_URI: 'ftp://x', NEO4J_PASSWORD: 'secret' })).not.toThrow(/secret/);
  });

  test('a token never appears in the error either', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'tooshort-secret' })).not.toThrow(/tooshort-secret/);
  });

  test('security settings default to closed CORS, no tokens and modest rate limits', () => {
    expect(loadConfig({}).security).toEqual({
      adminToken: undefined,
      readToken: undefined,
      corsOrigins: [],
      rateLimit: { windowMs: 60_000, cypher: 60, export: 10, graph: 600 },
      trustProxy: 0,
    });
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , http://localhost:5173 ' }).security.corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });

  test('the graph index is on for the embedded engine and off on Neo4j unless GRAPH_INDEX says otherwise', () => {
    const neo4j = { NEO4J_URI: 'bolt://localhost:7687', NEO4J_PASSWORD: 'pw' };
    expect(loadConfig({}).graphIndex).toEqual({ enabled: true, maxAgeMs: 0 });
    expect(loadConfig(neo4j).graphIndex).toEqual({ enabled: false, maxAgeMs: 60_000 });
    expect(loadConfig({ ...neo4j, GRAPH_INDEX: 'on', GRAPH_INDEX_MAX_AGE_MS: '0' }).graphIndex).toEqual({ enabled: true, maxAgeMs: 0 });
    expect(loadConfig({ GRAPH_INDEX: 'off' }).graphIndex.enabled).toBe(false);
    expect(() => loadConfig({ GRAPH_INDEX: 'sometimes' })).toThrow(/GRAPH_INDEX/);
    expect(() => loadConfig({ GRAPH_INDEX_MAX_AGE_MS: '-5' })).toThrow(/GRAPH_INDEX_MAX_AGE_MS/);
  });
});
