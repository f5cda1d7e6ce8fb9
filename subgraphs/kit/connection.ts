import {
  DriverException,
  ReferenceKind,
  type EntityKey,
  type EntityManager,
  type EntityName,
  type FilterQuery,
  type FindOptions,
} from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  parse,
  visit,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ScalarTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';

import { isUuid } from '../../platform/caller.js';
import { invalidField, ProblemCode } from '../../platform/errors.js';
import { Audience, audiencesOf, VisibleTo } from './visibility.js';

/** Relay page information; the same type in every subgraph, hence shareable. */
@ObjectType({ description: 'Where this page sits in the whole list.' })
@Directive('@shareable')
@VisibleTo(Audience.PUBLIC)
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

const MAX_PAGE_SIZE = 100;

/** `first`/`after` arguments of every connection. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Counts the matches across all pages; run only when a client asks for `totalCount`. */
  count: () => Promise<number>;
}

/**
 * Builds the `<Name>Connection` and `<Name>Edge` object types for a node type, so every list
 * that grows is a Relay connection with the same shape (SPEC §6).
 */
export function Connection<T extends object>(node: ClassType<T>, name: string): ClassType<ConnectionShape<T>> {
  // The wrappers share their node's audiences, so reaching a node through them checks nothing twice.
  @ObjectType(`${name}Edge`)
  @VisibleTo(...audiencesOf(node))
  class EdgeType {
    @Field(() => node) node!: T;
    @Field() cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  @VisibleTo(...audiencesOf(node))
  class ConnectionType {
    @Field(() => [EdgeType]) edges!: Edge<T>[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    count!: () => Promise<number>;

    // A count over every page is a query of its own, dearer than a row (IBM cost spec's @cost).
    @Field(() => Int, { description: 'How many match the filter, across all pages.' })
    @Directive('@cost(weight: 5)')
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionType;
}

/** Whether a type is a connection as {@link Connection} builds it: `edges` a list, `pageInfo` a PageInfo. */
function isConnection(type: GraphQLNamedType | undefined): boolean {
  if (!isObjectType(type)) return false;
  const { edges, pageInfo } = type.getFields();
  return !!edges && isListType(getNullableType(edges.type)) && !!pageInfo && getNamedType(pageInfo.type).name === PageInfo.name;
}

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** The page a client asks for (`first`) is how many `edges` a connection holds. */
const CONNECTION_LIST_SIZE = (
  parse('scalar S @listSize(slicingArguments: ["first"], sizedFields: ["edges"])').definitions[0] as ScalarTypeDefinitionNode
).directives![0]!;

/**
 * Declares on every field that returns a connection, wherever it is defined, how many `edges`
 * it holds: `@listSize(slicingArguments: ["first"], sizedFields: ["edges"])` (IBM GraphQL cost
 * spec, as Apollo Router and Hive Router read it), so a cost estimate multiplies what is selected
 * under `edges` by the page asked for, given literally or in a variable. Done here once rather
 * than on each resolver, so a new connection cannot go without it; one that takes no `first`
 * (PageArgs) stops the schema build.
 */
export function sizeConnectionFields(schema: GraphQLSchema, typeDefs: DocumentNode): DocumentNode {
  const sized = (typeName: string, fields: readonly FieldDefinitionNode[] | undefined) =>
    fields?.map((field) => {
      if (!isConnection(schema.getType(namedTypeOf(field.type)))) return field;
      if (!field.arguments?.some((argument) => argument.name.value === 'first')) {
        throw new Error(`${typeName}.${field.name.value} returns a connection but takes no \`first\`: page it with PageArgs`);
      }
      return { ...field, directives: [...(field.directives ?? []), CONNECTION_LIST_SIZE] };
    });
  const withSizes = <T extends { name: { value: string }; fields?: readonly FieldDefinitionNode[] }>(node: T): T => ({
    ...node,
    fields: sized(node.name.value, node.fields),
  });
  return visit(typeDefs, {
    ObjectTypeDefinition: withSizes,
    ObjectTypeExtension: withSizes,
    InterfaceTypeDefinition: withSizes,
    InterfaceTypeExtension: withSizes,
  });
}

type Direction = 'asc' | 'desc';

/**
 * How a connection is sorted: non-null columns with their direction, most significant first. It
 * must include the entity's primary key, so no two rows tie: with a tie, a page boundary between
 * two rows sharing a timestamp would repeat or skip one of them. A cursor holds a timestamp to the
 * millisecond, as JavaScript does, so timestamps sorted on are written from a `Date` (not by
 * PostgreSQL's microsecond `now()`).
 */
export type PageOrder<T> = { [K in EntityKey<T>]?: Direction };

/** What a cursor value of a sort column must be, from the entity's metadata. */
interface SortColumn {
  property: string;
  direction: Direction;
  runtimeType: string;
  uuid: boolean;
}

function sortColumns<T extends object>(em: EntityManager, entity: EntityName<T>, orderBy: PageOrder<T>): SortColumn[] {
  const meta = em.getMetadata().get<T>(entity);
  const columns = Object.entries(orderBy as Record<string, Direction>).map(([property, direction]) => {
    const prop = meta.properties[property as EntityKey<T>];
    // A cursor holds the row's own values; a null or a relation there has no place in the keyset comparison.
    if (!prop || prop.kind !== ReferenceKind.SCALAR || prop.nullable) {
      throw new Error(`${meta.className}.${property} cannot sort a connection: only non-null columns can`);
    }
    return { property, direction, runtimeType: prop.runtimeType, uuid: prop.type === 'uuid' || prop.columnTypes?.[0] === 'uuid' };
  });
  const missing = meta.primaryKeys.filter((key) => !(key in orderBy));
  if (missing.length) throw new Error(`${meta.className}'s connection sort leaves ties: add ${missing.join(', ')} to it`);
  return columns;
}

/** A cursor value as its column's type, or undefined when it cannot be one this list returned. */
function cursorValue(column: SortColumn, value: unknown): unknown {
  switch (column.runtimeType) {
    case 'Date': {
      // Written as the ISO form of the row's Date; any other text was not written by us.
      const date = typeof value === 'string' ? new Date(value) : undefined;
      return date && !Number.isNaN(date.getTime()) && date.toISOString() === value ? date : undefined;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    default:
      return typeof value === 'string' && (!column.uuid || isUuid(value)) ? value : undefined;
  }
}

const notOurCursor = () =>
  invalidField('after', ProblemCode.NOT_A_CURSOR, 'after is not a cursor this list returned', { argument: 'after' });

/**
 * The sort values an `after` cursor holds, checked against the list's sort columns: as many
 * values as columns, each of its column's type. (MikroORM's own decoding turns any text that looks
 * like a timestamp into a Date, whatever the column, and ignores a cursor of the wrong length.)
 */
function decodeCursor(after: string, columns: SortColumn[]): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw notOurCursor();
  }
  if (!Array.isArray(values) || values.length !== columns.length) throw notOurCursor();
  return columns.map((column, i) => {
    const value = cursorValue(column, values[i]);
    if (value === undefined) throw notOurCursor();
    return value;
  });
}

/** The row's sort values, as JSON (a Date as its ISO form), base64url. */
function encodeCursor(node: object, columns: SortColumn[]): string {
  const values = columns.map((column) => (node as Record<string, unknown>)[column.property]);
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Rows strictly after the cursor in the sort order: (a, b, c) after (x, y, z) is
 * a beyond x, or a = x and (b, c) after (y, z). The leading `a <= x` (or `>=`) lets PostgreSQL
 * range-scan an index on the first column.
 */
function rowsAfter(columns: SortColumn[], values: unknown[]): Record<string, unknown> {
  const [column, ...rest] = columns;
  const [value, ...others] = values;
  const desc = column!.direction === 'desc';
  const beyond = { [column!.property]: { [desc ? '$lt' : '$gt']: value } };
  if (rest.length === 0) return beyond;
  return { [column!.property]: { [desc ? '$lte' : '$gte']: value }, $or: [beyond, rowsAfter(rest, others)] };
}

/**
 * One page of a keyset-paginated list. Keyset (not offset) pagination stays fast deep into a
 * national-scale list and does not skip or repeat rows when rows are inserted meanwhile. A cursor
 * is the last row's sort values; one that is not of this list's shape is `BAD_USER_INPUT`.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  page: PageArgs,
  orderBy: PageOrder<T>,
): Promise<ConnectionShape<T>> {
  const columns = sortColumns(em, entity, orderBy);
  const after = page.after ? decodeCursor(page.after, columns) : undefined;
  const filter = (after ? { $and: [where, rowsAfter(columns, after)] } : where) as FilterQuery<T>;
  let rows: T[];
  try {
    rows = (await em.find(entity, filter, {
      orderBy: columns.map((c) => ({ [c.property]: c.direction })),
      // One more than the page, to tell whether another page follows.
      limit: page.first + 1,
    } as FindOptions<T>)) as T[];
  } catch (error) {
    // A backstop: a value of the right JSON type that PostgreSQL still cannot compare (a number out of a column's range).
    if (after && error instanceof DriverException) throw notOurCursor();
    throw error;
  }
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(node, columns) }));
  return {
    edges,
    count: () => em.count(entity, where),
    pageInfo: {
      hasNextPage: rows.length > page.first,
      // A cursor names a row of this list, so a page after one has rows before it.
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
