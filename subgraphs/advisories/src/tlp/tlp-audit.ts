import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { RestrictedRead, type AuditContext } from '../../../kit/audit/audit-log.js';

/** A record shared under TLP, as far as reading it is audited: what it is, its id, its label. */
export interface TlpRecordRef {
  type: 'Advisory' | 'Indicator';
  id: string;
  tlp: Tlp;
}

const RESTRICTED: Record<TlpRecordRef['type'], Partial<Record<Tlp, RestrictedRead>>> = {
  Advisory: {
    [Tlp.AMBER]: RestrictedRead.ADVISORY_AMBER,
    [Tlp.AMBER_STRICT]: RestrictedRead.ADVISORY_AMBER_STRICT,
    [Tlp.RED]: RestrictedRead.ADVISORY_RED,
  },
  Indicator: {
    [Tlp.AMBER]: RestrictedRead.INDICATOR_AMBER,
    [Tlp.AMBER_STRICT]: RestrictedRead.INDICATOR_AMBER_STRICT,
    [Tlp.RED]: RestrictedRead.INDICATOR_RED,
  },
};

/** The restricted read a record's label makes of reading it (AMBER and stricter), or null for CLEAR and GREEN. */
export const restrictedReadOf = (record: TlpRecordRef): RestrictedRead | null => RESTRICTED[record.type][record.tlp] ?? null;

/**
 * Records in the request's audit trail each restricted record a resolver returned in a document of
 * its own (a STIX page, a MISP file, an indicator list): what `@auditedRead` records for an
 * advisory's own fields, for reads that do not go through them. One line per record and request.
 */
export function auditRestrictedReads(context: object, records: Iterable<TlpRecordRef | null>): void {
  const { audit } = context as AuditContext;
  for (const record of records) {
    const what = record && restrictedReadOf(record);
    if (what) audit?.read(what, record.type, record.id);
  }
}
