import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { inBangkok } from '../../../shared/bangkok-time.js';
import { FeedConsumer, type ConsumedEvent } from '../../../shared/events/feed-consumer.js';
import type { IdentitySecret } from '../../../shared/identity.js';
import type { Logger } from '../../../shared/logger.js';
import { SupervisedOrganization } from '../../../shared/supervision/supervised-organization.entity.js';
import { AssistanceFact, IncidentFact } from './incident-fact.entity.js';

interface IncidentPayload {
  incidentId: string;
  organizationId: string;
  status: string;
  severity: string;
  categories: string[];
  affectedAssetTypes: string[];
  detectedAt: string;
  reportDueAt: string;
  assistanceRequestId?: string;
  assistanceStatus?: string;
}

/**
 * Applies one incident event to the read model. The feed consumer already applies each event
 * exactly once (checkpoint in the same transaction); on top of that every row remembers the last
 * sequence it took, so a re-delivered event can never count twice.
 */
async function applyIncidentEvent(em: EntityManager, event: ConsumedEvent, syncSupervision: () => Promise<unknown>): Promise<void> {
  const p = event.payload as unknown as IncidentPayload;
  const at = new Date(event.occurredAt);
  const fact = await em.findOne(IncidentFact, { incidentId: p.incidentId });
  if (fact && fact.lastSequence >= event.sequence) return;
  const detectedAt = new Date(p.detectedAt);
  const state = {
    status: p.status,
    severity: p.severity,
    categories: p.categories,
    assetTypes: p.affectedAssetTypes ?? [],
    detectedAt,
    detectedYear: Number(inBangkok(detectedAt).slice(0, 4)),
    detectedMonth: Number(inBangkok(detectedAt).slice(5, 7)),
    reportDueAt: new Date(p.reportDueAt),
    lastSequence: event.sequence,
  };
  if (!fact) {
    let organization = await em.findOne(SupervisedOrganization, { id: p.organizationId });
    if (!organization) {
      await syncSupervision(); // an organization registered moments before its first report
      organization = await em.fork().findOne(SupervisedOrganization, { id: p.organizationId });
    }
    em.create(IncidentFact, {
      incidentId: p.incidentId,
      organizationId: p.organizationId,
      sectorId: organization?.sectorId ?? null,
      regulatorId: organization?.regulatorId ?? null,
      notifiedAt: at,
      ...state,
    });
  } else {
    Object.assign(fact, state);
    if (event.type === 'REPORT_REVISED') fact.reportFiledAt ??= at;
    if (event.type === 'SEVERITY_ASSESSED') fact.firstAssessedAt ??= at;
    if (event.type === 'CLOSED') fact.closedAt = at;
  }
  if (event.type === 'ASSISTANCE_REQUESTED' && p.assistanceRequestId) {
    const owner = fact ?? (await em.findOne(IncidentFact, { incidentId: p.incidentId }));
    await em.upsert(AssistanceFact, {
      requestId: p.assistanceRequestId,
      incidentId: p.incidentId,
      sectorId: owner?.sectorId ?? null,
      regulatorId: owner?.regulatorId ?? null,
      requestedAt: at,
    });
  }
  if (event.type === 'ASSISTANCE_UPDATED' && p.assistanceRequestId) {
    const request = await em.findOne(AssistanceFact, { requestId: p.assistanceRequestId });
    if (request) {
      request.firstRespondedAt ??= at;
      if (p.assistanceStatus === 'COMPLETED' || p.assistanceStatus === 'DECLINED') request.resolvedAt = at;
    }
  }
  await em.flush();
}

/** Follows the incidents subgraph's event feed into the statistics read model. */
export function incidentFactsFeed(options: {
  orm: MikroORM;
  incidentsUrl: string;
  identitySecret: IdentitySecret;
  pollIntervalMs: number;
  syncSupervision: () => Promise<unknown>;
  logger: Logger;
}): FeedConsumer {
  return new FeedConsumer({
    feed: 'incidents',
    url: options.incidentsUrl,
    field: 'incidentFeed',
    subject: 'statistics',
    identitySecret: options.identitySecret,
    orm: options.orm,
    apply: (em, event) => applyIncidentEvent(em, event, options.syncSupervision),
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
  });
}
