/**
 * The kind of a source document when a console answer draws it as a node: documents are stored as nodes
 * with this label (the bibliography), but they are not entities, so only the console returns them as nodes.
 * A module of its own, without zod, because the client needs the value: importing it from graph-model.ts
 * would pull zod into the page, whose start-up probe for `new Function` breaks the page's CSP (no eval).
 */
export const DOCUMENT_KIND = 'SourceDocument';
