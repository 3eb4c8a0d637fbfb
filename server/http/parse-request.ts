/**
 * The one way routes read a request part with a zod schema: a failure becomes a 400 (InvalidRequestError)
 * whose message names each bad field ("body.type: ...") and whose details list them, as every route answers.
 */
import type { z } from 'zod';
import { InvalidRequestError } from '../domain/errors';
import { describeZodError } from './error-mapper';

/** Parses `value` with `schema`; `where` prefixes the field names ("body", "query", "path"). */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: string, stripPrefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const { message, details } = describeZodError(result.error, where, stripPrefix);
    throw new InvalidRequestError(message, details);
  }
  return result.data;
}
