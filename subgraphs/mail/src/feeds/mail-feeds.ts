import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';

import { advisoryFeed, type AdvisoryFeedEvent } from '../../../../contracts/feeds/advisory-feed.js';
import { incidentFeed, type IncidentFeedEvent } from '../../../../contracts/feeds/incident-feed.js';
import type { IdentitySecret } from '../../../../platform/identity.js';
import type { Logger } from '../../../../platform/logger.js';
import { eventFeedConsumer, type ContractEvent, type FeedConsumer } from '../../../kit/events/feed-consumer.js';
import { MailDelivery, MailOptOut, RegulatorMailbox, type MailContent } from '../outbox/mail-delivery.entity.js';
import { MailDeliveryStatus, MailKind, MANDATORY_KINDS } from '../outbox/mail-vocabulary.js';
import type { Directory, MailContact } from './service-client.js';

/** One mail to queue for every contact of some organizations. */
export interface MailIntent {
  eventKey: string;
  kind: MailKind;
  organizationIds: string[];
  incidentId?: string | null;
  advisoryId?: string | null;
  content: MailContent;
}

/** The domain of `MAIL_FROM`, which every Message-ID carries. */
export function messageIdDomain(mailFrom: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'localhost';
}

/**
 * Queues one row per intent and current contact. The unique (event, contact) key makes a replayed
 * event queue nothing new; a contact that opted out of a kind that is not mandatory gets a row
 * marked OPTED_OUT, so the operator sees that it was not sent and why.
 */
export async function queueMail(em: EntityManager, intents: MailIntent[], directory: Directory, domain: string): Promise<number> {
  if (intents.length === 0) return 0;
  const contacts = await directory.contactsOf([...new Set(intents.flatMap((i) => i.organizationIds))]);
  const byOrganization = new Map<string, MailContact[]>();
  for (const contact of contacts)
    byOrganization.set(contact.organizationId, [...(byOrganization.get(contact.organizationId) ?? []), contact]);
  const optOuts = await em.find(MailOptOut, { contactId: { $in: contacts.map((c) => c.contactId) } });
  const declined = new Set(optOuts.map((o) => `${o.contactId}:${o.kind}`));
  const rows = intents.flatMap((intent) =>
    intent.organizationIds.flatMap((organizationId) =>
      (byOrganization.get(organizationId) ?? []).map((contact) => {
        const id = uuidv7();
        const mandatory = MANDATORY_KINDS.has(intent.kind);
        const optedOut = !mandatory && declined.has(`${contact.contactId}:${intent.kind}`);
        return {
          id,
          eventKey: intent.eventKey,
          kind: intent.kind,
          contactId: contact.contactId,
          organizationId,
          recipientEmail: contact.email,
          incidentId: intent.incidentId ?? null,
          advisoryId: intent.advisoryId ?? null,
          mandatory,
          content: intent.content,
          status: optedOut ? MailDeliveryStatus.OPTED_OUT : MailDeliveryStatus.PENDING,
          attempts: 0,
          nextAttemptAt: optedOut ? null : new Date(),
          messageId: `<${id}@${domain}>`,
          createdAt: new Date(),
        };
      }),
    ),
  );
  if (rows.length === 0) return 0;
  await em.createQueryBuilder(MailDelivery).insert(rows).onConflict(['eventKey', 'contactId']).ignore().execute();
  return rows.length;
}

/**
 * Clause 4: an organization that notifies ThaiCERT notifies its regulator too — the system does it
 * for it, to every mailbox of the regulator that supervises the organization now, and the outbox
 * row records that it did.
 */
export async function queueRegulatorNotices(
  em: EntityManager,
  events: IncidentEvent[],
  directory: Directory,
  domain: string,
): Promise<void> {
  const notified = events.filter((e): e is Extract<IncidentEvent, { type: 'NOTIFIED' }> => e.type === 'NOTIFIED');
  if (notified.length === 0) return;
  const organizations = await directory.organizations([...new Set(notified.map((e) => e.payload.organizationId))]);
  const regulatorIds = [...new Set([...organizations.values()].map((o) => o.regulatorId).filter((id): id is string => !!id))];
  const mailboxes = regulatorIds.length ? await em.find(RegulatorMailbox, { regulatorId: { $in: regulatorIds } }) : [];
  const rows = notified.flatMap((event) => {
    const organization = organizations.get(event.payload.organizationId);
    return mailboxes
      .filter((m) => organization?.regulatorId && m.regulatorId === organization.regulatorId)
      .map((mailbox) => {
        const id = uuidv7();
        return {
          id,
          eventKey: `incident:${event.sequence}`,
          kind: MailKind.REGULATOR_NOTICE,
          contactId: mailbox.id,
          organizationId: event.payload.organizationId,
          regulatorId: mailbox.regulatorId,
          recipientEmail: mailbox.email,
          incidentId: event.payload.incidentId,
          advisoryId: null,
          mandatory: true,
          content: {
            incidentId: event.payload.incidentId,
            severity: event.payload.severity,
            detectedAt: event.payload.detectedAt,
            occurredAt: event.occurredAt,
            organizationNameTh: organization!.nameTh,
            organizationNameEn: organization!.nameEn,
          },
          status: MailDeliveryStatus.PENDING,
          attempts: 0,
          nextAttemptAt: new Date(),
          messageId: `<${id}@${domain}>`,
          createdAt: new Date(),
        };
      });
  });
  if (rows.length > 0) await em.createQueryBuilder(MailDelivery).insert(rows).onConflict(['eventKey', 'contactId']).ignore().execute();
}

