/** Test support: counts transactions running on a Neo4j server whose query text contains a marker. */
import neo4j from 'neo4j-driver';

export interface TransactionWatcher {
  running(marker: string): Promise<number>;
  close(): Promise<void>;
}

export function watchNeo4jTransactions(settings: { uri: string; user: string; password: string; database: string }): TransactionWatcher {
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
  return {
    running: async (marker) => {
      const session = driver.session({ database: settings.database });
      try {
        // The marker is a parameter here, so this query's own text never matches it.
        const result = await session.run(
          'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS n',
          { marker },
        );
        return Number(result.records[0]?.get('n') ?? 0);
      } finally {
        await session.close();
      }
    },
    close: () => driver.close(),
  };
}
