/**
 * What the translator knows about the query's variables as it writes them out, left to right: whether a name
 * holds a node (and of which tables), a relationship, a variable-length relationship list, a path, or a value
 * of a statically known type. Kuzu types its functions statically where Neo4j decides per value (reverse()
 * of a list or a string, toString() of a number), so a mapping that depends on the type asks here first.
 */

/** The value types the mappings tell apart; 'unknown' where the query does not say. */
export type ValueType = 'string' | 'integer' | 'float' | 'boolean' | 'list' | 'map' | 'date' | 'node' | 'rel' | 'path' | 'unknown';

export interface VariableInfo {
  kind: 'node' | 'rel' | 'rels' | 'path' | 'value';
  /** Node or relationship tables the variable may hold (undefined: any). */
  tables?: readonly string[];
  type: ValueType;
  /** For a relationship bound in a pattern: its endpoints and the arrow between them. */
  ends?: { left: string; right: string; direction: 'out' | 'in' | 'both' };
}

export class Scope {
  private readonly vars = new Map<string, VariableInfo>();

  get(name: string): VariableInfo | undefined {
    return this.vars.get(name);
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  set(name: string, info: VariableInfo): void {
    this.vars.set(name, info);
  }

  /** What is bound now, to put back after a subquery (its variables do not leak out). */
  snapshot(): Map<string, VariableInfo> {
    return new Map(this.vars);
  }

  restore(saved: Map<string, VariableInfo>): void {
    this.vars.clear();
    for (const [k, v] of saved) this.vars.set(k, v);
  }

  /** Binds a value variable (WITH, UNWIND, a comprehension), keeping what a bare variable already said. */
  bindValue(name: string, type: ValueType, from?: VariableInfo): void {
    this.vars.set(name, from ?? { kind: 'value', type });
  }
}

/** The Kuzu-neutral value type of a catalogue property type (seed-schema's names or Kuzu's). */
export function propertyValueType(type: string | undefined): ValueType {
  if (type === undefined) return 'unknown';
  if (type.endsWith('[]')) return 'list';
  const t = type.toLowerCase();
  if (t === 'string' || t === 'date') return 'string';
  if (t === 'number' || t === 'double' || t === 'float') return 'float';
  if (t === 'int64' || t === 'integer' || t === 'int32') return 'integer';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  return 'unknown';
}
