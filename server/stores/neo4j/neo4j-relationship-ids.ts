/**
 * Finding relationships by their `id` property the way Neo4j can index it. A Neo4j 5 relationship property
 * index belongs to one relationship type (`CREATE INDEX ... FOR ()-[r:TYPE]-() ON (r.id)`); no index spans
 * every type, and `MATCH ()-[r]->() WHERE r.id IN $ids` without a type reads every relationship of the
 * graph (the 168 ms node details and 380-733 ms paths of issue 20 at 20k-100k relationships). So each
 * relationship type the store knows gets a `rel_id_<type>` range index, and a look-up by ids is one UNION
 * ALL of per-type index seeks. Its cost is (types x ids) seeks: microseconds each, independent of the
 * graph's size, where the untyped scan grew with every relationship stored.
 *
 * Which types exist is read from the database (`db.relationshipTypes()`) at start and learnt from the
 * store's own writes. Another client may add a type later: ids a look-up did not find are looked for
 * again once the type list was read afresh (RELATIONSHIPS_BY_ID_FALLBACK_QUERY), so such a type costs time
 * until the next start indexes it, never a missing answer. A list of ids so long that the seeks would
 * outnumber the relationships stored is read by that one scan instead (the store decides, on a count).
 */
import { UPPER_SNAKE } from '../../domain/seed-schema';
import { ENTITY_LABEL } from '../stored-graph';
import { label } from './neo4j-cypher-text';

/**
 * The columns of a relationship `r` from `a` to `b` read as a wire edge, here and in the store's reads and
 * streams: its type and property map rather than the relationship, whose struct also carries three element
 * ids (about 40 characters each) and three Integers per row, sent, decoded and dropped.
 */
export const EDGE_COLUMNS = 'RETURN type(r) AS type, properties(r) AS p, a.id AS s, b.id AS t';

function quotedType(type: string): string {
  return label(type, UPPER_SNAKE, 'Relationship type');
}

/** Whether a type read from the database may be written into Cypher (the vocabulary's naming rule). */
export function isIndexableType(type: string): boolean {
  return UPPER_SNAKE.test(type);
}

/** The index's name: UPPER_SNAKE types lower-cased stay distinct, so one name per type. */
export function relationshipIdIndexName(type: string): string {
  return `rel_id_${type.toLowerCase()}`;
}

/** The schema command creating a type's id index; IF NOT EXISTS makes it safe on every start and write. */
export function createRelationshipIdIndex(type: string): string {
  return `CREATE INDEX ${relationshipIdIndexName(type)} IF NOT EXISTS FOR ()-[r:${quotedType(type)}]-() ON (r.id)`;
}

/** Lists the relationship types in use (a READ procedure answered from the token store, not a scan). */
export const RELATIONSHIP_TYPES_QUERY = 'CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType';

/**
 * One query finding the relationships with ids in `$ids` among `types` (sorted by the caller, so the text,
 * and with it Neo4j's cached plan, stays the same while the types do): each branch is an index seek on
 * `rel_id_<type>`; a type without an index yet is still found, by a scan of that type alone.
 */
export function relationshipsByIdQuery(types: readonly string[]): string {
  return types
    .map((type) => `MATCH (a:${ENTITY_LABEL})-[r:${quotedType(type)}]->(b:${ENTITY_LABEL}) WHERE r.id IN $ids ${EDGE_COLUMNS}`)
    .join(' UNION ALL ');
}

/**
 * A scan of every relationship for the ids in `$ids` whose type is not in `$known`: the look-up again of
 * ids relationshipsByIdQuery did not find when the database holds types the store has not seen (another
 * client's), and, with `$known` empty, the look-up of a list too long for seeks to pay.
 */
export const RELATIONSHIPS_BY_ID_FALLBACK_QUERY =
  `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) WHERE r.id IN $ids AND NOT type(r) IN $known ${EDGE_COLUMNS}`;
