/**
 * The document's text as the review shows it: mentions of known entities marked, each sentence that has
 * proposals a control that jumps to them (click, or Enter / Space when focused), and, when a search opened the
 * view, the found passage marked around them. Everything from the document goes in as text nodes (dom.ts).
 */
import type { DocumentAnalysis } from '../api/documents-api';
import { h } from './dom';

/** The span of the text a search opened the view at: shown marked and scrolled into view. */
export interface TextFocus {
  start: number;
  end: number;
}

/** A sentence with proposals, by its offsets in the text. */
export interface ProposedSentence {
  start: number;
  end: number;
  count: number;
}

/** The text in [from, to) with the mentions inside it as <mark> elements. */
function appendWithMentions(box: HTMLElement, analysis: DocumentAnalysis, from: number, to: number): void {
  const text = analysis.document.text;
  let at = from;
  for (const m of analysis.mentions) {
    // A mention crossing an edge (of a sentence or of the focus) is left plain rather than split into two marks.
    if (m.start < at || m.end > to) continue;
    box.append(text.slice(at, m.start));
    box.append(h('mark', { className: `document-mention document-mention-${m.via}`, attrs: { title: `${m.name} (${m.kind})${m.standsFor ? `, standing for ${m.standsFor}` : ''}`, 'data-entity': m.entity } }, text.slice(m.start, m.end)));
    at = m.end;
  }
  box.append(text.slice(at, to));
}

/** [from, to) with the proposed sentences in it (clipped to it) as controls. */
function appendRegion(box: HTMLElement, analysis: DocumentAnalysis, sentences: readonly ProposedSentence[], from: number, to: number, onSentence: (start: number) => void): void {
  let at = from;
  for (const s of sentences) {
    const a = Math.max(s.start, at);
    const b = Math.min(s.end, to);
    if (b <= a) continue;
    appendWithMentions(box, analysis, at, a);
    const span = h('span', {
      className: 'document-sentence',
      attrs: { role: 'button', tabindex: '0', 'data-sentence': String(s.start), title: `Show its ${s.count} proposal${s.count === 1 ? '' : 's'}`, 'aria-label': `Sentence with ${s.count} proposal${s.count === 1 ? '' : 's'}: show ${s.count === 1 ? 'it' : 'them'}` },
    });
    appendWithMentions(span, analysis, a, b);
    span.addEventListener('click', () => {
      // A drag that selected words (to quote them in a new claim) is not a click on the sentence.
      if (globalThis.getSelection()?.isCollapsed === false) return;
      onSentence(s.start);
    });
    span.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      onSentence(s.start);
    });
    box.append(span);
    at = b;
  }
  appendWithMentions(box, analysis, at, to);
}

/**
 * The text box. `sentences` are in text order and do not overlap; `onSentence` gets the start of the sentence
 * clicked (a click on a mention inside it counts too).
 */
export function documentTextView(analysis: DocumentAnalysis, sentences: readonly ProposedSentence[], onSentence: (start: number) => void, focus?: TextFocus): HTMLElement {
  const length = analysis.document.text.length;
  const box = h('div', { className: 'document-text', attrs: { id: 'document-text' } });
  if (focus === undefined || focus.start >= focus.end || focus.end > length) {
    appendRegion(box, analysis, sentences, 0, length, onSentence);
    return box;
  }
  appendRegion(box, analysis, sentences, 0, focus.start, onSentence);
  // tabindex -1: focus moves to the passage, so a keyboard or screen-reader user lands where the search pointed.
  const passage = h('mark', { className: 'document-passage', attrs: { id: 'document-passage', tabindex: '-1', 'aria-label': 'Passage found by the search' } });
  appendRegion(passage, analysis, sentences, focus.start, focus.end, onSentence);
  box.append(passage);
  appendRegion(box, analysis, sentences, focus.end, length, onSentence);
  return box;
}
