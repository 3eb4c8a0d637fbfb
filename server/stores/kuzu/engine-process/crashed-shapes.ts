/**
 * The console query shapes that stopped the engine, kept in memory and in DATA_DIR/crashed-queries.json so
 * that a restart of the app keeps refusing them. Attribution follows what was running when the engine
 * died: one console query alone is the cause and is refused at once; among several, each is a suspect,
 * and a shape suspected twice is refused.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const CRASHED_QUERIES_FILE = 'crashed-queries.json';
/** Times a shape may be among several suspects of a crash before it is refused. */
const SUSPICIONS_TO_REFUSE = 2;

interface StoredShapes {
  version: 1;
  /** Shape -> when it was refused. */
  refused: Record<string, string>;
  /** Shape -> crashes it was a suspect of, while not yet refused. */
  suspects: Record<string, number>;
}

export class CrashedShapes {
  private readonly refused = new Map<string, string>();
  private readonly suspects = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  /** Reads the folder's list; a missing file is an empty list, an unreadable one is reported and kept aside. */
  static async load(dataDir: string, log?: (message: string) => void): Promise<CrashedShapes> {
    const shapes = new CrashedShapes(path.join(dataDir, CRASHED_QUERIES_FILE));
    let text: string;
    try {
      text = await fs.readFile(shapes.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return shapes;
      throw err;
    }
    try {
      const stored = JSON.parse(text) as Partial<StoredShapes>;
      for (const [shape, at] of Object.entries(stored.refused ?? {})) shapes.refused.set(shape, String(at));
      for (const [shape, count] of Object.entries(stored.suspects ?? {})) shapes.suspects.set(shape, Number(count) || 0);
    } catch {
      log?.(`${shapes.file} is not valid JSON: starting with no refused query shapes (the file is left as it is).`);
    }
    return shapes;
  }

  get size(): number {
    return this.refused.size;
  }

  isRefused(shape: string): boolean {
    return this.refused.has(shape);
  }

  /** Books one crash with the console query shapes that were running; resolves once the list is saved. */
  recordCrash(running: readonly string[]): Promise<void> {
    const distinct = [...new Set(running)];
    if (distinct.length === 0) return this.saving;
    const at = new Date().toISOString();
    if (running.length === 1) {
      this.refuse(distinct[0] as string, at);
    } else {
      for (const shape of distinct) {
        const count = (this.suspects.get(shape) ?? 0) + 1;
        if (count >= SUSPICIONS_TO_REFUSE) this.refuse(shape, at);
        else this.suspects.set(shape, count);
      }
    }
    return this.save();
  }

  private refuse(shape: string, at: string): void {
    this.suspects.delete(shape);
    if (!this.refused.has(shape)) this.refused.set(shape, at);
  }

  /** Writes a temporary file and renames it over the list, so a crash leaves the old list or the new one. */
  private save(): Promise<void> {
    const stored: StoredShapes = { version: 1, refused: Object.fromEntries(this.refused), suspects: Object.fromEntries(this.suspects) };
    const text = `${JSON.stringify(stored, null, 2)}\n`;
    // After the previous write whatever its outcome: one failed write must not stop the later ones.
    this.saving = this.saving.catch(() => undefined).then(async () => {
      const temp = `${this.file}.tmp`;
      await fs.writeFile(temp, text);
      await fs.rename(temp, this.file);
    });
    return this.saving;
  }
}
