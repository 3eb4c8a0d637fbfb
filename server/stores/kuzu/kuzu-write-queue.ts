/**
 * The queue every write of a folder waits in. Kuzu allows one write transaction at a time, and each write
 * starts from the file the previous one left (it writes on a copy that is then swapped in, see
 * kuzu-file-swap.ts), so writes run one behind the other: the stores of one folder share the slot's queue,
 * a staging store (alone on its copy) has a queue of its own.
 */
export class KuzuWriteQueue {
  /** This store's last write, settled either way: close() waits for it. */
  private last: Promise<unknown> = Promise.resolve();

  /** `shared`: the folder's slot, whose chain every store on the folder extends; undefined for a staging store. */
  constructor(private readonly shared: { writeChain: Promise<unknown> } | undefined) {}

  /** Runs `write` after every write queued before it, on this store or another store of the folder. */
  enqueue<T>(write: () => Promise<T>): Promise<T> {
    const chain = this.shared ? this.shared.writeChain : this.last;
    const next = chain.then(write);
    const settled = next.catch(() => undefined);
    if (this.shared) this.shared.writeChain = settled;
    this.last = settled;
    return next;
  }

  /** Settles once this store's last queued write has, whether it succeeded or not. */
  settled(): Promise<unknown> {
    return this.last;
  }
}
