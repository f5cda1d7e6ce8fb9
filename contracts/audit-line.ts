/** Whether an audit line records a change attempted or restricted data read. */
export enum AuditKind {
  MUTATION = 'MUTATION',
  READ = 'READ',
}

/**
 * One line of the audit trail: who (subject, role, and the organization or regulator acted for)
 * did what (a mutation and its outcome, or a read of restricted data), to which record, when, in
 * which request. Each subgraph records its own; the statistics subgraph copies everyone's, for NCSA.
 */
export interface AuditRecord {
  /** The subgraph that recorded it. */
  service: string;
  /** Its number in that subgraph's trail, without gaps. */
  sequence: number;
  recordedAt: Date;
  /** The request it belongs to (x-request-id), the same in every service the request reached. */
  requestId: string;
  role: string;
  subject?: string | null;
  organizationId?: string | null;
  regulatorId?: string | null;
  kind: AuditKind;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** OK, or the error code the request was refused with. */
  outcome: string;
}

/** An audit line as it travels between subgraphs, through each one's audit feed (JSON, dates as ISO strings). */
export type AuditLine = { [K in keyof AuditRecord]: AuditRecord[K] extends Date ? string : AuditRecord[K] };
