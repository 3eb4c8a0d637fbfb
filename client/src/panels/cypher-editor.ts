/**
 * The console's editor: CodeMirror 6 with Neo4j's own Cypher support (@neo4j-cypher/codemirror) for
 * highlighting and completion of the graph's labels, relationship types and property keys. It is loaded
 * on demand (a separate chunk, about 1.5 MB of parser), so the graph draws before it arrives; its stylesheet
 * is copied next to the page by scripts/build-client.mjs and linked from index.html.
 */
import { Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { createCypherEditor } from '@neo4j-cypher/codemirror';

export interface CypherEditorSchema {
  readonly labels: readonly string[];
  readonly relationshipTypes: readonly string[];
  readonly propertyKeys: readonly string[];
}

export interface CypherEditor {
  getValue(): string;
  setValue(text: string): void;
  focus(): void;
  setSchema(schema: CypherEditorSchema): void;
  /** Moves the cursor to a 1-based line and column (where the engine says the problem is). */
  setPosition(line: number, column: number): void;
}

/** Mounts the editor in `parent`; `onRun` is called on Ctrl+Enter (Cmd+Enter on a Mac). */
export function mountCypherEditor(parent: HTMLElement, initial: string, onRun: () => void): CypherEditor {
  const { editor } = createCypherEditor(parent, {
    value: initial,
    autocomplete: true,
    lint: true,
    lineNumbers: true,
    lineWrapping: true,
    theme: 'light',
    placeholder: 'MATCH (c:Country)-[r:HOSTS_BASE]->(b) RETURN c, r, b',
    // Highest precedence: CodeMirror's default keymap would otherwise insert a blank line on Mod-Enter.
    preExtensions: [
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true) }])),
      // The editable area is a contenteditable div: without a name, screen readers announce a bare text field.
      EditorView.contentAttributes.of({ 'aria-label': 'Cypher query (Ctrl+Enter runs it)' }),
    ],
  });
  return {
    getValue: () => editor.codemirror.state.doc.toString(),
    setValue: (text) => editor.setValue(text),
    focus: () => editor.focus(),
    setSchema: (schema) =>
      editor.setSchema({ labels: [...schema.labels], relationshipTypes: [...schema.relationshipTypes], propertyKeys: [...schema.propertyKeys] }),
    setPosition: (line, column) => editor.setPosition({ line, column }),
  };
}
