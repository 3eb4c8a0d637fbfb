/**
 * Neo4j's functions written in Kuzu's terms, each giving Neo4j's answer: names Kuzu spells otherwise
 * (`type` -> `label`, `split` -> `string_split`), 0-based string positions (`substring(s, 0, 4)` is Kuzu's
 * `substring(s, 1, 4)`), list functions that answer null past the end instead of failing (`head`, `last`),
 * conversions with Neo4j's rounding and formatting (`toInteger(2.7)` is 2, `toString(true)` is 'true'),
 * aggregates Kuzu lacks built from those it has (`stdev`, `percentileDisc`), and Neo4j's date forms.
 * A function this file does not name goes through as written.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, unwrap, type EmitContext } from './emitter';
import { emitLabels, safeLabel, stringLiteral } from './label-predicates';
import { emitEndpoint } from './paths';
import { staticType } from './static-types';
import type { ValueType } from './scope';

/** Kuzu's substring and list_slice take an end; this one is past any string or list. */
export const TO_THE_END = 2147483647;

/** Functions that answer null for a null first argument (Kuzu crashes on some of these given a literal null). */
const NULL_IN_NULL_OUT = new Set([
  'type', 'labels', 'startnode', 'endnode', 'head', 'last', 'tail', 'size', 'properties', 'keys', 'nodes',
  'relationships', 'length', 'reverse', 'tostring', 'tointeger', 'tofloat', 'split', 'substring', 'replace',
  'elementid', 'tolower', 'toupper', 'left', 'right', 'trim', 'ltrim', 'rtrim',
]);

/** Kuzu's name where it only differs by name. */
const RENAMED: Record<string, string> = {
  split: 'string_split',
  // Kuzu's log is base 10 (log(10) answered 1); Neo4j's is the natural logarithm.
  log: 'ln',
  relationships: 'rels',
  // Kuzu has neither e() nor exp().
  e: '2.718281828459045',
};

/** The safe element at Kuzu position `pos` (1-based, negative from the end): null when there is none. */
export function safeElement(list: string, pos: string): string {
  return `list_any_value(list_slice(${list}, ${pos}, ${pos}))`;
}

/** The element at 0-based index `index` of a list, null out of range (Neo4j's `list[i]`). */
export function emitListIndex(list: string, index: string, literal: number | undefined): string {
  if (literal !== undefined) {
    const pos = literal >= 0 ? String(literal + 1) : String(literal);
    const inRange = literal >= 0 ? `size(${list}) > ${literal}` : `size(${list}) >= ${-literal}`;
    return `(CASE WHEN ${inRange} THEN ${safeElement(list, pos)} END)`;
  }
  const i = `(${index})`;
  return `(CASE WHEN ${i} >= 0 AND ${i} < size(${list}) THEN ${safeElement(list, `${i} + 1`)} WHEN ${i} < 0 AND -${i} <= size(${list}) THEN ${safeElement(list, i)} END)`;
}

/** An integer literal's value, or undefined. */
export function integerLiteral(text: string): number | undefined {
  const t = text.trim();
  return /^-?\d{1,15}$/.test(t) ? Number(t) : undefined;
}

