import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';

import type { IdentitySecret } from '../../../../platform/identity.js';
import type { Logger } from '../../../../platform/logger.js';
import { inBangkok } from '../../../kit/bangkok-time.js';
import { FeedConsumer, type ConsumedEvent } from '../../../kit/events/feed-consumer.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { AssistanceFact, IncidentFact } from './incident-fact.entity.js';

interface IncidentPayload {
  incidentId: string;
  organizationId: string;
  status: string;
  severity: string;
  categories: string[];
  affectedAssetTypes: string[];
  detectedAt: string;
  /** Kept for older consumers; read {@link reportDeadline}. */
  reportDueAt: string;
  /** The ก2 deadline, null without the duty; absent from events written before the significance rule. */
  reportDeadline?: string | null;
  assistanceRequestId?: string;
  assistanceStatus?: string;
}

/** What a batch of events touches, loaded in one query per table rather than one per event. */
interface BatchRows {
  facts: Map<string, IncidentFact>;
  organizations: Map<string, SupervisedOrganization>;
  assistance: Map<string, AssistanceFact>;
}

const payloadOf = (event: ConsumedEvent) => event.payload as unknown as IncidentPayload;

/** An event written before the significance rule (clause 5) knew only `reportDueAt`, and it always applied. */
function reportDeadlineOf(p: IncidentPayload): Date | null {
  if (p.reportDeadline === undefined) return new Date(p.reportDueAt);
  return p.reportDeadline === null ? null : new Date(p.reportDeadline);
}

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

async function loadBatchRows(em: EntityManager, events: ConsumedEvent[], syncSupervision: () => Promise<unknown>): Promise<BatchRows> {
  const payloads = events.map(payloadOf);
  const facts = await em.find(IncidentFact, { incidentId: { $in: unique(payloads.map((p) => p.incidentId)) } });
  const assistance = await em.find(AssistanceFact, { requestId: { $in: unique(payloads.map((p) => p.assistanceRequestId)) } });
  const known = new Set(facts.map((f) => f.incidentId));
  const organizationIds = unique(payloads.filter((p) => !known.has(p.incidentId)).map((p) => p.organizationId));
  let organizations = await em.find(SupervisedOrganization, { id: { $in: organizationIds } });
  if (organizations.length < organizationIds.length) {
    await syncSupervision(); // an organization registered moments before its first report
    organizations = await em.fork().find(SupervisedOrganization, { id: { $in: organizationIds } });
  }
  return {
    facts: new Map(facts.map((f) => [f.incidentId, f])),
    organizations: new Map(organizations.map((o) => [o.id, o])),
    assistance: new Map(assistance.map((a) => [a.requestId, a])),
  };
}

/**
 * Applies one incident event to the batch's rows. The feed consumer already applies each event
 * exactly once (checkpoint in the same transaction); on top of that every row remembers the last
 * sequence it took, so a re-delivered event can never count twice.
 */
function applyIncidentEvent(em: EntityManager, event: ConsumedEvent, rows: BatchRows): void {
  const p = payloadOf(event);
  const at = new Date(event.occurredAt);
  let fact = rows.facts.get(p.incidentId);
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
    reportDueAt: reportDeadlineOf(p),
    lastSequence: event.sequence,
  };
  if (!fact) {
    const organization = rows.organizations.get(p.organizationId);
    fact = em.create(IncidentFact, {
      incidentId: p.incidentId,
      organizationId: p.organizationId,
      sectorId: organization?.sectorId ?? null,
      regulatorId: organization?.regulatorId ?? null,
      notifiedAt: at,
      ...state,
    });
    rows.facts.set(p.incidentId, fact);
  } else {
    Object.assign(fact, state);
    if (event.type === 'REPORT_REVISED') fact.reportFiledAt ??= at;
    if (event.type === 'SEVERITY_ASSESSED') fact.firstAssessedAt ??= at;
    if (event.type === 'CLOSED') fact.closedAt = at;
  }
  if (!p.assistanceRequestId) return;
  const request = rows.assistance.get(p.assistanceRequestId);
  if (event.type === 'ASSISTANCE_REQUESTED' && !request) {
    rows.assistance.set(
      p.assistanceRequestId,
      em.create(AssistanceFact, {
        requestId: p.assistanceRequestId,
        incidentId: p.incidentId,
        sectorId: fact.sectorId ?? null,
        regulatorId: fact.regulatorId ?? null,
        requestedAt: at,
      }),
    );
  }
  if (event.type === 'ASSISTANCE_UPDATED' && request) {
    request.firstRespondedAt ??= at;
    if (p.assistanceStatus === 'COMPLETED' || p.assistanceStatus === 'DECLINED') request.resolvedAt = at;
  }
}

async function applyIncidentEvents(em: EntityManager, events: ConsumedEvent[], syncSupervision: () => Promise<unknown>): Promise<void> {
  const rows = await loadBatchRows(em, events, syncSupervision);
  for (const event of events) applyIncidentEvent(em, event, rows);
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
  metrics: Registry;
}): FeedConsumer {
  return new FeedConsumer({
    feed: 'incidents',
    url: options.incidentsUrl,
    field: 'incidentFeed',
    subject: 'statistics',
    identitySecret: options.identitySecret,
    orm: options.orm,
    apply: (em, events) => applyIncidentEvents(em, events, options.syncSupervision),
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
    metrics: options.metrics,
  });
}
