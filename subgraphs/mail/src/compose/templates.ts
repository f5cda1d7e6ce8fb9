import { TLP_LABELS } from '../../../../contracts/feeds/advisory-feed.js';
import type { MailDelivery } from '../outbox/mail-delivery.entity.js';
import { MailKind } from '../outbox/mail-vocabulary.js';

/** What one mail says: a subject safe to travel in clear, and its body (Thai first, then English). */
export interface RenderedMail {
  subject: string;
  body: string;
}

/** TLP:AMBER and above never travel in clear (TLP 2.0: limited disclosure). */
const RESTRICTED_TLP: ReadonlySet<string> = new Set<string>(TLP_LABELS.filter((tlp) => tlp !== 'CLEAR' && tlp !== 'GREEN'));

/**
 * Whether the mail's content may only travel encrypted. An incident's details are for the
 * organization, its regulator, ThaiCERT and NCSA only (SPEC §3), so incident mail is treated as
 * TLP:AMBER; an advisory as its own TLP says.
 */
export function isRestricted(delivery: Pick<MailDelivery, 'kind' | 'content'>): boolean {
  if (delivery.kind === MailKind.ADVISORY_PUBLISHED || delivery.kind === MailKind.ADVISORY_UPDATED)
    return RESTRICTED_TLP.has(String(delivery.content.tlp));
  return true;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const when = (value: unknown) => (value ? new Date(String(value)).toISOString() : '—');

function subjectOf(delivery: MailDelivery): string {
  const c = delivery.content;
  switch (delivery.kind) {
    case MailKind.ADVISORY_PUBLISHED:
    case MailKind.ADVISORY_UPDATED: {
      const verb = delivery.kind === MailKind.ADVISORY_PUBLISHED ? 'ประกาศแจ้งเตือน / Advisory' : 'ปรับปรุงประกาศ / Advisory updated';
      // The title only when the advisory may travel in clear: a subject is never encrypted.
      const title = isRestricted(delivery) ? '' : ` — ${text(c.titleEn)}`;
      return `[ThaiCERT] [TLP:${text(c.tlp).replace('_', '+')}] ${verb} ${text(c.identifier)}${title}`;
    }
    case MailKind.SUBMISSION_RECEIPT:
      return `[ThaiCERT] ใบรับรายงาน / Receipt of your submission`;
    case MailKind.REPORT_DEADLINE_APPROACHING:
      return `[ThaiCERT] ใกล้ครบกำหนดส่งรายงาน ก2 / ก2 report due soon`;
    case MailKind.REPORT_DEADLINE_MISSED:
      return `[ThaiCERT] เลยกำหนดส่งรายงาน ก2 / ก2 report overdue`;
    case MailKind.REGULATOR_NOTICE:
      return `[ThaiCERT] แจ้งเหตุภัยคุกคามทางไซเบอร์ใหม่ / New cyber threat notification`;
    case MailKind.INBOUND_REPLY:
      return c.outcome === 'FILED'
        ? `[ThaiCERT] รับรายงานทางอีเมลแล้ว / Your report by mail was filed`
        : `[ThaiCERT] ไม่รับรายงานทางอีเมล / Your report by mail was refused`;
  }
}

function bodyOf(delivery: MailDelivery, consoleUrl: string): [th: string, en: string] {
  const c = delivery.content;
  const incident = `${consoleUrl}incidents/${text(c.incidentId)}`;
  switch (delivery.kind) {
    case MailKind.ADVISORY_PUBLISHED:
    case MailKind.ADVISORY_UPDATED: {
      const cves = (c.cveIds as string[] | undefined)?.join(', ') || '—';
      return [
        `${text(c.identifier)} (TLP:${text(c.tlp)}, ฉบับที่ ${text(c.revision)})\n${text(c.titleTh)}\n\n${text(c.summaryTh)}\n\nข้อแนะนำ:\n${text(c.recommendationsTh)}\n\nCVE: ${cves}\n${c.changeSummary ? `สิ่งที่เปลี่ยน: ${text(c.changeSummary)}\n` : ''}`,
        `${text(c.identifier)} (TLP:${text(c.tlp)}, revision ${text(c.revision)})\n${text(c.titleEn)}\n\n${text(c.summaryEn)}\n\nRecommendations:\n${text(c.recommendationsEn)}\n\nCVE: ${cves}\n${c.changeSummary ? `What changed: ${text(c.changeSummary)}\n` : ''}`,
      ];
    }
    case MailKind.SUBMISSION_RECEIPT: {
      const th = c.submission === 'NOTIFICATION' ? 'การแจ้งเหตุ (ก1)' : 'รายงาน (ก2)';
      const en = c.submission === 'NOTIFICATION' ? 'notification (ก1)' : 'report (ก2)';
      return [
        `ThaiCERT ได้รับ${th}ของท่านแล้ว\nเหตุการณ์: ${text(c.incidentId)}\nเลขที่อ้างอิง: ${text(c.referenceNumber) || '—'}\nฉบับที่: ${text(c.revision)}\nลายมือชื่อ: ${text(c.signatureStatus) || '—'}${c.signatureFingerprint ? ` (${text(c.signatureFingerprint)})` : ''}\nสถานะ: ${text(c.status)}\nระดับภัยคุกคาม: ${text(c.severity)}\nเวลาที่รับ: ${when(c.occurredAt)}\nดูรายละเอียด: ${incident}`,
        `ThaiCERT has received your ${en}.\nIncident: ${text(c.incidentId)}\nReference: ${text(c.referenceNumber) || '—'}\nRevision: ${text(c.revision)}\nSignature: ${text(c.signatureStatus) || '—'}${c.signatureFingerprint ? ` (${text(c.signatureFingerprint)})` : ''}\nStatus: ${text(c.status)}\nThreat level: ${text(c.severity)}\nReceived: ${when(c.occurredAt)}\nDetails: ${incident}`,
      ];
    }
    case MailKind.REPORT_DEADLINE_APPROACHING:
      return [
        `รายงาน ก2 ของเหตุการณ์ ${text(c.incidentId)} ต้องส่งภายใน ${when(c.reportDeadline)}\nส่งได้ที่: ${incident}`,
        `The ก2 report of incident ${text(c.incidentId)} is due by ${when(c.reportDeadline)}.\nFile it at: ${incident}`,
      ];
    case MailKind.REGULATOR_NOTICE:
      return [
        `${text(c.organizationNameTh)} แจ้งเหตุภัยคุกคามทางไซเบอร์ (ก1) ต่อ ThaiCERT ระบบจึงแจ้งมายังหน่วยงานควบคุมหรือกำกับดูแลตามข้อ 4\nเหตุการณ์: ${text(c.incidentId)}\nระดับภัยคุกคาม: ${text(c.severity)}\nตรวจพบเมื่อ: ${when(c.detectedAt)}\nแจ้งเมื่อ: ${when(c.occurredAt)}\nดูรายละเอียด: ${incident}`,
        `${text(c.organizationNameEn)} notified ThaiCERT of a cyber threat (ก1); under clause 4 the system notifies you, its regulator, for it.\nIncident: ${text(c.incidentId)}\nThreat level: ${text(c.severity)}\nDetected: ${when(c.detectedAt)}\nNotified: ${when(c.occurredAt)}\nDetails: ${incident}`,
      ];
    case MailKind.INBOUND_REPLY: {
      const reasons = ((c.reasons as string[] | undefined) ?? []).map((r) => `- ${r}`).join('\n');
      if (c.outcome === 'FILED')
        return [
          `ThaiCERT ได้บันทึกรายงานที่ส่งทางอีเมล (${text(c.messageId)}) แล้ว\nเหตุการณ์: ${text(c.incidentId)}\nฉบับที่: ${text(c.revision)}\nลายมือชื่อ: ตรวจสอบแล้ว (${text(c.signatureFingerprint)})\nดูรายละเอียด: ${incident}`,
          `ThaiCERT has filed your report sent by mail (${text(c.messageId)}).\nIncident: ${text(c.incidentId)}\nRevision: ${text(c.revision)}\nSignature: verified (${text(c.signatureFingerprint)})\nDetails: ${incident}`,
        ];
      return [
        `ThaiCERT ไม่ได้บันทึกรายงานที่ส่งทางอีเมล (${text(c.messageId)}) เพราะ:\n${reasons}\nข้อความถูกเก็บไว้แล้ว แก้ไขแล้วส่งใหม่ได้`,
        `ThaiCERT did not file your report sent by mail (${text(c.messageId)}), because:\n${reasons}\nThe message is kept; correct it and send it again.`,
      ];
    }
    case MailKind.REPORT_DEADLINE_MISSED:
      return [
        `รายงาน ก2 ของเหตุการณ์ ${text(c.incidentId)} เลยกำหนด ${when(c.reportDeadline)} แล้ว กรุณาส่งโดยเร็ว\nส่งได้ที่: ${incident}`,
        `The ก2 report of incident ${text(c.incidentId)} was due by ${when(c.reportDeadline)} and has not been filed. Please file it now.\nFile it at: ${incident}`,
      ];
  }
}

const FOOTER_TH = 'อีเมลนี้ส่งโดยอัตโนมัติจากระบบของ ThaiCERT และลงลายมือชื่อด้วยกุญแจ OpenPGP ของ ThaiCERT';
const FOOTER_EN = 'This mail was sent automatically by ThaiCERT’s system and is signed with ThaiCERT’s OpenPGP key.';

/** The mail as sent: its content, or — when it may not travel in clear and the contact has no key — a notice without content. */
export function renderMail(delivery: MailDelivery, consoleUrl: string, withheld: boolean): RenderedMail {
  const subject = subjectOf(delivery);
  if (withheld) {
    const where = delivery.incidentId ? `${consoleUrl}incidents/${delivery.incidentId}` : `${consoleUrl}advisories`;
    return {
      subject,
      body:
        `มีข้อมูลใหม่สำหรับหน่วยงานของท่านในระบบของ ThaiCERT ซึ่งส่งทางอีเมลโดยไม่เข้ารหัสไม่ได้ ` +
        `เนื่องจากผู้ติดต่อยังไม่ได้ลงทะเบียนกุญแจ OpenPGP กรุณาอ่านในระบบ: ${where}\n` +
        `ลงทะเบียนกุญแจ OpenPGP ในสมุดรายชื่อผู้ติดต่อเพื่อรับเนื้อหาทางอีเมล\n\n${FOOTER_TH}\n\n----\n\n` +
        `There is new information for your organization in ThaiCERT’s console that may not be sent unencrypted, ` +
        `and no OpenPGP key is registered for you. Please read it in the console: ${where}\n` +
        `Register an OpenPGP key in the point-of-contact directory to receive the content by mail.\n\n${FOOTER_EN}\n`,
    };
  }
  const [th, en] = bodyOf(delivery, consoleUrl);
  return { subject, body: `${th}\n\n${FOOTER_TH}\n\n----\n\n${en}\n\n${FOOTER_EN}\n` };
}
