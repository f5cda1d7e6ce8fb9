import type { EntityManager } from '@mikro-orm/postgresql';
import { Ctx, Int, Query, Resolver, type ClassType } from 'type-graphql';

import { headFieldOf } from '../../../platform/subscription-protocol.js';
import { VisibleTo, type Audience } from '../visibility.js';
import { newestSequence } from './outbox.js';

/** The `<stream>Head` query of one of this subgraph's event streams, as visible as the stream itself. */
export function streamHeadResolver(stream: string, ...audiences: Audience[]): ClassType {
  @Resolver()
  class StreamHeadResolver {
    @Query(() => Int, {
      name: headFieldOf(stream),
      nullable: true,
      description: `The sequence of the newest event. Subscribe to ${stream} with afterSequence set to it to miss nothing from this moment on, even across reconnections.`,
    })
    @VisibleTo(...audiences)
    head(@Ctx() { em }: { em: EntityManager }): Promise<number> {
      return newestSequence(em);
    }
  }
  return StreamHeadResolver;
}
