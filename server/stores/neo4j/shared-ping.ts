/**
 * One liveness round trip shared by the callers that wait for it together. /api/health pings Neo4j on
 * every call (it must answer 503 the moment Neo4j is gone); under load, a ping per call made health cost
 * a round trip and a session each. Here a call joins the next ping to start, never one already on the wire:
 * a ping sent before the call came in may have been answered by a Neo4j that has since gone, and a health
 * answer must say what Neo4j did after it was asked. So every answer still comes from a ping that started
 * after its call, and at most two pings are under way however many calls arrive.
 */
export class SharedPing {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  /** @param send one real round trip; resolves when Neo4j answered, rejects otherwise. */
  constructor(private readonly send: () => Promise<void>) {}

  /** Resolves (or rejects) with the first ping that starts after this call. */
  ping(): Promise<void> {
    if (!this.running) return this.start();
    // The ping under way may have been sent before this call: wait for it to end, then share the next one.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<void> {
    const ping = this.send().finally(() => {
      if (this.running === ping) this.running = undefined;
    });
    this.running = ping;
    return ping;
  }
}
