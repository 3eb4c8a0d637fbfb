/**
 * The embedded engine's error messages, said in the console user's terms: the engine sees the translated
 * statement, so its words (Kuzu's function names, table names, internal aliases) are put back into Neo4j's
 * where they can be, and its exception class prefixes are dropped.
 */

const KUZU_PREFIX = /^(?:Binder|Catalog|Parser|Runtime|Conversion|Overflow|Copy|Interrupt) exception:\s*/i;

/** A message from the engine about a translated statement, told as the user's query would be. */
export function userTermsMessage(message: string): string {
  // The engine lists every signature a function has after "Supported inputs are": the first line says it.
  let m = message.replace(KUZU_PREFIX, '').split(/\n|\s*Supported inputs are/)[0]?.trim() ?? '';
  const fn = /^function (\w+) does not exist\.?/i.exec(m);
  if (fn) return `The function ${(fn[1] as string).toLowerCase()}() is not available on the embedded engine.`;
  const table = /^Table (\S+) does not exist\.?/i.exec(m);
  if (table) return `There is no label or relationship type ${table[1]} in the graph.`;
  m = m.replace(/\b_c(\d+)\b/g, (_all, i: string) => `column ${Number(i) + 1}`);
  m = m.replace(/\b_n\d+\b/g, 'an unnamed node');
  m = m.replace(/LABEL\(([^,()]+)\._ID,\[[^\]]*\]\)/g, 'label($1)');
  m = m.replace(/\._ID\b/g, '');
  return m;
}