/** A Cypher string literal's value, or undefined when the text is not one. */
export function stringLiteralValue(text: string): string | undefined {
  const t = text.trim();
  const m = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/s.exec(t);
  if (!m) return undefined;
  const body = m[1] ?? m[2] ?? '';
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_all, c: string) => {
    if (c.startsWith('u') && c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

function truncateToInteger(x: string): string {
  const d = `CAST(${x} AS DOUBLE)`;
  return `CAST(CASE WHEN ${d} < 0 THEN ceil(${d}) ELSE floor(${d}) END AS INT64)`;
}

/** toString() as Neo4j writes each type: 7000.0 as '7000.0', 0.5 as '0.5', true as 'true'. */
function emitToString(arg: CypherTreeNode, x: string, ctx: EmitContext): string {
  return textOf(x, staticType(arg, ctx));
}

/** A value of a known type as Neo4j writes it in text. */
export function textOf(x: string, type: ValueType): string {
  if (type === 'string') return x;
  if (type === 'boolean') return `lower(CAST(${x} AS STRING))`;
  if (type === 'float') return floatText(x);
  return `CAST(${x} AS STRING)`;
}

/** A double written with at most six decimals, whole numbers with Neo4j's '.0' (7000.0, 0.5). */
function decimalText(x: string): string {
  return `(CASE WHEN ${x} = floor(${x}) THEN CAST(CAST(${x} AS INT64) AS STRING) + '.0' ELSE regexp_replace(CAST(${x} AS STRING), '0+$', '') END)`;
}

/**
 * A double as Neo4j (Java) writes it: decimal from 0.001 up to 10^7 (7000.0, 0.5), scientific beyond
 * (1.2E9, 1.0E-4). Kuzu writes six decimals, so digits past the sixth of a mantissa are lost.
 */
export function floatText(x: string): string {
  // Kuzu evaluates every CASE branch: log10 of 0 must not reach the cast.
  const exponent = `CAST(floor(log10(CASE WHEN ${x} = 0 THEN 1.0 ELSE abs(${x}) END)) AS INT64)`;
  const mantissa = `(${x} / pow(10.0, ${exponent}))`;
  return `(CASE WHEN ${x} = 0 OR (abs(${x}) >= 0.001 AND abs(${x}) < 10000000) THEN ${decimalText(x)} ELSE ${decimalText(mantissa)} + 'E' + CAST(${exponent} AS STRING) END)`;
}

/** replace(s, from, to): Kuzu has only regexp_replace, so a literal `from` is escaped as a pattern. */
function emitReplace(args: CypherTreeNode[], texts: string[], ctx: EmitContext): string {
  const [s, from, to] = texts;
  const fromValue = args[1] ? stringLiteralValue(ctx.source(args[1])) : undefined;
  const toValue = args[2] ? stringLiteralValue(ctx.source(args[2])) : undefined;
  if (fromValue !== undefined && fromValue !== '') {
    const pattern = fromValue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const replacement = toValue !== undefined ? stringLiteral(toValue.replace(/\\/g, '\\\\')) : to;
    return `regexp_replace(${s}, ${stringLiteral(pattern)}, ${replacement}, 'g')`;
  }
  return `(CASE WHEN ${s} IS NULL THEN NULL ELSE list_to_string(${to}, string_split(${s}, ${from})) END)`;
}

/** percentileDisc / percentileCont over the sorted collected values (Neo4j's definitions). */
function emitPercentile(kind: 'disc' | 'cont', x: string, p: string): string {
  const sorted = `list_sort(collect(${x}))`;
  const n = `count(${x})`;
  if (kind === 'disc') {
    const pos = `CAST(CASE WHEN ceil((${p}) * ${n}) < 1 THEN 1 ELSE ceil((${p}) * ${n}) END AS INT64)`;
    return `(CASE WHEN ${n} = 0 THEN NULL ELSE ${safeElement(sorted, pos)} END)`;
  }
  const idx = `((${p}) * (${n} - 1))`;
  const lower = safeElement(sorted, `CAST(floor(${idx}) AS INT64) + 1`);
  const upper = safeElement(sorted, `CAST(ceil(${idx}) AS INT64) + 1`);
  return `(CASE WHEN ${n} = 0 THEN NULL ELSE ${lower} + (${upper} - ${lower}) * (${idx} - floor(${idx})) END)`;
}

function emitStdev(x: string, population: boolean): string {
  const n = `count(${x})`;
  const variance = `(sum((${x}) * (${x})) - sum(${x}) * sum(${x}) / ${n}) / (${n}${population ? '' : ' - 1'})`;
  const min = population ? 1 : 2;
  return `(CASE WHEN ${n} < ${min} THEN 0.0 WHEN ${variance} <= 0 THEN 0.0 ELSE sqrt(${variance}) END)`;
}

/** date(...) in Neo4j's forms: none (today), a map of parts, or ISO text (also '2024-06' and '2024'). */
function emitDate(node: CypherTreeNode, args: CypherTreeNode[], texts: string[], ctx: EmitContext): string {
  if (args.length === 0) return 'current_date()';
  const arg = unwrap(ctx, args[0] as CypherTreeNode);
  if (ctx.rule(arg) === 'map' || (ctx.rule(arg) === 'literal' && ctx.source(arg).trim().startsWith('{'))) {
    const mapNode = ctx.rule(arg) === 'map' ? arg : (ctx.child(arg, 'map') ?? arg);
    const keys = ctx.childrenOf(mapNode, 'propertyKeyName').map((k) => plainName(ctx.source(k)).toLowerCase());
    const values = ctx.childrenOf(mapNode, 'expression').map((v) => ctx.emit(v));
    const part = (k: string, fallback: string): string => values[keys.indexOf(k)] ?? fallback;
    if (keys.some((k) => !['year', 'month', 'day'].includes(k)) || !keys.includes('year')) {
      ctx.refuse(node, 'date() from parts other than year, month and day');
    }
    return `make_date(${part('year', '1')}, ${part('month', '1')}, ${part('day', '1')})`;
  }
  const literal = stringLiteralValue(ctx.source(args[0] as CypherTreeNode));
  if (literal !== undefined) {
    if (/^\d{4}$/.test(literal)) return `date('${literal}-01-01')`;
    if (/^\d{4}-\d{2}$/.test(literal)) return `date('${literal}-01')`;
    return `date(${texts[0]})`;
  }
  const s = texts[0] as string;
  if (staticType(args[0] as CypherTreeNode, ctx) === 'date') return s;
  return `date(CASE WHEN size(${s}) = 4 THEN ${s} + '-01-01' WHEN size(${s}) = 7 THEN ${s} + '-01' ELSE ${s} END)`;
}

/** properties(x): a map of the variable's columns; the console drops the absent (null) ones from the cell. */
function emitProperties(arg: CypherTreeNode, x: string, ctx: EmitContext): string {
  const keys = variableColumns(arg, ctx);
  if (!keys) {
    if (staticType(arg, ctx) === 'map') return x;
    return ctx.refuse(arg, 'properties() of anything but a node or relationship variable');
  }
  return `{${keys.map((k) => `${quoteName(k)}: ${x}.${quoteName(k)}`).join(', ')}}`;
}

/** The columns of a node or relationship variable's tables, or undefined for anything else. */
function variableColumns(arg: CypherTreeNode, ctx: EmitContext): string[] | undefined {
  const v = unwrap(ctx, arg);
  const info = ctx.rule(v) === 'variable' ? ctx.scope.get(plainName(ctx.source(v))) : undefined;
  if (!info || (info.kind !== 'node' && info.kind !== 'rel')) return undefined;
  const tables = (info.kind === 'node' ? ctx.catalogue.nodeTables : ctx.catalogue.relTables).filter((t) => !info.tables || info.tables.includes(t.name));
  return [...new Set(tables.flatMap((t) => Object.keys(t.properties)))].sort();
}

/** keys(n): Neo4j lists the properties the element has; Kuzu every column of every table it could be in. */
function emitKeys(arg: CypherTreeNode, x: string, ctx: EmitContext): string {
  const keys = variableColumns(arg, ctx);
  if (!keys) return `keys(${x})`;
  if (keys.length === 0) return 'CAST([] AS STRING[])';
  const present = keys.map((k) => `CASE WHEN ${x}.${quoteName(k)} IS NOT NULL THEN ${stringLiteral(k)} END`);
  return `list_filter([${present.join(', ')}], _k -> _k IS NOT NULL)`;
}

/** How many arguments the mapped functions take (Neo4j refuses other counts; Kuzu may crash on them). */
const ARITY: Record<string, [number, number]> = {
  type: [1, 1], labels: [1, 1], startnode: [1, 1], endnode: [1, 1], elementid: [1, 1], head: [1, 1], last: [1, 1],
  tail: [1, 1], split: [2, 2], tointeger: [1, 1], tofloat: [1, 1], tostring: [1, 1], reverse: [1, 1], keys: [1, 1],
  properties: [1, 1], substring: [2, 3], replace: [3, 3], nodes: [1, 1], relationships: [1, 1], length: [1, 1],
  percentiledisc: [2, 2], percentilecont: [2, 2], stdev: [1, 1], stdevp: [1, 1], toboolean: [1, 1],
};

/** Functions whose argument must be a node, relationship or path: a literal or parameter never is one. */
const GRAPH_ARGUMENT = new Set(['type', 'labels', 'startnode', 'endnode', 'elementid', 'nodes', 'relationships', 'length']);
const VALUE_RULES = new Set(['parameter', 'literal', 'listLiteral', 'map', 'numberLiteral', 'stringLiteral']);

/** A function call in Kuzu's dialect. */
export function emitFunction(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const nameNode = ctx.child(node, 'functionName');
  if (!nameNode) return undefined;
  const fn = plainName(ctx.source(nameNode).replace(/\s+/g, '')).toLowerCase();
  const args = ctx.childrenOf(node, 'functionArgument');
  const distinct = ctx.hasToken(node, 'DISTINCT');
  // Typed: a bare NULL passed on to an outer list or graph function would crash the engine (see TYPED_NULL).
  if (NULL_IN_NULL_OUT.has(fn) && args[0] && ctx.source(args[0]).trim().toLowerCase() === 'null') return 'CAST(NULL AS STRING)';
  const arity = ARITY[fn];
  if (arity && (args.length < arity[0] || args.length > arity[1])) {
    const count = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} or ${arity[1]}`;
    ctx.refuse(node, `${fn}() with ${args.length} argument${args.length === 1 ? '' : 's'}`, `it takes ${count}`);
  }
  // A parameter or a literal is never a node, relationship or path (and Kuzu crashed on a null parameter there).
  if (GRAPH_ARGUMENT.has(fn) && args[0] && VALUE_RULES.has(ctx.rule(unwrap(ctx, args[0])) ?? '')) {
    ctx.refuse(node, `${fn}() of ${ctx.source(args[0]).trim().slice(0, 40)}`, 'it takes a node, relationship or path variable');
  }
  const texts = args.map((a) => ctx.emit(a));
  const [x = '', y = ''] = texts;
  const first = args[0];
  switch (fn) {
    case 'type':
      return safeLabel(x);
    case 'labels':
      return emitLabels(x);
    case 'head':
      return `(CASE WHEN size(${x}) > 0 THEN ${safeElement(x, '1')} END)`;
    case 'last':
      return `(CASE WHEN size(${x}) > 0 THEN ${safeElement(x, '-1')} END)`;
    case 'tail':
      return `list_slice(${x}, 2, ${TO_THE_END})`;
    case 'tointeger':
    case 'tointegerornull':
      return first && staticType(first, ctx) === 'integer' ? x : truncateToInteger(x);
    case 'tofloat':
    case 'tofloatornull':
      return first && staticType(first, ctx) === 'float' ? x : `CAST(${x} AS DOUBLE)`;
    case 'tostring':
    case 'tostringornull':
      return first ? emitToString(first, x, ctx) : undefined;
    case 'substring': {
      const start = integerLiteral(ctx.source(args[1] ?? node));
      const from = start !== undefined ? String(start + 1) : `(${y}) + 1`;
      return `substring(${x}, ${from}, ${texts[2] ?? TO_THE_END})`;
    }
    case 'replace':
      return emitReplace(args, texts, ctx);
    case 'reverse':
      return first && staticType(first, ctx) === 'string' ? `reverse(${x})` : `list_reverse(${x})`;
    case 'startnode':
    case 'endnode':
      return first ? emitEndpoint(fn === 'startnode' ? 'start' : 'end', first, x, ctx) : undefined;
    case 'elementid':
      return `${x}.id`;
    case 'id':
      return ctx.refuse(node, 'id()', 'use elementId(n) or n.id, the stable id every node and relationship has');
    case 'keys':
      return first ? emitKeys(first, x, ctx) : undefined;
    case 'properties':
      return first ? emitProperties(first, x, ctx) : undefined;
    case 'percentiledisc':
    case 'percentilecont':
      if (distinct) ctx.refuse(node, `${fn}(DISTINCT ...)`);
      return emitPercentile(fn === 'percentiledisc' ? 'disc' : 'cont', x, y);
    case 'stdev':
    case 'stdevp':
      if (distinct) ctx.refuse(node, `${fn}(DISTINCT ...)`);
      return emitStdev(x, fn === 'stdevp');
    case 'collect':
      // Kuzu collects no values (all null, as OPTIONAL MATCH leaves them) into null; Neo4j into [].
      return `coalesce(collect(${distinct ? 'DISTINCT ' : ''}${x}), [])`;
    case 'sum':
      // Neo4j sums no values to 0; Kuzu to null.
      return `coalesce(sum(${distinct ? 'DISTINCT ' : ''}${x}), 0)`;
    case 'round':
      return texts.length === 1 ? `round(${x}, 0)` : undefined;
    case 'exp':
      return `pow(2.718281828459045, ${x})`;
    case 'toboolean':
    case 'tobooleanornull':
      return first && staticType(first, ctx) === 'boolean' ? x : `CAST(${x} AS BOOL)`;
    case 'date.truncate': {
      const unit = args[0] ? stringLiteralValue(ctx.source(args[0]))?.toLowerCase() : undefined;
      if (!unit || !['year', 'quarter', 'month', 'day'].includes(unit)) {
        return ctx.refuse(node, `date.truncate() to ${unit ?? 'a computed unit'}`, "truncate to 'year', 'quarter', 'month' or 'day'");
      }
      if (args.length > 2) ctx.refuse(node, 'date.truncate() with a map of fields to keep');
      const d = args[1] && staticType(args[1], ctx) === 'date' ? y : `date(${y})`;
      return `date_trunc('${unit}', ${d})`;
    }
    case 'duration.indays':
      return ctx.refuse(node, 'A duration value', 'read its days: duration.inDays(a, b).days');
    case 'isempty':
      return `(size(${x}) = 0)`;
    case 'rand':
      // Kuzu has no random number function: a fresh UUID per row, hashed into [0, 1).
      return `(abs(hash(CAST(gen_random_uuid() AS STRING)) % 1000000007) / 1000000007.0)`;
    case 'date':
      return emitDate(node, args, texts, ctx);
    default: {
      const renamed = RENAMED[fn];
      // Kuzu's parser takes no namespaced names (duration.between, datetime.fromepoch): say which function.
      if (renamed === undefined && fn.includes('.')) return ctx.refuse(node, `The function ${plainName(ctx.source(nameNode).replace(/\s+/g, ''))}()`);
      if (renamed === undefined) return undefined;
      if (!/^[a-z_]+$/.test(renamed)) return renamed;
      return `${renamed}(${distinct ? 'DISTINCT ' : ''}${texts.join(', ')})`;
    }
  }
}

/** `duration.inDays(a, b).days`: Kuzu subtracts dates into days. */
export function emitDaysBetween(call: CypherTreeNode, ctx: EmitContext): string | undefined {
  const name = ctx.child(call, 'functionName');
  if (!name || plainName(ctx.source(name).replace(/\s+/g, '')).toLowerCase() !== 'duration.indays') return undefined;
  const args = ctx.childrenOf(call, 'functionArgument');
  if (args.length !== 2) return undefined;
  const [a, b] = args.map((arg) => (staticType(arg, ctx) === 'date' ? ctx.emit(arg) : `date(${ctx.emit(arg)})`));
  return `(${b} - ${a})`;
}
