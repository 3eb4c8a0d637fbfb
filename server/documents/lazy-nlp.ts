/**
 * compromise (the English tagger) and chrono-node (date parsing), required on first use instead of when the
 * server starts: together ~0.5 s of the server's ~1 s of module loading at start (2026-12-05,
 * docs/performance.md), and only document ingestion uses them. The first ingestion pays that once.
 */
import type nlpDefault from 'compromise';
import type * as chronoModule from 'chrono-node';

type Nlp = typeof nlpDefault;
type Chrono = typeof chronoModule;

let nlpLoaded: Nlp | undefined;
let chronoLoaded: Chrono | undefined;

/** compromise's `nlp` function. */
export function compromiseNlp(): Nlp {
  if (!nlpLoaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (module header)
    const loaded = require('compromise') as Nlp | { __esModule: true; default: Nlp };
    nlpLoaded = typeof loaded === 'function' ? loaded : loaded.default;
  }
  return nlpLoaded;
}

/** chrono-node's module (parse, parseDate, ...). */
export function chrono(): Chrono {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (module header)
  chronoLoaded ??= require('chrono-node') as Chrono;
  return chronoLoaded;
}
