/**
 * The typed client of GET /api/influence, kept apart from api-client.ts so the influence view stays in its
 * own files. Errors come back as the API's own `{ error: { code, message } }` message.
 */
import type { InfluenceResult } from '../../../server/domain/influence-model';

export interface InfluenceRequest {
  readonly target: string;
  readonly powers: string;
  readonly from?: number;
  readonly to?: number;
  readonly maxHops?: number;
  readonly decay?: number;
}

/** Asks the API for the comparison; rejects with an Error carrying the API's message. */
export async function fetchInfluence(request: InfluenceRequest, signal?: AbortSignal, baseUrl = ''): Promise<InfluenceResult> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/influence?${params.toString()}`, { headers: { Accept: 'application/json' }, signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new Error('The server could not be reached.', { cause });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new Error(typeof message === 'string' ? message : `The server answered ${response.status}.`);
  }
  return body as InfluenceResult;
}
