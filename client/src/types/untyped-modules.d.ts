/** Types for packages that ship none or hide theirs: the Cytoscape extensions and the Cypher editor. */
declare module 'cytoscape-fcose' {
  import type cytoscape from 'cytoscape';
  const extension: cytoscape.Ext;
  export default extension;
}
declare module 'cytoscape-svg' {
  import type cytoscape from 'cytoscape';
  const extension: cytoscape.Ext;
  export default extension;
}
// The package's types exist but its "exports" map hides them from bundler resolution, and they are wrong
// about one thing: createCypherEditor (es/codemirror.js 1.0.3) returns { editor: EditorApi }, not the API.
declare module '@neo4j-cypher/codemirror' {
  import type { createCypherEditor as typedCreate } from '@neo4j-cypher/codemirror/src/codemirror.d.ts';
  type EditorApi = ReturnType<typeof typedCreate>;
  export function createCypherEditor(parent: Element, options: Parameters<typeof typedCreate>[1]): { editor: EditorApi };
}
