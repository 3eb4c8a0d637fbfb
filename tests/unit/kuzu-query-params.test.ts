/**
 * The rewriting of console parameters the embedded engine's binding cannot carry ([] and lists of numbers
 * with a decimal): only `$name` tokens of those parameters change; strings, quoted names and comments that
 * mention them stay as they are, and every other parameter passes through untouched.
 */
import { bindQueryParams } from '../../server/stores/kuzu/kuzu-query-params';

test('an empty list becomes the literal [] wherever the query names it, and leaves the parameters', () => {
  expect(bindQueryParams('RETURN $p AS p, size($p) AS n', { p: [] })).toEqual({ query: 'RETURN ([]) AS p, size(([])) AS n', params: {} });
});

test('a list of numbers with a decimal is cast to DOUBLE[] from text, so no element is typed by the first', () => {
  expect(bindQueryParams('UNWIND $xs AS x RETURN x', { xs: [1, 2.5, -3] })).toEqual({
    query: 'UNWIND (CAST($xs AS DOUBLE[])) AS x RETURN x',
    params: { xs: ['1', '2.5', '-3'] },
  });
});

test('other parameters stay parameters, and nothing changes when none needs rewriting', () => {
  const params = { a: [1, 2], b: ['x'], c: 2.5, d: null, e: 'text' };
  expect(bindQueryParams('RETURN $a, $b, $c, $d, $e', params)).toEqual({ query: 'RETURN $a, $b, $c, $d, $e', params });
  expect(bindQueryParams('RETURN $p, $a', { p: [], a: [1, 2] })).toEqual({ query: 'RETURN ([]), $a', params: { a: [1, 2] } });
});

test('strings, quoted names, comments and longer names that contain the parameter are left alone', () => {
  const query = "RETURN '$p' AS s, \"it's $p\" AS t, $pp AS longer, `$p` AS q, $`p` AS quoted // $p\n/* $p */ , $p AS p";
  expect(bindQueryParams(query, { p: [], pp: 1 }).query).toBe(
    "RETURN '$p' AS s, \"it's $p\" AS t, $pp AS longer, `$p` AS q, ([]) AS quoted // $p\n/* $p */ , ([]) AS p",
  );
  expect(bindQueryParams("RETURN 'a\\'$p' AS s, $p AS p", { p: [] }).query).toBe("RETURN 'a\\'$p' AS s, ([]) AS p");
});
