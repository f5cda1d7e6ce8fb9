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
