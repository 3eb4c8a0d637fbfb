/**
 * The JSON files a bulk load hands to Kuzu's COPY: written a bounded chunk at a time, one row's text built
 * without a row object per record.
 */
import { promises as fs } from 'node:fs';
import type { PropertyValue } from '../../domain/graph-model';

const JSON_ROWS_PER_WRITE = 5_000;

/** Writes rows as one JSON array, a bounded chunk at a time so a large load neither balloons nor stalls. */
export async function writeJsonRows<T>(file: string, items: readonly T[], toJson: (item: T) => string): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    for (let i = 0; i < items.length; i += JSON_ROWS_PER_WRITE) {
      const end = Math.min(items.length, i + JSON_ROWS_PER_WRITE);
      let text = i === 0 ? '[' : ',';
      for (let j = i; j < end; j += 1) text += (j === i ? '' : ',\n') + toJson(items[j] as T);
      await handle.write(text);
    }
    await handle.write(items.length === 0 ? '[]' : ']');
  } finally {
    await handle.close();
  }
}

/**
 * The JSON text of one COPY row: `head` (already JSON, e.g. the endpoints) then every column of the table
 * in order, null where the record has no value. Built as text with each value stringified alone: the same
 * JSON as stringifying a row object, without building one per record (about a quarter less serialising time).
 */
export function jsonRowEncoder(columns: readonly string[]): (stored: Record<string, PropertyValue>, head?: string) => string {
  const keys = columns.map((c) => `${JSON.stringify(c)}:`);
  return (stored, head = '') => {
    let text = `{${head}`;
    for (let i = 0; i < keys.length; i += 1) {
      const v = stored[columns[i] as string];
      text += `${i === 0 && head === '' ? '' : ','}${keys[i] as string}${v === undefined || v === null ? 'null' : JSON.stringify(v)}`;
    }
    return `${text}}`;
  };
}

/** One COPY of a bulk load: the table, its COPY options and how to write its JSON file. */
export interface BulkCopyJob {
  table: string;
  options: string;
  write: (file: string) => Promise<void>;
}
