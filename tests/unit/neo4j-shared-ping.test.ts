/**
 * How /api/health's liveness round trips to Neo4j are shared (server/stores/neo4j/shared-ping.ts): calls that
 * arrive together share one ping, and no call is answered by a ping that started before it arrived, so a
 * health call made after Neo4j went away never reports it alive. The "ping" here is a function whose
 * answers the test releases one by one: the sharing is what is under test, not the network.
 */
import { SharedPing } from '../../server/stores/neo4j/shared-ping';

/** A ping function whose calls stay pending until the test settles them, in order. */
function controlledPings(): { send: () => Promise<void>; sent: () => number; settle: (ok: boolean) => Promise<void> } {
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let sent = 0;
  return {
    send: () => {
      sent += 1;
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
    sent: () => sent,
    settle: async (ok) => {
      const next = pending.shift();
      if (!next) throw new Error('no ping is pending');
      if (ok) next.resolve();
      else next.reject(new Error('Neo4j is unreachable'));
      // Lets the promise chains that follow a settled ping run.
      for (let i = 0; i < 10; i += 1) await Promise.resolve();
    },
  };
}

test('calls that arrive while a ping is under way share the one ping after it, not the one already sent', async () => {
  const pings = controlledPings();
  const shared = new SharedPing(pings.send);
  const first = shared.ping();
  const later = [shared.ping(), shared.ping(), shared.ping()];
  expect(pings.sent()).toBe(1);
  await pings.settle(true);
  await expect(first).resolves.toBeUndefined();
  // The later calls wait for a ping of their own, sent once the first ended: one for all three.
  expect(pings.sent()).toBe(2);
  await pings.settle(false);
  for (const call of later) await expect(call).rejects.toThrow('Neo4j is unreachable');
  expect(pings.sent()).toBe(2);
});

test('a failed ping is answered to its callers only, and the next call sends a new ping', async () => {
  const pings = controlledPings();
  const shared = new SharedPing(pings.send);
  const failing = shared.ping();
  await pings.settle(false);
  await expect(failing).rejects.toThrow('Neo4j is unreachable');
  const next = shared.ping();
  expect(pings.sent()).toBe(2);
  await pings.settle(true);
  await expect(next).resolves.toBeUndefined();
});
