import { RANGE_LIMIT_MESSAGE } from '../../server/domain/cypher-range-limits';
import { userFacingKuzuMessage } from '../../server/stores/kuzu/kuzu-error-message';

describe("Kuzu's error messages reach users without the engine's source paths", () => {
  test('an internal assertion is told by what it means, not by its file', () => {
    const raw = 'Assertion failed in file "/home/runner/actions-runner/_work/kuzu/kuzu/tools/nodejs_api/package/kuzu-source/src/function/path/length_function.cpp" on line 46: KU_UNREACHABLE';
    const said = userFacingKuzuMessage(raw);
    expect(said).toContain('internal check failed (KU_UNREACHABLE)');
    expect(said).not.toMatch(/home|runner|\.cpp|line 46/);
  });

  test('a source path inside another message is blanked; plain messages pass unchanged', () => {
    expect(userFacingKuzuMessage('Runtime exception at /src/common/type_utils.h: bad')).toBe('Runtime exception at (engine source): bad');
    const plain = 'Binder exception: Cannot find property nope for n.';
    expect(userFacingKuzuMessage(plain)).toBe(plain);
  });

  test("the console's range() size check is told as the limit it is, not as a failed conversion", () => {
    const raw = `Conversion exception: Cast failed. Could not convert "${RANGE_LIMIT_MESSAGE}" to INT64.`;
    expect(userFacingKuzuMessage(raw)).toBe(`${RANGE_LIMIT_MESSAGE}; a row of this query asked for more.`);
    const other = 'Conversion exception: Cast failed. Could not convert "abc" to INT64.';
    expect(userFacingKuzuMessage(other)).toBe(other);
  });
});
