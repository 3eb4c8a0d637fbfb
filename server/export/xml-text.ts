/**
 * XML 1.0 escaping for the GraphML and GEXF writers. Characters XML 1.0 cannot carry at all (C0 controls
 * other than tab, newline and carriage return; U+FFFE, U+FFFF; unpaired surrogates) are dropped.
 * In text content only `&`, `<` and `>` need escaping; attribute values also escape both quotes, and
 * tab / newline / carriage return as character references so attribute-value normalisation keeps them.
 * A carriage return is referenced in text too, or parsers would turn "\r\n" into "\n".
 */

// Fast path: most strings hold none of these, and are returned as they are.
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const ATTR_SPECIAL = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// A surrogate pair first, so a valid pair is matched whole and kept.
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const TEXT_ALL = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const ATTR_ALL = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;

const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function replace(match: string): string {
  if (match.length === 2) return match;
  return REFERENCES[match] ?? '';
}

/** Escapes text content (between tags). */
export function xmlText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_ALL, replace) : value;
}

/** Escapes an attribute value (to be written between double quotes). */
export function xmlAttr(value: string): string {
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_ALL, replace) : value;
}

// eslint-disable-next-line no-misleading-character-class -- U+200C/U+200D are range ends from the XML NameChar production, not a joined sequence
const NAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
// eslint-disable-next-line no-misleading-character-class -- U+200C/U+200D are range ends from the XML NameChar production, not a joined sequence
const NAME_CHAR = /[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

/** A name usable as an XML NCName (and so as an NMTOKEN and an xs:ID): other characters become "_". */
export function xmlName(value: string): string {
  let out = '';
  for (const ch of value) out += NAME_CHAR.test(ch) ? ch : '_';
  if (out === '' || !NAME_START.test(out[0] ?? '')) out = `_${out}`;
  return out;
}
