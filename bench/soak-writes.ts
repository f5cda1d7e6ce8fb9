import { randomUUID } from 'node:crypto';

import { NOTIFY_INCIDENT, SUBMIT_REPORT } from './scenarios.js';
import type { Operation } from './soak-traffic.js';

/** A write the graph acknowledged: what must be in the database afterwards. */
export interface AcknowledgedWrite {
  kind: 'notify' | 'revise' | 'close';
  organizationId: string;
  incidentId: string;
  /** The revision the write made (1 for the notification). */
  revision: number;
  idempotencyKey: string;
}

const CLOSE_INCIDENT = `mutation ($input: CloseIncidentInput!) { closeIncident(input: $input) { currentRevision } }`;
const HOUR_MS = 3_600_000;

/** Where a lane sends its writes (retried until acknowledged) and records the acknowledged ones. */
export interface WriteTarget {
  write(operation: Operation, field: string): Promise<Record<string, any> | null>;
  readonly acknowledged: AcknowledgedWrite[];
}

/**
 * One organization filing its incidents, one at a time: notification, three report revisions,
 * closing. An incident `leaveUnfiled` picks is notified 23 h 58 min after detection and left
 * unfiled instead, so the deadline watcher adds its DEADLINE_APPROACHING and OVERDUE events to
 * the stream too. A lane makes one write at a time because each revision is based on the one
 * before.
 */
export class WriteLane {
  busy = false;
  private incident: { id: string; revision: number } | null = null;

  constructor(
    private readonly traffic: WriteTarget,
    private readonly organizationId: string,
    private readonly headers: Record<string, string>,
    private readonly leaveUnfiled: () => boolean,
  ) {}

  advance(): Promise<void> {
    this.busy = true;
    return this.step().finally(() => (this.busy = false));
  }

  private async step(): Promise<void> {
    const idempotencyKey = randomUUID();
    if (!this.incident) {
      const leftUnfiled = this.leaveUnfiled();
      const detectedAt = new Date(Date.now() - (leftUnfiled ? 24 * HOUR_MS - 2 * 60_000 : HOUR_MS)).toISOString();
      const notified = await this.traffic.write(
        {
          name: 'notify (ก1)',
          query: NOTIFY_INCIDENT,
          headers: this.headers,
          variables: {
            input: {
              organizationId: this.organizationId,
              idempotencyKey,
              report: { severity: 'SERIOUS', categories: ['CAT4_MALICIOUS_LOGIC'], detectedAt },
            },
          },
        },
        'notifyIncident',
      );
      if (!notified) return;
      this.acknowledge('notify', notified.id, notified.currentRevision, idempotencyKey);
      if (!leftUnfiled) this.incident = { id: notified.id, revision: notified.currentRevision };
      return;
    }
    const { id, revision } = this.incident;
    const closing = revision >= 4;
    const input = closing
      ? { incidentId: id, basedOnRevision: revision, idempotencyKey, finalCategories: ['CAT4_MALICIOUS_LOGIC'] }
      : {
          incidentId: id,
          basedOnRevision: revision,
          idempotencyKey,
          report: { affectedSystem: { otherDetails: `soak revision ${revision + 1}` }, partTwo: { impact: { peopleAffected: revision } } },
        };
    const field = closing ? 'closeIncident' : 'submitIncidentReport';
    const revised = await this.traffic.write(
      {
        name: closing ? 'close' : 'revise (ก2)',
        query: closing ? CLOSE_INCIDENT : SUBMIT_REPORT,
        headers: this.headers,
        variables: { input },
      },
      field,
    );
    if (!revised) {
      this.incident = null; // refused (it should not be): start afresh rather than repeat a doomed write
      return;
    }
    this.acknowledge(closing ? 'close' : 'revise', id, revised.currentRevision, idempotencyKey);
    this.incident = closing ? null : { id, revision: revised.currentRevision };
  }

  private acknowledge(kind: AcknowledgedWrite['kind'], incidentId: string, revision: number, idempotencyKey: string): void {
    this.traffic.acknowledged.push({ kind, organizationId: this.organizationId, incidentId, revision, idempotencyKey });
  }
}
