import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Args, Ctx, Directive, Query, Resolver, type ClassType } from 'type-graphql';

import type { AuditLine } from '../../../contracts/audit-line.js';
import { FeedConsumer } from '../events/feed-consumer.js';
import { FeedArgs } from '../events/feed.js';
import type { SubgraphServices } from '../subgraph-services.js';
import { Audience, VisibleTo } from '../visibility.js';
import { AuditEntry } from './audit-entry.entity.js';

/** The root field through which a subgraph's own audit trail is read by the statistics subgraph. */
const auditFeedField = (service: string) => `${service}Audit`;

/**
 * A subgraph's own audit trail as an internal feed (service identity only, `@inaccessible`): lines
 * after a sequence number, oldest first.
 */
export function auditFeedResolver(service: string): ClassType {
  @Resolver()
  class AuditFeedResolver {
    @Query(() => [GraphQLJSONObject], {
      name: auditFeedField(service),
      nullable: true,
      description: 'This subgraph’s audit trail, for our own services.',
    })
    @Directive('@inaccessible')
    @VisibleTo(Audience.SERVICE)
    auditFeed(@Args(() => FeedArgs) { afterSequence, first }: FeedArgs, @Ctx() { em }: { em: EntityManager }): Promise<AuditEntry[]> {
      return em.find(AuditEntry, { service, sequence: { $gt: afterSequence } }, { orderBy: { sequence: 'asc' }, limit: first });
    }
  }
  return AuditFeedResolver;
}

/**
 * Copies the other subgraphs' audit trails into this one's, each through its feed with a
 * checkpoint (exactly once; a line already copied is left as it is), so NCSA reads one trail.
 * Each feed is stopped with the subgraph; the caller starts them.
 */
export function auditTrailFeeds(
  services: SubgraphServices,
  options: { urls: Readonly<Record<string, string>>; pollIntervalMs: number },
): FeedConsumer<AuditLine>[] {
  return Object.entries(options.urls).map(([service, url]) => {
    const feed = new FeedConsumer<AuditLine>({
      feed: `${service}-audit`,
      url,
      field: auditFeedField(service),
      selection: '',
      subject: services.name,
      identitySecret: services.config.identitySecret,
      orm: services.orm,
      apply: async (em, lines) => {
        await em
          .createQueryBuilder(AuditEntry)
          .insert(lines.map((line) => ({ ...line, recordedAt: new Date(line.recordedAt) })))
          .onConflict(['service', 'sequence'])
          .ignore()
          .execute();
      },
      pollIntervalMs: options.pollIntervalMs,
      logger: services.logger,
      metrics: services.metrics,
    });
    services.defer(() => feed.stop());
    return feed;
  });
}
