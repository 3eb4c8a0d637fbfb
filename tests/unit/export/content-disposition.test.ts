/**
 * The download's file name: plain ASCII as `filename`, anything else also as RFC 6266 / 8187 `filename*`.
 */
import { contentDisposition } from '../../../server/http/export-response';
import { exportFileName } from '../../../server/domain/export-selection';

test('an ASCII name is given as filename only', () => {
  expect(contentDisposition('multivector-all-2026-05-01.csv.zip')).toBe('attachment; filename="multivector-all-2026-05-01.csv.zip"');
});

test('a non-ASCII name gets an ASCII fallback and a percent-encoded UTF-8 filename*', () => {
  expect(contentDisposition('multivector-paths-душанбе-北京-3hops.graphml')).toBe(
    'attachment; filename="multivector-paths-_______-__-3hops.graphml"; ' +
      "filename*=UTF-8''multivector-paths-%D0%B4%D1%83%D1%88%D0%B0%D0%BD%D0%B1%D0%B5-%E5%8C%97%E4%BA%AC-3hops.graphml",
  );
});

test('quotes and backslashes never reach the quoted filename', () => {
  expect(contentDisposition('a"b\\c.json')).toBe('attachment; filename="a_b_c.json"; filename*=UTF-8\'\'a%22b%5Cc.json');
});

test('the file name says what was exported, when, and in which format', () => {
  const date = new Date('2026-05-01T12:00:00Z');
  expect(exportFileName({ format: 'graphml', slug: 'paths-dushanbe-beijing-3hops' }, date)).toBe('multivector-paths-dushanbe-beijing-3hops-2026-05-01.graphml');
  expect(exportFileName({ format: 'csv', slug: 'all' }, date)).toBe('multivector-all-2026-05-01.csv.zip');
  expect(exportFileName({ format: 'cytoscape', slug: 'query' }, date)).toBe('multivector-query-2026-05-01.cyjs');
});
