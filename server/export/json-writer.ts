/**
 * JSON export: the API's Graph (`nodes`, `edges` exactly as the wire model has them) plus `title` and the
 * bibliography as `documents`, streamed element by element.
 */
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';

/** Streams `{ "title", "documents": [...], "nodes": [...], "edges": [...] }`. */
export async function* writeJson(input: ExportInput): AsyncGenerator<string> {
  const out = new ChunkBuffer();
  out.push(`{"title":${JSON.stringify(input.title)},\n"documents":[`);
  input.documents.forEach((d, i) => out.push((i === 0 ? '\n' : ',\n') + JSON.stringify(d)));
  out.push('],\n"nodes":[');
  let first = true;
  for await (const node of input.nodes) {
    out.push((first ? '\n' : ',\n') + JSON.stringify(node));
    first = false;
    if (out.full) yield out.take();
  }
  out.push('],\n"edges":[');
  first = true;
  for await (const edge of input.edges) {
    out.push((first ? '\n' : ',\n') + JSON.stringify(edge));
    first = false;
    if (out.full) yield out.take();
  }
  out.push(']}\n');
  yield out.take();
}
