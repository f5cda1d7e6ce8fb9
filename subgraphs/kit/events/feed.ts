import { Max, Min } from 'class-validator';
import { GraphQLJSONObject, GraphQLSafeInt } from 'graphql-scalars';
import { ArgsType, Directive, Field, ID, Int, ObjectType, type ClassType } from 'type-graphql';

import { Audience, VisibleTo } from '../visibility.js';

/** `afterSequence`/`first` of an internal event feed. */
@ArgsType()
export class FeedArgs {
  @Field(() => GraphQLSafeInt, { defaultValue: 0 }) @Min(0) afterSequence: number = 0;
  @Field(() => Int, { defaultValue: 500 }) @Min(1) @Max(5000) first: number = 500;
}

export interface FeedEventShape {
  sequence: number;
  type: string;
  aggregateId: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * The GraphQL type of one subgraph's internal event feed, read by our other services (service
 * identity only) and kept out of the public API (`@inaccessible`).
 */
export function FeedEventType(name: string): ClassType<FeedEventShape> {
  @ObjectType(name, { description: 'An outbox event, for our own services.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  class FeedEvent {
    @Field(() => Int) sequence!: number;
    @Field() type!: string;
    @Field(() => ID) aggregateId!: string;
    @Field() occurredAt!: Date;
    @Field(() => GraphQLJSONObject) payload!: Record<string, unknown>;
  }
  return FeedEvent;
}
