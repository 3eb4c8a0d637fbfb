/**
 * Kuzu's error messages in words fit for a user. Most are plain ("Binder exception: ..."), but an
 * internal assertion names the engine's build folder and source file (`Assertion failed in file
 * "/home/runner/.../length_function.cpp" on line 46: KU_UNREACHABLE`); the console fuzz met it on
 * `length(null)` and on list_sort() of nested lists. That path means nothing to a user and tells an
 * attacker the build, so it is replaced by what it means.
 */
import { RANGE_LIMIT_MESSAGE } from '../../domain/cypher-range-limits';

const ASSERTION = /Assertion failed in file "[^"]*" on line \d+:?\s*(\w*)/;

/** The engine's message with its source paths taken out. */
export function userFacingKuzuMessage(message: string): string {
  // The console's per-row range() size check fails by converting its own words to a number (cypher-range-limits.ts).
  if (message.includes(`"${RANGE_LIMIT_MESSAGE}"`)) return `${RANGE_LIMIT_MESSAGE}; a row of this query asked for more.`;
  const assertion = ASSERTION.exec(message);
  if (assertion) {
    return `The embedded engine cannot evaluate this query: an internal check failed (${assertion[1] || 'assertion'}); an argument is probably of a type the function does not take.`;
  }
  return message.replace(/(?:\/[\w.+-]+){2,}\.(?:cpp|hpp|h)\b/g, '(engine source)');
}
