/** How console answers read as text: result cells and the line an error points at. Pure, no DOM. */

/** A result cell as short text: a node or edge by its name or type, anything else as JSON. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const cell = value as Record<string, unknown>;
    if (typeof cell['name'] === 'string' && typeof cell['kind'] === 'string') return `${cell['name']} (${cell['kind']})`;
    if (typeof cell['type'] === 'string' && typeof cell['source'] === 'string') return `${cell['source']} ${cell['type']} ${String(cell['target'])}`;
  }
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The line of the query the error points at, with a caret under the column. */
export function errorExcerpt(query: string, line: number, column: number): string {
  const text = query.split('\n')[line - 1];
  if (text === undefined) return '';
  return `${text}\n${' '.repeat(Math.max(column - 1, 0))}^`;
}
