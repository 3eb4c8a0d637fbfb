/**
 * A document's readable text from what was sent: HTML reduced to its text by html-to-text (chosen over
 * cheerio because it lays out blocks, lists and tables as readable text, drops scripts, styles and images,
 * and needs no DOM walk of our own; 30M weekly downloads, maintained), Markdown stripped of its markup by a
 * few rules, plain text as it is. Line ends become \n and the text is NFC, so offsets and quotes are stable.
 */
import { convert } from 'html-to-text';
import type { DocumentFormat } from '../domain/document-model';

function fromHtml(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      { selector: 'footer', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  });
}

function fromMarkdown(md: string): string {
  return md
    .replace(/^```[^\n]*\n([\s\S]*?)^```\s*$/gm, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/^[ \t]*[-*+][ \t]+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** The readable text of `raw` in `format`, normalised (see the module comment). */
export function extractText(raw: string, format: DocumentFormat): string {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const readable = format === 'html' ? fromHtml(text) : format === 'markdown' ? fromMarkdown(text) : text;
  return readable.normalize('NFC');
}

/** Whether a body looks like HTML although it was not declared so (a pasted page). */
export function looksLikeHtml(raw: string): boolean {
  return /^\s*(<!doctype html|<html[\s>])/i.test(raw);
}
