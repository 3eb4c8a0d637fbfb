/**
 * A TCP proxy a test can cut and restore, standing between the app and Neo4j to play "Neo4j killed
 * mid-traffic and back again" without owning the Neo4j process. It counts every connection attempt, so a
 * test can tell whether the app tried to reach Neo4j at all (e.g. while it knows Neo4j is down).
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections the app opened to the proxy since it started, whether forwarded or dropped. */
  readonly attempts: number;
  /** Drops every open connection and resets new ones at once, as a dead server would. */
  cut(): Promise<void>;
  /** Forwards new connections again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let forwarding = true;
  let attempts = 0;
  // The port stays open while cut, so attempts can be counted; each one is reset before any byte is read.
  const server = net.createServer((client) => {
    attempts += 1;
    if (!forwarding) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    get attempts() {
      return attempts;
    },
    cut: async () => {
      forwarding = false;
      dropAll();
    },
    restore: async () => {
      forwarding = true;
    },
    close: async () => {
      forwarding = false;
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
