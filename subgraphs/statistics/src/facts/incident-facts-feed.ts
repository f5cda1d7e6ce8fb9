import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';

import { readAll } from '../../../../contracts/feeds/feed-contract.js';
import {
  incidentFeed,
  type IncidentEventDetails,
  type IncidentFeedEvent,
  type IncidentSnapshot,
} from '../../../../contracts/feeds/incident-feed.js';
import type { IdentitySecret } from '../../../../platform/identity.js';
import type { Logger } from '../../../../platform/logger.js';
import { inBangkok } from '../../../kit/bangkok-time.js';
import { eventFeedConsumer, type ContractEvent, type FeedConsumer } from '../../../kit/events/feed-consumer.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { AssistanceFact, IncidentFact, ObservedCaseFact } from './incident-fact.entity.js';

type FeedEvent = ContractEvent<IncidentFeedEvent>;
/** An event about an incident an organization notified, as opposed to a case ThaiCERT observed. */
type IncidentEvent = Exclude<FeedEvent, { type: 'OBSERVED' }>;
type ObservedEvent = Extract<FeedEvent, { type: 'OBSERVED' }>;

const isObserved = (event: FeedEvent): event is ObservedEvent => event.type === 'OBSERVED';

/** What a batch of events touches, loaded in one query per table rather than one per event. */
interface BatchRows {
  facts: Map<string, IncidentFact>;
  organizations: Map<string, SupervisedOrganization>;
  assistance: Map<string, AssistanceFact>;
}

/** An event written before the significance rule (clause 5) knew only `reportDueAt`, and it always applied. */
function reportDeadlineOf(reportDueAt: string, reportDeadline: string | null | undefined): Date | null {
  if (reportDeadline === undefined) return new Date(reportDueAt);
  return reportDeadline === null ? null : new Date(reportDeadline);
}

/**
 * The fact's state from the incident as the event left it. Every field of the snapshot is named,
 * read or passed over, so a field added to the contract fails to compile until it is placed here.
 */
function factStateOf(snapshot: IncidentSnapshot, sequence: number) {
  const {
    incidentId: _incidentId, // the fact's key
    organizationId: _organizationId, // fixed when the fact is created, with the supervision of that moment
    revision: _revision, // figures count incidents, not submissions
    reportedSeverity: _reportedSeverity, // figures use the effective level
    status,
    severity,
    categories,
    affectedAssetTypes,
    detectedAt,
    reportDueAt,
    reportDeadline,
    ...rest
  } = snapshot;
  readAll(rest);
  const detected = new Date(detectedAt);
  return {
    status,
    severity,
    categories,
    assetTypes: affectedAssetTypes,
    detectedAt: detected,
    detectedYear: Number(inBangkok(detected).slice(0, 4)),
    detectedMonth: Number(inBangkok(detected).slice(5, 7)),
    reportDueAt: reportDeadlineOf(reportDueAt, reportDeadline),
    lastSequence: sequence,
  };
}

const assistanceRequestOf = (event: IncidentEvent) =>
  event.type === 'ASSISTANCE_REQUESTED' || event.type === 'ASSISTANCE_UPDATED' ? event.payload.assistanceRequestId : undefined;

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

async function organizationsOf(
  em: EntityManager,
  organizationIds: string[],
  syncSupervision: () => Promise<unknown>,
): Promise<Map<string, SupervisedOrganization>> {
  let organizations = await em.find(SupervisedOrganization, { id: { $in: organizationIds } });
  if (organizations.length < organizationIds.length) {
    await syncSupervision(); // an organization registered moments before its first report
    organizations = await em.fork().find(SupervisedOrganization, { id: { $in: organizationIds } });
  }
  return new Map(organizations.map((o) => [o.id, o]));
}

async function loadBatchRows(em: EntityManager, events: IncidentEvent[], syncSupervision: () => Promise<unknown>): Promise<BatchRows> {
  const facts = await em.find(IncidentFact, { incidentId: { $in: unique(events.map((e) => e.payload.incidentId)) } });
  const assistance = await em.find(AssistanceFact, { requestId: { $in: unique(events.map(assistanceRequestOf)) } });
  const known = new Set(facts.map((f) => f.incidentId));
  const organizationIds = unique(events.filter((e) => !known.has(e.payload.incidentId)).map((e) => e.payload.organizationId));
  return {
    facts: new Map(facts.map((f) => [f.incidentId, f])),
    organizations: await organizationsOf(em, organizationIds, syncSupervision),
    assistance: new Map(assistance.map((a) => [a.requestId, a])),
  };
}

