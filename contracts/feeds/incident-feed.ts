import { AffectedAssetType, ThreatCategory, ThreatLevel } from '../form-vocabulary.js';
import {
  every,
  feedContract,
  instant,
  integer,
  nullable,
  oneOf,
  optional,
  shape,
  text,
  texts,
  type FeedContract,
  type Shape,
  type Shapes,
} from './feed-contract.js';

/**
 * The incidents feed (`incidentFeed`), written by the incidents subgraph and read by statistics.
 * Fields are added, never removed or changed. A consumer skips (and logs) an event of a type it does
 * not know and stops before one that breaks the contract, without advancing its checkpoint (see
 * `organization-feed.ts`).
 */
export const INCIDENT_EVENT_TYPES = [
  'NOTIFIED',
  'REPORT_REVISED',
  'STATUS_CHANGED',
  'SEVERITY_ASSESSED',
  'REFERENCE_ASSIGNED',
  'DATA_UNAVAILABLE',
  'CLOSED',
  'DEADLINE_APPROACHING',
  'OVERDUE',
  'ASSISTANCE_REQUESTED',
  'ASSISTANCE_UPDATED',
  'REPORT_DEADLINE_CHANGED',
  'COMMENTED',
  'CASE_ASSIGNED',
  'CASE_STATUS_CHANGED',
  'OBSERVED',
] as const;

export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/**
 * The events about a case ThaiCERT observed (ThaiCERT 2.5) rather than an incident the organization
 * notified: their payload is the {@link ObservedCaseSnapshot}, not an incident's.
 */
export const OBSERVED_CASE_EVENT_TYPES = ['OBSERVED'] as const;
export type ObservedCaseEventType = (typeof OBSERVED_CASE_EVENT_TYPES)[number];
/** The events about an incident an organization notified: their payload is the {@link IncidentSnapshot}. */
export type NotifiedIncidentEventType = Exclude<IncidentEventType, ObservedCaseEventType>;

/** Where an incident stands: notified (ก1), reported (ก2), closed. */
export const INCIDENT_STATUSES = ['NOTIFIED', 'REPORTED', 'CLOSED'] as const;
export type IncidentFeedStatus = (typeof INCIDENT_STATUSES)[number];

export const ASSISTANCE_STATUSES = ['REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED'] as const;
export type AssistanceFeedStatus = (typeof ASSISTANCE_STATUSES)[number];

/** Where ThaiCERT's handling of an incident stands (its case workflow). */
export const HANDLING_STATUSES = ['TRIAGE', 'IN_PROGRESS', 'WAITING_FOR_ORGANIZATION', 'RESOLVED'] as const;
export type HandlingFeedStatus = (typeof HANDLING_STATUSES)[number];

/** The incident as it stands after the event: every incident event carries it. */
export interface IncidentSnapshot {
  incidentId: string;
  organizationId: string;
  status: IncidentFeedStatus;
  revision: number;
  /** Effective threat level: assessed, else reported. */
  severity: ThreatLevel;
  reportedSeverity: ThreatLevel;
  categories: ThreatCategory[];
  affectedAssetTypes: AffectedAssetType[];
  detectedAt: string;
  /** The ก2 deadline, or 24 hours after detection when there is none; kept for consumers written before {@link reportDeadline}. */
  reportDueAt: string;
  /** The ก2 deadline, null without the duty (clause 5: significant threats only); absent from events written before that rule. */
  reportDeadline?: string | null;
}

/** A case ThaiCERT observed at a registered organization, as it was recorded. */
export interface ObservedCaseSnapshot {
  observedCaseId: string;
  organizationId: string;
  observedAt: string;
  /** The threat level ThaiCERT saw, null when it gave none. */
  severity: ThreatLevel | null;
  categories: ThreatCategory[];
}

