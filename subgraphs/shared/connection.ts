import {
  Cursor,
  DriverException,
  type EntityManager,
  type EntityName,
  type FilterQuery,
  type FindByCursorOptions,
} from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from './errors.js';
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

export const MAX_PAGE_SIZE = 100;

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

    @Field(() => Int, { description: 'How many match the filter, across all pages.' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionType;
}

function decodeCursor(after: string): string {
  try {
    const decoded = Cursor.decode(after);
    if (Array.isArray(decoded) && decoded.every((v) => ['string', 'number', 'boolean'].includes(typeof v) || v === null)) {
      return after;
    }
  } catch {
    // falls through to the refusal below
  }
  throw badUserInput('after is not a cursor this list returned', { argument: 'after' });
}

/**
 * One page of a keyset-paginated list. Keyset (not offset) pagination stays fast deep into a
 * national-scale list and does not skip or repeat rows when rows are inserted meanwhile.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  page: PageArgs,
  orderBy: FindByCursorOptions<T, never, '*', never, true>['orderBy'],
): Promise<ConnectionShape<T>> {
  try {
    const cursor = await em.findByCursor(entity, where, {
      first: page.first,
      after: page.after ? decodeCursor(page.after) : undefined,
      orderBy,
      includeCount: false,
    } as FindByCursorOptions<T, never, '*', never, false>);
    return {
      edges: cursor.items.map((node) => ({ node: node as T, cursor: cursor.from(node) })),
      count: () => em.count(entity, where),
      pageInfo: {
        hasNextPage: cursor.hasNextPage,
        hasPreviousPage: cursor.hasPrevPage,
        startCursor: cursor.startCursor,
        endCursor: cursor.endCursor,
      },
    };
  } catch (error) {
    // A cursor whose values do not fit the sort columns (tampered with) fails in PostgreSQL.
    if (page.after && error instanceof DriverException) throw badUserInput('after is not a cursor this list returned');
    throw error;
  }
}
