import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { Registry } from 'prom-client';
import { Args, Ctx, Directive, Query, Resolver, type ClassType } from 'type-graphql';

import type { AuditLine } from '../../../contracts/audit-line.js';
import type { IdentitySecret } from '../../../platform/identity.js';
import type { Logger } from '../../../platform/logger.js';
import { FeedConsumer } from '../events/feed-consumer.js';
import { FeedArgs } from '../events/feed.js';
import { Audience, VisibleTo } from '../visibility.js';
import { AuditEntry } from './audit-entry.entity.js';

/** The root field through which a subgraph's own audit trail is read by the statistics subgraph. */
export const auditFeedField = (service: string) => `${service}Audit`;

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
 */
export function auditTrailFeeds(options: {
  orm: MikroORM;
  urls: Record<string, string>;
  subject: string;
  identitySecret: IdentitySecret;
  pollIntervalMs: number;
  logger: Logger;
  metrics: Registry;
}): FeedConsumer<AuditLine>[] {
  return Object.entries(options.urls).map(
    ([service, url]) =>
      new FeedConsumer<AuditLine>({
        feed: `${service}-audit`,
        url,
        field: auditFeedField(service),
        selection: '',
        subject: options.subject,
        identitySecret: options.identitySecret,
        orm: options.orm,
        apply: async (em, lines) => {
          await em
            .createQueryBuilder(AuditEntry)
            .insert(lines.map((line) => ({ ...line, recordedAt: new Date(line.recordedAt) })))
            .onConflict(['service', 'sequence'])
            .ignore()
            .execute();
        },
        pollIntervalMs: options.pollIntervalMs,
        logger: options.logger,
        metrics: options.metrics,
      }),
  );
}
