import { registerLabelledEnum } from '../../../kit/labelled-enum.js';

/** Where an incident stands in the Announcement's flow: notified (ก1), reported (ก2), closed. */
export enum IncidentStatus {
  NOTIFIED = 'NOTIFIED',
  REPORTED = 'REPORTED',
  CLOSED = 'CLOSED',
}
registerLabelledEnum(IncidentStatus, 'IncidentStatus', 'Where an incident stands in the reporting flow.', {
  NOTIFIED: { th: 'แจ้งเหตุแล้ว (ก1)', en: 'Notified (A1)' },
  REPORTED: { th: 'ส่งรายงานแล้ว (ก2)', en: 'Report filed (A2)' },
  CLOSED: { th: 'ปิดเหตุการณ์แล้ว', en: 'Closed' },
});

/** What one submission was. */
export enum RevisionKind {
  NOTIFICATION = 'NOTIFICATION',
  REPORT = 'REPORT',
  CLOSING_REPORT = 'CLOSING_REPORT',
  DATA_UNAVAILABLE = 'DATA_UNAVAILABLE',
}
registerLabelledEnum(RevisionKind, 'RevisionKind', 'What a submission was.', {
  NOTIFICATION: { th: 'การแจ้งเหตุ (ก1)', en: 'Notification (A1)' },
  REPORT: { th: 'รายงานหรือรายงานเพิ่มเติม (ก2)', en: 'Report or report update (A2)' },
  CLOSING_REPORT: { th: 'รายงานปิดเหตุการณ์', en: 'Closing report' },
  DATA_UNAVAILABLE: { th: 'แจ้งว่าไม่สามารถจัดเตรียมข้อมูลได้', en: 'Data-unavailable notice' },
});

/** ThaiCERT's help (ThaiCERT 2.4). */
export enum AssistanceKind {
  ANALYSIS = 'ANALYSIS',
  CONTAINMENT = 'CONTAINMENT',
  RECOVERY = 'RECOVERY',
  FORENSICS = 'FORENSICS',
}
registerLabelledEnum(AssistanceKind, 'AssistanceKind', 'What help is asked of ThaiCERT (ThaiCERT 2.4).', {
  ANALYSIS: { th: 'การวิเคราะห์', en: 'Analysis' },
  CONTAINMENT: { th: 'การระงับหรือควบคุมภัย', en: 'Containment' },
  RECOVERY: { th: 'การฟื้นฟูระบบ', en: 'Recovery' },
  FORENSICS: { th: 'การพิสูจน์หลักฐานทางดิจิทัล', en: 'Digital forensics' },
});

export enum AssistanceMode {
  ON_SITE = 'ON_SITE',
  REMOTE = 'REMOTE',
}
registerLabelledEnum(AssistanceMode, 'AssistanceMode', 'Where the help is given.', {
  ON_SITE: { th: 'ณ สถานที่เกิดเหตุ', en: 'On site' },
  REMOTE: { th: 'ระยะไกล', en: 'Remote' },
});

export enum AssistanceStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  DECLINED = 'DECLINED',
}
registerLabelledEnum(AssistanceStatus, 'AssistanceStatus', 'Where an assistance request stands.', {
  REQUESTED: { th: 'ร้องขอแล้ว', en: 'Requested' },
  ACCEPTED: { th: 'รับเรื่องแล้ว', en: 'Accepted' },
  IN_PROGRESS: { th: 'กำลังดำเนินการ', en: 'In progress' },
  COMPLETED: { th: 'ดำเนินการเสร็จสิ้น', en: 'Completed' },
  DECLINED: { th: 'ปฏิเสธ', en: 'Declined' },
});