/** What an event of each type adds to an incident's existing fact, besides its state. */
function applyMilestone(fact: IncidentFact, event: IncidentEvent, at: Date): void {
  switch (event.type) {
    case 'REPORT_REVISED':
      fact.reportFiledAt ??= at;
      return;
    case 'SEVERITY_ASSESSED':
      fact.firstAssessedAt ??= at;
      return;
    case 'CLOSED':
      fact.closedAt = at;
      return;
    case 'NOTIFIED':
    case 'STATUS_CHANGED':
    case 'REFERENCE_ASSIGNED':
    case 'DATA_UNAVAILABLE':
    case 'DEADLINE_APPROACHING':
    case 'OVERDUE':
    case 'ASSISTANCE_REQUESTED':
    case 'ASSISTANCE_UPDATED':
    case 'REPORT_DEADLINE_CHANGED':
    case 'COMMENTED': // a comment changes no figure
    case 'CASE_ASSIGNED': // ThaiCERT's own workflow: no published figure counts it
    case 'CASE_STATUS_CHANGED':
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** An assistance request asked or answered, for the time ThaiCERT takes to answer. */
function applyAssistance(em: EntityManager, fact: IncidentFact, event: IncidentEvent, at: Date, rows: BatchRows): void {
  if (event.type === 'ASSISTANCE_REQUESTED') {
    const { assistanceRequestId, kinds: _kinds, ...rest }: IncidentEventDetails['ASSISTANCE_REQUESTED'] = event.payload;
    readAll(rest);
    if (rows.assistance.has(assistanceRequestId)) return;
    rows.assistance.set(
      assistanceRequestId,
      em.create(AssistanceFact, {
        requestId: assistanceRequestId,
        incidentId: fact.incidentId,
        sectorId: fact.sectorId ?? null,
        regulatorId: fact.regulatorId ?? null,
        requestedAt: at,
      }),
    );
  } else if (event.type === 'ASSISTANCE_UPDATED') {
    const {
      assistanceRequestId,
      assistanceStatus,
      answeredBy: _answeredBy,
      ...rest
    }: IncidentEventDetails['ASSISTANCE_UPDATED'] = event.payload;
    readAll(rest);
    const request = rows.assistance.get(assistanceRequestId);
    if (!request) return;
    request.firstRespondedAt ??= at;
    if (assistanceStatus === 'COMPLETED' || assistanceStatus === 'DECLINED') request.resolvedAt = at;
  }
}

/**
 * Applies one incident event to the batch's rows. The feed consumer already applies each event
 * exactly once (checkpoint in the same transaction); on top of that every row remembers the last
 * sequence it took, so a re-delivered event can never count twice.
 */
function applyIncidentEvent(em: EntityManager, event: IncidentEvent, rows: BatchRows): void {
  const { incidentId, organizationId } = event.payload;
  const at = new Date(event.occurredAt);
  let fact = rows.facts.get(incidentId);
  if (fact && fact.lastSequence >= event.sequence) return;
  const state = factStateOf(event.payload, event.sequence);
  if (!fact) {
    const organization = rows.organizations.get(organizationId);
    fact = em.create(IncidentFact, {
      incidentId,
      organizationId,
      sectorId: organization?.sectorId ?? null,
      regulatorId: organization?.regulatorId ?? null,
      notifiedAt: at,
      ...state,
    });
    rows.facts.set(incidentId, fact);
  } else {
    Object.assign(fact, state);
    applyMilestone(fact, event, at);
  }
  applyAssistance(em, fact, event, at, rows);
}

/**
 * A case ThaiCERT observed becomes its own fact, never an incident's: it is no report of the
 * organization. Its sector and regulator are the organization's when it was observed. An event
 * seen before changes nothing.
 */
async function applyObservedEvents(em: EntityManager, events: ObservedEvent[], syncSupervision: () => Promise<unknown>): Promise<void> {
  if (events.length === 0) return;
  const ids = events.map((e) => e.payload.observedCaseId);
  const known = new Set((await em.find(ObservedCaseFact, { observedCaseId: { $in: ids } })).map((f) => f.observedCaseId));
  const organizations = await organizationsOf(em, unique(events.map((e) => e.payload.organizationId)), syncSupervision);
  for (const { payload } of events) {
    const { observedCaseId, organizationId, observedAt, severity, categories, ...rest } = payload;
    readAll(rest);
    if (known.has(observedCaseId)) continue;
    known.add(observedCaseId);
    const organization = organizations.get(organizationId);
    em.create(ObservedCaseFact, {
      observedCaseId,
      organizationId,
      sectorId: organization?.sectorId ?? null,
      regulatorId: organization?.regulatorId ?? null,
      observedAt: new Date(observedAt),
      severity,
      categories,
    });
  }
}

async function applyIncidentEvents(em: EntityManager, events: FeedEvent[], syncSupervision: () => Promise<unknown>): Promise<void> {
  const incidentEvents = events.filter((event): event is IncidentEvent => !isObserved(event));
  const rows = await loadBatchRows(em, incidentEvents, syncSupervision);
  for (const event of incidentEvents) applyIncidentEvent(em, event, rows);
  await applyObservedEvents(em, events.filter(isObserved), syncSupervision);
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
  return eventFeedConsumer({
    feed: 'incidents',
    contract: incidentFeed,
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