/** Whether an event is too old to mail about (a first start reads the whole history of the feeds). */
const tooOld = (occurredAt: string, maxAgeMs: number) => Date.now() - new Date(occurredAt).getTime() > maxAgeMs;

type IncidentEvent = ContractEvent<IncidentFeedEvent>;

/** What an incident event asks to be mailed to the organization's contacts, if anything. */
export function incidentIntent(event: IncidentEvent): MailIntent | null {
  if (event.type === 'OBSERVED') return null;
  const { incidentId, organizationId, revision, status, severity } = event.payload;
  const base = { eventKey: `incident:${event.sequence}`, organizationIds: [organizationId], incidentId };
  const deadline = event.payload.reportDeadline === undefined ? event.payload.reportDueAt : event.payload.reportDeadline;
  const content = { incidentId, revision, status, severity, occurredAt: event.occurredAt, reportDeadline: deadline ?? null };
  switch (event.type) {
    case 'NOTIFIED':
      return { ...base, kind: MailKind.SUBMISSION_RECEIPT, content: { ...content, submission: 'NOTIFICATION' } };
    case 'REPORT_REVISED':
      return { ...base, kind: MailKind.SUBMISSION_RECEIPT, content: { ...content, submission: 'REPORT' } };
    case 'DEADLINE_APPROACHING':
      return { ...base, kind: MailKind.REPORT_DEADLINE_APPROACHING, content };
    case 'OVERDUE':
      return { ...base, kind: MailKind.REPORT_DEADLINE_MISSED, content };
    default:
      return null;
  }
}

type AdvisoryEvent = ContractEvent<AdvisoryFeedEvent>;

/** What an advisory event asks to be mailed, to every organization the advisories subgraph says may read it. */
export async function advisoryIntent(event: AdvisoryEvent, directory: Directory): Promise<MailIntent | null> {
  if (event.type !== 'PUBLISHED' && event.type !== 'UPDATED') return null;
  const mailing = await directory.advisory(event.payload.advisoryId);
  // Withdrawn since, or gone: nothing to announce.
  if (!mailing || mailing.status === 'WITHDRAWN' || mailing.status === 'DRAFT') return null;
  const { audienceOrganizationIds, advisoryId, ...rest } = mailing;
  return {
    eventKey: `advisory:${event.sequence}`,
    kind: event.type === 'PUBLISHED' ? MailKind.ADVISORY_PUBLISHED : MailKind.ADVISORY_UPDATED,
    organizationIds: audienceOrganizationIds,
    advisoryId,
    content: { ...rest, changeSummary: event.type === 'UPDATED' ? event.payload.changeSummary : null },
  };
}

interface FeedOptions {
  orm: MikroORM;
  incidentsUrl: string;
  advisoriesUrl: string;
  identitySecret: IdentitySecret;
  pollIntervalMs: number;
  directory: Directory;
  domain: string;
  maxEventAgeMs: number;
  logger: Logger;
  metrics: Registry;
}

/** Follows the incidents feed: receipts of each submission, the ก2 deadline approaching and missed. */
export function incidentMailFeed(options: FeedOptions): FeedConsumer {
  return eventFeedConsumer({
    feed: 'incidents',
    contract: incidentFeed,
    url: options.incidentsUrl,
    field: 'incidentFeed',
    subject: 'mail',
    identitySecret: options.identitySecret,
    orm: options.orm,
    apply: async (em, events) => {
      const fresh = events.filter((e) => !tooOld(e.occurredAt, options.maxEventAgeMs));
      const intents = fresh.map(incidentIntent).filter((i): i is MailIntent => i !== null);
      await queueMail(em, intents, options.directory, options.domain);
      await queueRegulatorNotices(em, fresh, options.directory, options.domain);
    },
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
    metrics: options.metrics,
  });
}

/** Follows the advisories feed: each publication and update, to its TLP audience. */
export function advisoryMailFeed(options: FeedOptions): FeedConsumer {
  return eventFeedConsumer({
    feed: 'advisories',
    contract: advisoryFeed,
    url: options.advisoriesUrl,
    field: 'advisoryFeed',
    subject: 'mail',
    identitySecret: options.identitySecret,
    orm: options.orm,
    apply: async (em, events) => {
      const intents: MailIntent[] = [];
      for (const event of events.filter((e) => !tooOld(e.occurredAt, options.maxEventAgeMs))) {
        const intent = await advisoryIntent(event, options.directory);
        if (intent) intents.push(intent);
      }
      await queueMail(em, intents, options.directory, options.domain);
    },
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
    metrics: options.metrics,
  });
}
