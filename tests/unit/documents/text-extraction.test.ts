/** A document's readable text: HTML reduced, Markdown stripped, line ends and Unicode normalised. */
import { extractText, looksLikeHtml } from '../../../server/documents/text-extraction';
import { splitSentences } from '../../../server/documents/sentence-split';

test('HTML keeps its words, paragraphs, curly quotes and Cyrillic, and drops scripts, styles, images and link targets', () => {
  const html = '<html><head><style>p{}</style><script>var x = "no";</script></head><body><h2>Head line</h2><p>“Quoted” text in <a href="https://x.example/">Душанбе</a>.</p><img src="a.png" alt="pic"><p>Second&nbsp;paragraph &amp; more.</p></body></html>';
  const text = extractText(html, 'html');
  expect(text).toContain('Head line');
  expect(text).toContain('“Quoted” text in Душанбе.');
  expect(text).toMatch(/Second\s+paragraph & more\./);
  expect(text).not.toMatch(/var x|p\{\}|x\.example|a\.png|</);
});

test('Markdown loses its markup, not its words', () => {
  const md = '# Title\n\nSome **bold** and *italic* words with a [link](https://x.example).\n\n- item one\n> quoted';
  expect(extractText(md, 'markdown')).toBe('Title\n\nSome bold and italic words with a link.\n\nitem one\nquoted');
});

test('plain text: a byte-order mark and CR LF line ends go, composed characters are NFC', () => {
  expect(extractText('\uFEFFa\r\nb\u0065\u0301', 'text')).toBe('a\nb\u00e9');
  expect(looksLikeHtml('  <!DOCTYPE html><p>x</p>')).toBe(true);
  expect(looksLikeHtml('5 < 6 and <b> is bold')).toBe(false);
});

test('sentences are spans of the text; a blank line always ends one; abbreviations do not', () => {
  const text = 'A headline without a stop\n\nMr. Putin met Gen. Kurilla in the U.S. capital. He left.';
  const sentences = splitSentences(text);
  expect(sentences.map((s) => s.text)).toEqual(['A headline without a stop', 'Mr. Putin met Gen. Kurilla in the U.S. capital.', 'He left.']);
  for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
});
