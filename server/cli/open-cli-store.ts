/**
 * The store a CLI works on. A CLI is a short-lived process of its own, so it opens the embedded engine in
 * process (a crash ends the CLI, which says so by its exit status, and the folder's lock goes with it);
 * the server instead runs the engine in a supervised process (server/main.ts). Neo4j opens as the server's.
 */
import type { AppConfig } from '../config';
import { openStore } from '../main';
import type { GraphStore } from '../domain/ports/graph-store';
import { KuzuGraphStore } from '../stores/kuzu/kuzu-graph-store';

export async function openCliStore(config: AppConfig): Promise<GraphStore> {
  if (config.engine !== 'embedded') return openStore(config);
  return KuzuGraphStore.open({ dataDir: config.dataDir, bufferPoolBytes: config.engineMemoryMb * 2 ** 20, importBufferPoolBytes: config.importMemoryMb * 2 ** 20 });
}
