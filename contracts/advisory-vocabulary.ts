import type { Labels } from './labels.js';

/*
 * The choice lists of advisories (TLP 2.0, CVSS), here rather than in the advisories subgraph so that
 * the incidents subgraph's `vocabulary` query serves them with every other list of the graph.
 * subgraphs/kit/contract-enums.ts registers them as GraphQL enums.
 */

/** Traffic Light Protocol 2.0 (FIRST): who a recipient may share an advisory with. */
export enum Tlp {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED',
}
export const TLP_LABELS: Labels<typeof Tlp> = {
  CLEAR: { th: 'TLP:CLEAR เปิดเผยได้ไม่จำกัด', en: 'TLP:CLEAR — may be shared without restriction' },
  GREEN: { th: 'TLP:GREEN เปิดเผยได้ภายในชุมชน', en: 'TLP:GREEN — limited to the community' },
  AMBER: { th: 'TLP:AMBER เปิดเผยได้ภายในองค์กรและผู้เกี่ยวข้อง', en: 'TLP:AMBER — limited to organizations and their clients' },
  AMBER_STRICT: { th: 'TLP:AMBER+STRICT เปิดเผยได้ภายในองค์กรเท่านั้น', en: 'TLP:AMBER+STRICT — limited to the organization only' },
  RED: { th: 'TLP:RED สำหรับผู้รับที่ระบุเท่านั้น', en: 'TLP:RED — for the named recipients only' },
};

export enum AdvisoryStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  UPDATED = 'UPDATED',
  WITHDRAWN = 'WITHDRAWN',
}
export const ADVISORY_STATUS_LABELS: Labels<typeof AdvisoryStatus> = {
  DRAFT: { th: 'ฉบับร่าง', en: 'Draft' },
  PUBLISHED: { th: 'เผยแพร่แล้ว', en: 'Published' },
  UPDATED: { th: 'ปรับปรุงแล้ว', en: 'Updated' },
  WITHDRAWN: { th: 'เพิกถอนแล้ว', en: 'Withdrawn' },
};

export enum CvssSeverity {
  NONE = 'NONE',
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
export const CVSS_SEVERITY_LABELS: Labels<typeof CvssSeverity> = {
  NONE: { th: 'ไม่มี', en: 'None' },
  LOW: { th: 'ต่ำ', en: 'Low' },
  MEDIUM: { th: 'ปานกลาง', en: 'Medium' },
  HIGH: { th: 'สูง', en: 'High' },
  CRITICAL: { th: 'วิกฤต', en: 'Critical' },
};

export enum AdvisoryEventType {
  PUBLISHED = 'PUBLISHED',
  UPDATED = 'UPDATED',
  WITHDRAWN = 'WITHDRAWN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}
export const ADVISORY_EVENT_TYPE_LABELS: Labels<typeof AdvisoryEventType> = {
  PUBLISHED: { th: 'เผยแพร่', en: 'Published' },
  UPDATED: { th: 'ปรับปรุง', en: 'Updated' },
  WITHDRAWN: { th: 'เพิกถอน', en: 'Withdrawn' },
  ACKNOWLEDGED: { th: 'รับทราบ', en: 'Acknowledged' },
};

/** What an indicator of compromise ThaiCERT records on an incident is. */
export enum IndicatorKind {
  IP_ADDRESS = 'IP_ADDRESS',
  DOMAIN_NAME = 'DOMAIN_NAME',
  URL = 'URL',
  FILE_HASH = 'FILE_HASH',
  EMAIL_ADDRESS = 'EMAIL_ADDRESS',
}
export const INDICATOR_KIND_LABELS: Labels<typeof IndicatorKind> = {
  IP_ADDRESS: { th: 'ที่อยู่ IP (IPv4 หรือ IPv6)', en: 'IP address (IPv4 or IPv6)' },
  DOMAIN_NAME: { th: 'ชื่อโดเมน', en: 'Domain name' },
  URL: { th: 'URL', en: 'URL' },
  FILE_HASH: { th: 'ค่าแฮชของไฟล์ (MD5, SHA-1 หรือ SHA-256)', en: 'File hash (MD5, SHA-1 or SHA-256)' },
  EMAIL_ADDRESS: { th: 'ที่อยู่อีเมล', en: 'E-mail address' },
};

/** The algorithm of a file hash, told by its length. */
export enum HashAlgorithm {
  MD5 = 'MD5',
  SHA1 = 'SHA1',
  SHA256 = 'SHA256',
}
export const HASH_ALGORITHM_LABELS: Labels<typeof HashAlgorithm> = {
  MD5: { th: 'MD5 (32 หลักฐานสิบหก)', en: 'MD5 (32 hex digits)' },
  SHA1: { th: 'SHA-1 (40 หลักฐานสิบหก)', en: 'SHA-1 (40 hex digits)' },
  SHA256: { th: 'SHA-256 (64 หลักฐานสิบหก)', en: 'SHA-256 (64 hex digits)' },
};

/** Whether an indicator is still to be acted on. Indicators are revoked, never deleted. */
export enum IndicatorStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
}
export const INDICATOR_STATUS_LABELS: Labels<typeof IndicatorStatus> = {
  ACTIVE: { th: 'ใช้งานอยู่', en: 'Active' },
  REVOKED: { th: 'เพิกถอนแล้ว', en: 'Revoked' },
};
