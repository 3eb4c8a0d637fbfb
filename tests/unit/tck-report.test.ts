import { classify, failureClass, TckTally } from '../support/tck-report';
import type { TckQuery } from '../support/tck-corpus';

describe("the TCK report groups answers by what the guard named and by the engine's error class", () => {
  test.each([
    [{ status: 200 }, 'answered', ''],
    [{ status: 400, code: 'query_rejected', message: 'CREATE is not allowed (line 1, column 1)', details: { clause: 'CREATE' } }, 'refused', 'clause CREATE'],
    [{ status: 400, code: 'query_rejected', message: 'CALL test.my.proc is not allowed', details: { clause: 'CALL', procedure: 'test.my.proc' } }, 'refused', 'CALL of a procedure outside the read catalogue'],
    [{ status: 400, code: 'query_rejected', message: 'keys() needs ...', details: { crash: 'null-argument', function: 'keys' } }, 'refused', 'crash rule null-argument'],
    [{ status: 400, code: 'query_rejected', message: 'range() in the console may produce at most 10000 values; this one produces 1000001', details: { function: 'range' } }, 'refused', 'range() size'],
    [{ status: 400, code: 'query_rejected', message: 'Parameter "p" must be ...', details: { parameter: 'p' } }, 'refused', 'parameter not a plain value or a flat list (map, mixed or nested list, odd name)'],
    [{ status: 400, code: 'invalid_request', message: 'query is longer than 20000 characters' }, 'refused', 'request: query is longer than N characters'],
    [{ status: 400, code: 'query_rejected', message: 'rand() is not available on the embedded engine', details: { construct: 'rand()' } }, 'untranslated', 'rand()'],
    [{ status: 400, code: 'query_failed', message: 'Catalog exception: function TYPE does not exist.' }, 'failed', 'missing function type()'],
    [{ status: 504, code: 'query_timeout', message: 'The query ran longer than the 1000 ms limit' }, 'timeout', 'timeout'],
    [{ status: 503, code: 'engine_restarted', message: 'The embedded engine stopped' }, 'crashed', 'engine_restarted'],
  ])('%j is %s (%s)', (answer, outcome, reason) => {
    expect(classify(answer)).toEqual({ outcome, reason });
  });

  test('engine errors lose their values and positions, keep their kind and what is missing', () => {
    expect(failureClass('Binder exception: Table Person does not exist.')).toBe('unknown label or relationship type (fixed schema)');
    expect(failureClass('Parser exception: mismatched input \'(\' expecting {<EOF>} (line: 1, offset: 20)\n"RETURN x"')).toBe('Kuzu parser: syntax it does not read');
    expect(failureClass('Conversion exception: Cast failed. Could not convert "abc" to INT64.')).toBe('Conversion: Cast failed. Could not convert … to INT64.');
  });

  test('a tally counts outcomes, lists reasons by frequency with example ids, and names the queries that stopped the engine', () => {
    const q = (id: number): TckQuery => ({ id, file: 'f', scenario: 's', query: `RETURN ${id}`, class: 'read', expect: 'result', params: {} });
    const tally = new TckTally();
    tally.add(q(1), { outcome: 'failed', reason: 'missing function type()' });
    tally.add(q(2), { outcome: 'failed', reason: 'missing function type()' });
    tally.add(q(3), { outcome: 'failed', reason: 'Kuzu parser: syntax it does not read' });
    tally.add(q(4), { outcome: 'answered', reason: '' });
    tally.add(q(5), { outcome: 'crashed', reason: 'engine_restarted' });
    expect(tally.share('failed')).toBeCloseTo(0.6);
    const text = tally.format('Reads', 1);
    expect(text).toContain('Reads: 5 queries: refused 0 (0.0%), untranslated 0 (0.0%), failed 3 (60.0%), timeout 0 (0.0%), crashed 1 (20.0%), answered 1 (20.0%)');
    expect(text).toContain('failed in the engine, top 1 of 2 reasons:\n        2  missing function type()  (#1, #2)');
    expect(text).toContain('stopped the engine: #5 RETURN 5 {}');
  });
});
