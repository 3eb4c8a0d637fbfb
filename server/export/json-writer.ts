/**
 * JSON export: the API's Graph (`nodes`, `edges` exactly as the wire model has them) plus `title` and the
 * bibliography as `documents`, streamed element by element.
 */
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';

/** Streams `{ "title", "documents": [...], "nodes": [...], "edges": [...] }`. */
export async function* writeJson(input: ExportInput): AsyncGenerator<Uint8Array> {
  const out = new ChunkBuffer();
  out.push(`{"title":${JSON.stringify(input.title)},\n"documents":[`);
  input.documents.forEach((d, i) => out.push((i === 0 ? '\n' : ',\n') + JSON.stringify(d)));
  out.push('],\n"nodes":[');
  let first = true;
  for await (const batch of input.nodes) for (const node of batch) {
    out.push((first ? '\n' : ',\n') + JSON.stringify(node));
    first = false;
    if (out.full) yield out.take();
  }
  out.push('],\n"edges":[');
  first = true;
  for await (const batch of input.edges) for (const edge of batch) {
    out.push((first ? '\n' : ',\n') + JSON.stringify(edge));
    first = false;
    if (out.full) yield out.take();
  }
  out.push(']}\n');
  yield out.take();
}
