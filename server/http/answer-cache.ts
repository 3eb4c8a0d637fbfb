/**
 * Read answers kept as ready JSON bodies, keyed by the request and the graph's stamp (graphStamp): a
 * neighbourhood of 300 elements is ~270 KB of JSON whose records, serialisation and ETag hash cost far more
 * than sending kept bytes, and a team of analysts asks the same few centres and pairs again and again.
 *
 * Exact, not approximate: every answer cached was computed wholly under the stamp it is kept with (a write
 * that overlapped the computation keeps nothing), and a new stamp empties the cache. Concurrent requests
 * for the same uncached answer share one computation. Only successful answers are kept; errors are thrown
 * to each caller as before. Memory is bounded in bytes (least recently used answers go first). Where other
 * clients may write (Neo4j) answers are also dropped once `maxAgeMs` old.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { StampedCache } from '../domain/stamped-cache';
import { isWrittenWhole, stringifyInSlices } from './sliced-json';
import { jsonWithKeptRecords } from './kept-record-json';

export interface AnswerCacheSettings {
  /** Bytes of answers kept; 0 turns the cache off (every request computes its answer). */
  maxBytes: number;
  /** After this long an answer is computed again (writers the app cannot see); 0 means never. */
  maxAgeMs: number;
  /** The graph's current stamp, undefined while a write is in flight (see graphStamp). */
  stamp(): string | undefined;
  now?(): number;
}

interface Answer {
  body: Buffer;
  etag: string;
  /** When it was computed, for maxAgeMs. */
  at: number;
}

export class AnswerCache {
  private readonly answers: StampedCache<Answer>;
  private readonly pending = new Map<string, Promise<Answer>>();
  private readonly now: () => number;

  constructor(private readonly settings: AnswerCacheSettings) {
    // The key's length counts too: a long console query is kept alongside its answer.
    this.answers = new StampedCache<Answer>(settings.maxBytes, (a) => a.body.length + 200);
    this.now = settings.now ?? Date.now;
  }

  /**
   * Answers `req` with the JSON of `compute()`, from the cache when an answer for `key` under the current
   * stamp is kept. `key` must name everything the answer depends on besides the graph (the route and its
   * input as sent); the request's own conditional headers are honoured (304) as for any Express body.
   * `share: false` when the computation belongs to its request (it is aborted when that client leaves):
   * then concurrent requests each compute, and the first to finish fills the cache.
   */
  async send(req: Request, res: Response, key: string, compute: () => Promise<unknown>, { share = true } = {}): Promise<void> {
    const answer = await this.answer(key, compute, share);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', answer.etag);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.send(answer.body);
  }

  stats(): ReturnType<StampedCache<Answer>['stats']> {
    return this.answers.stats();
  }

  private async answer(key: string, compute: () => Promise<unknown>, share: boolean): Promise<Answer> {
    if (this.settings.maxBytes <= 0) return await toAnswer(await compute(), this.now());
    const stamp = this.settings.stamp();
    const kept = this.answers.get(key, stamp);
    if (kept && (this.settings.maxAgeMs <= 0 || this.now() - kept.at < this.settings.maxAgeMs)) return kept;
    // Shared only under one stamp: a request arriving after a write must not get an answer begun before it.
    const flightKey = `${stamp ?? 'writing'}\n${key}`;
    const inFlight = stamp === undefined || !share ? undefined : this.pending.get(flightKey);
    if (inFlight) return inFlight;
    const computing = (async () => {
      const answer = await toAnswer(await compute(), this.now());
      this.answers.set(key, stamp, this.settings.stamp(), answer);
      return answer;
    })();
    if (stamp === undefined || !share) return computing;
    this.pending.set(flightKey, computing);
    try {
      return await computing;
    } finally {
      this.pending.delete(flightKey);
    }
  }
}

/**
 * The body as Express's res.json would send it, with the weak ETag Express would compute for it. Serialised
 * in slices: a neighbourhood of thousands of elements took tens of milliseconds of JSON.stringify in one turn.
 * An answer written in one turn copies its kept records' bytes (kept-record-json.ts).
 */
async function toAnswer(value: unknown, at: number): Promise<Answer> {
  const body = isWrittenWhole(value) ? jsonWithKeptRecords(value) : Buffer.from(await stringifyInSlices(value), 'utf8');
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"`, at };
}