/** What an event of each type carries besides the {@link IncidentSnapshot}. */
export interface IncidentEventDetails {
  /** The case ThaiCERT observed that this notification answers, when the organization named one. */
  NOTIFIED: { observedCaseId?: string | null };
  REPORT_REVISED: object;
  STATUS_CHANGED: { previousStatus: IncidentFeedStatus };
  SEVERITY_ASSESSED: { assessedSeverity: ThreatLevel };
  REFERENCE_ASSIGNED: { referenceNumber: string };
  DATA_UNAVAILABLE: { reason: string };
  CLOSED: { closedAt: string };
  DEADLINE_APPROACHING: object;
  OVERDUE: object;
  ASSISTANCE_REQUESTED: { assistanceRequestId: string; kinds: string[] };
  ASSISTANCE_UPDATED: { assistanceRequestId: string; assistanceStatus: AssistanceFeedStatus; answeredBy: string };
  REPORT_DEADLINE_CHANGED: object;
  /** A regulator, ThaiCERT or NCSA commented on the incident (append-only). */
  COMMENTED: { commentId: string };
  /** ThaiCERT's case was assigned to an analyst (a token subject), or unassigned (`assignee` null). */
  CASE_ASSIGNED: { assignee: string | null; previousAssignee: string | null };
  CASE_STATUS_CHANGED: { handlingStatus: HandlingFeedStatus; previousHandlingStatus: HandlingFeedStatus };
}

/** One event of the incidents feed. */
export type IncidentFeedEvent =
  | { [T in NotifiedIncidentEventType]: { type: T; payload: IncidentSnapshot & IncidentEventDetails[T] } }[NotifiedIncidentEventType]
  | { type: 'OBSERVED'; payload: ObservedCaseSnapshot };

const snapshot: Shape<IncidentSnapshot> = {
  incidentId: text,
  organizationId: text,
  status: oneOf(INCIDENT_STATUSES),
  revision: integer,
  severity: oneOf(Object.values(ThreatLevel)),
  reportedSeverity: oneOf(Object.values(ThreatLevel)),
  categories: every(oneOf(Object.values(ThreatCategory))),
  affectedAssetTypes: every(oneOf(Object.values(AffectedAssetType))),
  detectedAt: instant,
  reportDueAt: instant,
  reportDeadline: optional(nullable(instant)),
};

const observedCase: Shape<ObservedCaseSnapshot> = {
  observedCaseId: text,
  organizationId: text,
  observedAt: instant,
  severity: nullable(oneOf(Object.values(ThreatLevel))),
  categories: every(oneOf(Object.values(ThreatCategory))),
};

const details: { [T in NotifiedIncidentEventType]: Shape<IncidentEventDetails[T]> } = {
  NOTIFIED: { observedCaseId: optional(nullable(text)) },
  REPORT_REVISED: {},
  STATUS_CHANGED: { previousStatus: oneOf(INCIDENT_STATUSES) },
  SEVERITY_ASSESSED: { assessedSeverity: oneOf(Object.values(ThreatLevel)) },
  REFERENCE_ASSIGNED: { referenceNumber: text },
  DATA_UNAVAILABLE: { reason: text },
  CLOSED: { closedAt: instant },
  DEADLINE_APPROACHING: {},
  OVERDUE: {},
  ASSISTANCE_REQUESTED: { assistanceRequestId: text, kinds: texts },
  ASSISTANCE_UPDATED: { assistanceRequestId: text, assistanceStatus: oneOf(ASSISTANCE_STATUSES), answeredBy: text },
  REPORT_DEADLINE_CHANGED: {},
  COMMENTED: { commentId: text },
  CASE_ASSIGNED: { assignee: nullable(text), previousAssignee: nullable(text) },
  CASE_STATUS_CHANGED: { handlingStatus: oneOf(HANDLING_STATUSES), previousHandlingStatus: oneOf(HANDLING_STATUSES) },
};

/** The contract of the incidents feed: an incident event's payload is the snapshot and its type's details. */
export const incidentFeed: FeedContract<IncidentFeedEvent> = feedContract<IncidentFeedEvent>(
  Object.fromEntries(
    INCIDENT_EVENT_TYPES.map((type) => [type, type === 'OBSERVED' ? shape(observedCase) : shape({ ...snapshot, ...details[type] })]),
  ) as Shapes<IncidentFeedEvent>,
);
