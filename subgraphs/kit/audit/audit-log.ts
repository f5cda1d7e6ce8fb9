import type { EntityManager } from '@mikro-orm/postgresql';

import { AuditKind } from '../../../contracts/audit-line.js';
import type { Caller } from '../../../platform/caller.js';

/** What restricted data was read (SPEC §3's restricted rows and fields). */
export const RestrictedRead = {
  CONTACT_DETAILS: 'CONTACT_DETAILS',
  INCIDENT_PART_TWO: 'INCIDENT_PART_TWO',
  ANALYST_NOTES: 'ANALYST_NOTES',
  ADVISORY_AMBER: 'ADVISORY_AMBER',
  ADVISORY_AMBER_STRICT: 'ADVISORY_AMBER_STRICT',
  ADVISORY_RED: 'ADVISORY_RED',
  INDICATOR_AMBER: 'INDICATOR_AMBER',
  INDICATOR_AMBER_STRICT: 'INDICATOR_AMBER_STRICT',
  INDICATOR_RED: 'INDICATOR_RED',
} as const;
export type RestrictedRead = (typeof RestrictedRead)[keyof typeof RestrictedRead];

export interface AuditLine {
  kind: AuditKind;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: string;
}

/**
 * The audit lines of one request, written together when the response is sent. A record read
 * many times in one request (every field of a contact) is one line.
 */
export class AuditLog {
  private readonly lines: AuditLine[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly caller: Caller,
    readonly requestId: string,
  ) {}

  read(what: RestrictedRead, targetType: string, targetId: string | null | undefined): void {
    const key = `${what}|${targetType}|${targetId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.lines.push({ kind: AuditKind.READ, action: what, targetType, targetId: targetId ?? null, outcome: 'OK' });
  }

  mutation(name: string, outcome: string, targetType: string | null, targetId: string | null): void {
    this.lines.push({ kind: AuditKind.MUTATION, action: name, targetType, targetId, outcome });
  }

  get isEmpty(): boolean {
    return this.lines.length === 0;
  }

  /**
   * Appends the lines to the subgraph's trail in one short transaction. Taking the numbers locks
   * the counter row until commit, so lines become visible strictly in sequence order and the
   * statistics subgraph can follow the trail "after N" without missing any.
   */
  async write(em: EntityManager, service: string, at = new Date()): Promise<void> {
    if (this.lines.length === 0) return;
    const caller = this.caller;
    const subject = 'subject' in caller ? caller.subject : null;
    const organizationId = caller.role === 'ORGANIZATION' ? caller.organizationId : null;
    const regulatorId = caller.role === 'REGULATOR' ? caller.regulatorId : null;
    await em.transactional(async (tx) => {
      const schema = tx.config.get('schema')!;
      const connection = tx.getConnection();
      const trx = tx.getTransactionContext();
      const [row] = await connection.execute<{ value: string }[]>(
        `update "${schema}"."audit_sequence" set "value" = "value" + ? where "service" = ? returning "value"`,
        [this.lines.length, service],
        'all',
        trx,
      );
      const first = Number(row!.value) - this.lines.length + 1;
      const values = this.lines.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      const params = this.lines.flatMap((line, i) => [
        service,
        first + i,
        at,
        this.requestId,
        caller.role,
        subject,
        organizationId,
        regulatorId,
        line.kind,
        line.action.slice(0, 80),
        line.targetType ?? null,
        line.targetId?.slice(0, 64) ?? null,
        line.outcome.slice(0, 40),
      ]);
      await connection.execute(
        `insert into "${schema}"."audit_entry" ("service", "sequence", "recorded_at", "request_id", "role", "subject", "organization_id", "regulator_id", "kind", "action", "target_type", "target_id", "outcome") values ${values}`,
        params,
        'run',
        trx,
      );
    });
  }
}

/** Where resolvers find the request's audit log (absent where nothing is audited, e.g. internal feeds). */
export interface AuditContext {
  audit?: AuditLog;
}
