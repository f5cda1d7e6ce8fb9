import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';

import { readAll } from '../../../contracts/feeds/feed-contract.js';
import { organizationFeed, type OrganizationFeedEvent } from '../../../contracts/feeds/organization-feed.js';
import type { IdentitySecret } from '../../../platform/identity.js';
import type { Logger } from '../../../platform/logger.js';
import { eventFeedConsumer, type ContractEvent, type FeedConsumer } from '../events/feed-consumer.js';
import { RegulatorDeadline, SupervisedOrganization } from './supervised-organization.entity.js';

/** A registry event, as the supervision copy and a subgraph's own `alsoApply` receive it. */
export type RegistryEvent = ContractEvent<OrganizationFeedEvent>;

async function applyRegistryEvent(em: EntityManager, event: RegistryEvent): Promise<void> {
  switch (event.type) {
    case 'ORGANIZATION_REGISTERED':
    case 'ORGANIZATION_UPDATED': {
      const { organizationId, kind, sectorId, regulatorId, ...rest } = event.payload;
      readAll(rest);
      await em.upsert(SupervisedOrganization, { id: organizationId, kind, sectorId, regulatorId });
      return;
    }
    case 'REGULATOR_REGISTERED':
    case 'REGULATOR_DEADLINE_CHANGED': {
      const { regulatorId, notificationDeadlineHours, reportDeadlineHours, ...rest } = event.payload;
      readAll(rest);
      // An event written before regulators set a report deadline is from when none could be set.
      await em.upsert(RegulatorDeadline, { regulatorId, notificationDeadlineHours, reportDeadlineHours: reportDeadlineHours ?? null });
      return;
    }
    case 'POINT_OF_CONTACT_KEY_CHANGED':
      return; // contacts' keys are not supervision; the incidents subgraph keeps them (alsoApply)
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Follows the organizations subgraph's registry events into the supervision copy. */
export function supervisionFeed(options: {
  orm: MikroORM;
  organizationsUrl: string;
  /** The consuming subgraph, as the identity it calls with. */
  subject: string;
  identitySecret: IdentitySecret;
  pollIntervalMs: number;
  logger: Logger;
  metrics: Registry;
  /** What else this subgraph keeps from the registry's events (the incidents subgraph: contacts' keys), in the same transaction. */
  alsoApply?: (em: EntityManager, events: RegistryEvent[]) => Promise<void>;
}): FeedConsumer {
  return eventFeedConsumer({
    feed: 'organizations',
    contract: organizationFeed,
    url: options.organizationsUrl,
    field: 'organizationEvents',
    subject: options.subject,
    identitySecret: options.identitySecret,
    orm: options.orm,
    apply: async (em, events) => {
      for (const event of events) await applyRegistryEvent(em, event);
      await options.alsoApply?.(em, events);
    },
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
    metrics: options.metrics,
  });
}