/** Every kind of change the incidents outbox records. */
export enum IncidentEventType {
  NOTIFIED = 'NOTIFIED',
  REPORT_REVISED = 'REPORT_REVISED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  SEVERITY_ASSESSED = 'SEVERITY_ASSESSED',
  REFERENCE_ASSIGNED = 'REFERENCE_ASSIGNED',
  DATA_UNAVAILABLE = 'DATA_UNAVAILABLE',
  CLOSED = 'CLOSED',
  DEADLINE_APPROACHING = 'DEADLINE_APPROACHING',
  OVERDUE = 'OVERDUE',
  ASSISTANCE_REQUESTED = 'ASSISTANCE_REQUESTED',
  ASSISTANCE_UPDATED = 'ASSISTANCE_UPDATED',
  /** The ก2 deadline was recomputed by itself: when the significance rule of clause 5 came in, for the incidents before it. */
  REPORT_DEADLINE_CHANGED = 'REPORT_DEADLINE_CHANGED',
  COMMENTED = 'COMMENTED',
  /** ThaiCERT's case workflow (ThaiCERT and NCSA subscribers only): assigned, or unassigned when the assignee is null. */
  CASE_ASSIGNED = 'CASE_ASSIGNED',
  CASE_STATUS_CHANGED = 'CASE_STATUS_CHANGED',
  /** ThaiCERT observed a threat at the organization and asks it to notify (ThaiCERT 2.5): `observedCase`, no incident yet. */
  OBSERVED = 'OBSERVED',
}
registerLabelledEnum(IncidentEventType, 'IncidentEventType', 'What happened to an incident.', {
  NOTIFIED: { th: 'แจ้งเหตุใหม่', en: 'Notified' },
  REPORT_REVISED: { th: 'ส่งหรือปรับปรุงรายงาน', en: 'Report filed or revised' },
  STATUS_CHANGED: { th: 'สถานะเปลี่ยน', en: 'Status changed' },
  SEVERITY_ASSESSED: { th: 'ประเมินระดับความรุนแรงใหม่', en: 'Severity assessed' },
  REFERENCE_ASSIGNED: { th: 'กำหนดหมายเลขอ้างอิง', en: 'Reference number assigned' },
  DATA_UNAVAILABLE: { th: 'แจ้งว่าไม่สามารถจัดเตรียมข้อมูลได้', en: 'Data-unavailable notice filed' },
  CLOSED: { th: 'ปิดเหตุการณ์', en: 'Closed' },
  DEADLINE_APPROACHING: { th: 'ใกล้ครบกำหนดส่งรายงาน', en: 'Report deadline approaching' },
  OVERDUE: { th: 'เลยกำหนดส่งรายงาน', en: 'Report overdue' },
  ASSISTANCE_REQUESTED: { th: 'ขอความช่วยเหลือ', en: 'Assistance requested' },
  ASSISTANCE_UPDATED: { th: 'ปรับปรุงสถานะการช่วยเหลือ', en: 'Assistance updated' },
  REPORT_DEADLINE_CHANGED: { th: 'กำหนดส่งรายงานเปลี่ยน', en: 'Report deadline changed' },
  COMMENTED: { th: 'มีความเห็นใหม่', en: 'Comment added' },
  CASE_ASSIGNED: { th: 'มอบหมายผู้รับผิดชอบกรณี', en: 'Case assigned or unassigned' },
  CASE_STATUS_CHANGED: { th: 'สถานะการจัดการกรณีเปลี่ยน', en: 'Case handling status changed' },
  OBSERVED: { th: 'ไทยเซิร์ตตรวจพบเหตุและขอให้แจ้ง', en: 'Observed by ThaiCERT; notification requested' },
});

/** Who may write a comment on an incident (SPEC §3): the supervising regulator, ThaiCERT, NCSA. */
export enum CommentAuthorRole {
  REGULATOR = 'REGULATOR',
  THAICERT = 'THAICERT',
  NCSA = 'NCSA',
}
registerLabelledEnum(CommentAuthorRole, 'CommentAuthorRole', 'Who wrote a comment on an incident.', {
  REGULATOR: { th: 'หน่วยงานควบคุมหรือกำกับดูแล', en: 'Regulator' },
  THAICERT: { th: 'ไทยเซิร์ต', en: 'ThaiCERT' },
  NCSA: { th: 'สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ (สกมช.)', en: 'National Cyber Security Agency (NCSA)' },
});

/** Where ThaiCERT's handling of an incident stands (ThaiCERT 3.4(4): ticketing and workflow management). */
export enum HandlingStatus {
  TRIAGE = 'TRIAGE',
  IN_PROGRESS = 'IN_PROGRESS',
  WAITING_FOR_ORGANIZATION = 'WAITING_FOR_ORGANIZATION',
  RESOLVED = 'RESOLVED',
}
registerLabelledEnum(HandlingStatus, 'HandlingStatus', 'Where ThaiCERT’s handling of an incident stands.', {
  TRIAGE: { th: 'คัดกรอง', en: 'Triage' },
  IN_PROGRESS: { th: 'กำลังดำเนินการ', en: 'In progress' },
  WAITING_FOR_ORGANIZATION: { th: 'รอข้อมูลจากหน่วยงาน', en: 'Waiting for the organization' },
  RESOLVED: { th: 'ดำเนินการเสร็จสิ้น', en: 'Resolved' },
});

/** What one step of a case's history did. */
export enum CaseTransitionKind {
  ASSIGNED = 'ASSIGNED',
  UNASSIGNED = 'UNASSIGNED',
  STATUS_CHANGED = 'STATUS_CHANGED',
}
registerLabelledEnum(CaseTransitionKind, 'CaseTransitionKind', 'What a step of a case’s history did.', {
  ASSIGNED: { th: 'มอบหมายผู้รับผิดชอบ', en: 'Assigned' },
  UNASSIGNED: { th: 'ยกเลิกการมอบหมาย', en: 'Unassigned' },
  STATUS_CHANGED: { th: 'เปลี่ยนสถานะการจัดการ', en: 'Status changed' },
});
