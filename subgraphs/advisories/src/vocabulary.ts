import { registerLabelledEnum } from '../../kit/labelled-enum.js';

/** Traffic Light Protocol 2.0 (FIRST): who a recipient may share an advisory with. */
export enum Tlp {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED',
}
export const TLP_LABELS = registerLabelledEnum(Tlp, 'Tlp', 'Traffic Light Protocol 2.0 label.', {
  CLEAR: { th: 'TLP:CLEAR เปิดเผยได้ไม่จำกัด', en: 'TLP:CLEAR — may be shared without restriction' },
  GREEN: { th: 'TLP:GREEN เปิดเผยได้ภายในชุมชน', en: 'TLP:GREEN — limited to the community' },
  AMBER: { th: 'TLP:AMBER เปิดเผยได้ภายในองค์กรและผู้เกี่ยวข้อง', en: 'TLP:AMBER — limited to organizations and their clients' },
  AMBER_STRICT: { th: 'TLP:AMBER+STRICT เปิดเผยได้ภายในองค์กรเท่านั้น', en: 'TLP:AMBER+STRICT — limited to the organization only' },
  RED: { th: 'TLP:RED สำหรับผู้รับที่ระบุเท่านั้น', en: 'TLP:RED — for the named recipients only' },
});

export enum AdvisoryStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  UPDATED = 'UPDATED',
  WITHDRAWN = 'WITHDRAWN',
}
registerLabelledEnum(AdvisoryStatus, 'AdvisoryStatus', 'Where an advisory stands.', {
  DRAFT: { th: 'ฉบับร่าง', en: 'Draft' },
  PUBLISHED: { th: 'เผยแพร่แล้ว', en: 'Published' },
  UPDATED: { th: 'ปรับปรุงแล้ว', en: 'Updated' },
  WITHDRAWN: { th: 'เพิกถอนแล้ว', en: 'Withdrawn' },
});

export enum CvssSeverity {
  NONE = 'NONE',
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerLabelledEnum(CvssSeverity, 'CvssSeverity', 'Qualitative severity of a CVSS base score.', {
  NONE: { th: 'ไม่มี', en: 'None' },
  LOW: { th: 'ต่ำ', en: 'Low' },
  MEDIUM: { th: 'ปานกลาง', en: 'Medium' },
  HIGH: { th: 'สูง', en: 'High' },
  CRITICAL: { th: 'วิกฤต', en: 'Critical' },
});

export enum AdvisoryEventType {
  PUBLISHED = 'PUBLISHED',
  UPDATED = 'UPDATED',
  WITHDRAWN = 'WITHDRAWN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}
registerLabelledEnum(AdvisoryEventType, 'AdvisoryEventType', 'What happened to an advisory.', {
  PUBLISHED: { th: 'เผยแพร่', en: 'Published' },
  UPDATED: { th: 'ปรับปรุง', en: 'Updated' },
  WITHDRAWN: { th: 'เพิกถอน', en: 'Withdrawn' },
  ACKNOWLEDGED: { th: 'รับทราบ', en: 'Acknowledged' },
});
