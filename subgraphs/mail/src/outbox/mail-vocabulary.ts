import { registerLabelledEnum } from '../../../kit/labelled-enum.js';

/** What a mail is about: one kind per event the mail subgraph answers. */
export enum MailKind {
  ADVISORY_PUBLISHED = 'ADVISORY_PUBLISHED',
  ADVISORY_UPDATED = 'ADVISORY_UPDATED',
  SUBMISSION_RECEIPT = 'SUBMISSION_RECEIPT',
  REPORT_DEADLINE_APPROACHING = 'REPORT_DEADLINE_APPROACHING',
  REPORT_DEADLINE_MISSED = 'REPORT_DEADLINE_MISSED',
  INBOUND_REPLY = 'INBOUND_REPLY',
  REGULATOR_NOTICE = 'REGULATOR_NOTICE',
}

export const MAIL_KIND_LABELS = registerLabelledEnum(MailKind, 'MailKind', 'What a mail sent by ThaiCERT is about.', {
  ADVISORY_PUBLISHED: { th: 'ประกาศแจ้งเตือนใหม่', en: 'Advisory published' },
  ADVISORY_UPDATED: { th: 'ปรับปรุงประกาศแจ้งเตือน', en: 'Advisory updated' },
  SUBMISSION_RECEIPT: { th: 'ใบรับรายงาน', en: 'Receipt of a submission' },
  REPORT_DEADLINE_APPROACHING: { th: 'ใกล้ครบกำหนดส่งรายงาน ก2', en: 'ก2 report deadline approaching' },
  REPORT_DEADLINE_MISSED: { th: 'เลยกำหนดส่งรายงาน ก2', en: 'ก2 report deadline missed' },
  INBOUND_REPLY: { th: 'ผลการรับรายงานทางอีเมล', en: 'Answer to a report sent by mail' },
  REGULATOR_NOTICE: { th: 'แจ้งหน่วยงานควบคุมหรือกำกับดูแลถึงเหตุที่แจ้งเข้ามา', en: 'Notice to the regulator of a new notification' },
});

/**
 * Mail a contact cannot opt out of: what the Announcement makes the organization answer for (its
 * ก2 deadline). Advisories and receipts are information the console also shows, so a contact may
 * decline them by mail.
 */
export const MANDATORY_KINDS: ReadonlySet<MailKind> = new Set([
  MailKind.REPORT_DEADLINE_APPROACHING,
  MailKind.REPORT_DEADLINE_MISSED,
  // The answer the sender of a report by mail waits for: filed, or refused and why.
  MailKind.INBOUND_REPLY,
  // Clause 4: the organization notifies its regulator too; the system does it for it.
  MailKind.REGULATOR_NOTICE,
]);

/** Where one outbox row stands. */
export enum MailDeliveryStatus {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  OPTED_OUT = 'OPTED_OUT',
  CANCELLED = 'CANCELLED',
}

export const MAIL_DELIVERY_STATUS_LABELS = registerLabelledEnum(
  MailDeliveryStatus,
  'MailDeliveryStatus',
  'Where the delivery of one mail to one contact stands.',
  {
    PENDING: { th: 'รอส่ง', en: 'Waiting to be sent' },
    RETRYING: { th: 'ส่งไม่สำเร็จ รอส่งใหม่', en: 'Failed, to be retried' },
    SENT: { th: 'ส่งแล้ว', en: 'Handed to the relay' },
    FAILED: { th: 'ส่งไม่สำเร็จ เลิกส่งแล้ว', en: 'Failed, given up' },
    OPTED_OUT: { th: 'ผู้ติดต่อขอไม่รับ', en: 'Declined by the contact' },
    CANCELLED: { th: 'ยกเลิก (ผู้ติดต่อถูกถอดออก)', en: 'Cancelled (contact removed)' },
  },
);

/** Rows the sender still has to deliver. */
export const DUE_STATUSES = [MailDeliveryStatus.PENDING, MailDeliveryStatus.RETRYING] as const;
