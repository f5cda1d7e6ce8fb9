import {
  ACTION_TAKEN_LABELS,
  CONTINUITY_LABELS,
  DETECTED_BY_LABELS,
  PERSONAL_DATA_TYPE_LABELS,
  RESPONSE_SITUATION_LABELS,
  SOURCE_OR_CAUSE_LABELS,
  SYMPTOM_LABELS,
  THREAT_CATEGORY_LABELS,
  THREAT_LEVEL_LABELS,
  type Continuity,
} from '../../../../contracts/form-vocabulary.js';
import type { Label } from '../../../../contracts/labels.js';
import { bangkokDateTime } from '../../../kit/bangkok-time.js';
import { bilingual, escapeHtml, printablePage } from '../../../kit/printable-page.js';
import type { IncidentPartTwo, IncidentReport } from './incident-report.js';
import { dateOf } from './report-content.js';
import { FINAL_CATEGORIES, REPORTABLE_CATEGORIES } from './report-rules.js';

/*
 * Forms ก1 and ก2 of the Announcement as a printable A4 page (clause 7 allows reports in writing):
 * sections ก to ง with the form's Thai labels and English beside them, times on Thai clocks with
 * the Buddhist-era year. Pure: the resolver decides what the caller may see (part 2 or a notice)
 * with the same visibility check as the GraphQL fields, and passes it in.
 */

/** What the page shows of the incident beside its report. */
export interface PrintableIncident {
  id: string;
  organizationId: string;
  referenceNumber?: string | null;
  continuity: Continuity;
  /** When it was notified (ก1). */
  notifiedAt: Date;
  /** When the first ก2 was filed; null: only notified, so the page is ก1. */
  reportFiledAt?: Date | null;
  /** The revision the report is as of. */
  revision: number;
}

/** Part 2 as the caller may read it: the content, or withheld from it (a notice in its place). */
export type PartTwoView = { shown: true; content: IncidentPartTwo | null | undefined } | { shown: false };

const label = (th: string, en: string): Label => ({ th, en });
const NOT_GIVEN = '<span class="en">—</span>';

const text = (value: string | number | null | undefined) => (value == null || value === '' ? null : escapeHtml(value));
const when = (value: unknown) => {
  const date = dateOf(value as Date | string | null | undefined);
  return date ? escapeHtml(bangkokDateTime(date).th) : null;
};
const yesNo = (value: boolean | null | undefined) =>
  value == null ? null : value ? bilingual(label('ใช่', 'Yes')) : bilingual(label('ไม่ใช่', 'No'));

/** One line of the form: its label and the value given (HTML, already escaped), or a dash. */
const row = (name: Label, value: string | null) => `<tr><th>${bilingual(name)}</th><td class="value">${value ?? NOT_GIVEN}</td></tr>`;
const table = (...rows: string[]) => `<table>\n${rows.join('\n')}\n</table>`;

/** A choice list as the paper form prints it: every option, the chosen ones ticked. */
function choices(labels: Readonly<Record<string, Label>>, chosen: readonly string[] | null | undefined, options = Object.keys(labels)) {
  const ticked = new Set(chosen ?? []);
  return `<ul class="choices">${options.map((o) => `<li>${ticked.has(o) ? '☑' : '☐'} ${bilingual(labels[o]!)}</li>`).join('')}</ul>`;
}

const section = (heading: Label, body: string) => `<section>\n<h2>${bilingual(heading)}</h2>\n${body}\n</section>`;
const part = (heading: Label, body: string) => `<h3>${bilingual(heading)}</h3>\n${body}`;

/** Categories as ก2 §ข3 lists them: 2–8, and 9 when a closing report found no threat. */
const CATEGORY_OPTIONS = [...new Set([...REPORTABLE_CATEGORIES, ...FINAL_CATEGORIES])];

function sectionA(incident: PrintableIncident, report: IncidentReport): string {
  const contact = report.contact;
  return section(
    label('หมวด ก. ข้อมูลการประสานงานและผลการตรวจสอบภัยคุกคามเบื้องต้น', 'Section A. Coordination and initial assessment'),
    [
      table(
        row(label('หน่วยงานที่รับผิดชอบติดตามเหตุภัยคุกคาม (ถ้ามี)', 'Unit following up the incident (if any)'), text(report.trackingUnit)),
        row(label('รหัสหน่วยงานที่แจ้ง', 'Reporting organization (id)'), text(incident.organizationId)),
      ),
      part(
        label('ก1. ด้านภารกิจหรือบริการของหน่วยงาน และชื่อหน่วยงานที่เกิดเหตุภัยคุกคาม', 'A1. The affected organization or unit'),
        table(
          row(label('ชื่อหน่วยงานที่เกิดเหตุภัยคุกคาม', 'Name of the affected unit'), text(report.affectedUnitName)),
          row(label('ที่อยู่ของหน่วยงานหรือหน่วยงานย่อยที่เกิดเหตุภัยคุกคาม', 'Address of the affected unit'), text(report.affectedUnitAddress)),
        ),
      ),
      part(
        label('ก2. ข้อมูลการติดต่อสำหรับการประสานงานเหตุภัยคุกคาม', 'A2. Contact for coordinating the incident'),
        table(
          row(label('ชื่อ-นามสกุล', 'Full name'), text(contact?.fullName)),
          row(label('ตำแหน่งงาน', 'Position'), text(contact?.position)),
          row(label('ชื่อหน่วยงาน', 'Organization'), text(contact?.organizationName)),
          row(label('อีเมล', 'E-mail'), text(contact?.email)),
          row(
            label('โทรศัพท์ (ที่ทำงาน / มือถือ)', 'Telephone (office / mobile)'),
            text([contact?.officePhone, contact?.mobilePhone].filter(Boolean).join(' / ')),
          ),
        ),
      ),
      part(label('ก3. ความต่อเนื่องของเหตุภัยคุกคาม', 'A3. Continuity'), choices(CONTINUITY_LABELS, [incident.continuity])),
      part(
        label('ก4. ลักษณะภัยคุกคามทางไซเบอร์', 'A4. Nature of the cyber threat'),
        table(
          row(
            label('ระบบที่ได้รับผลกระทบมีความสำคัญต่อพันธกิจหลักของหน่วยงาน', 'The affected system is critical to the main mission'),
            yesNo(report.criticalToMission),
          ),
          row(
            label('เหตุการณ์ที่เกิดขึ้นเกิดจากภัยคุกคามทางไซเบอร์ในระดับใด (มาตรา 60)', 'Threat level (Act §60)'),
            choices(THREAT_LEVEL_LABELS, report.severity ? [report.severity] : []),
          ),
        ),
      ),
    ].join('\n'),
  );
}

function sectionB(report: IncidentReport): string {
  const system = report.affectedSystem;
  const notified = when(report.regulatorNotifiedAt);
  return section(
    label('หมวด ข. ข้อมูลการตรวจพบภัยคุกคามไซเบอร์', 'Section B. Detection'),
    [
      table(
        row(label('ข1. วัน เวลา ที่เกิดเหตุภัยคุกคาม', 'B1. When the threat occurred'), when(report.occurredAt)),
        row(label('วัน เวลา ที่หน่วยงานทราบเหตุภัยคุกคาม', 'When the organization became aware of it'), when(report.detectedAt)),
        row(
          label('ข2. วัน เวลา ที่แจ้งเหตุภัยคุกคามให้หน่วยงานควบคุมหรือกำกับดูแลทราบ', 'B2. When the regulator was notified'),
          notified ? `${bilingual(label('แจ้งแล้ว', 'Notified'))} ${notified}` : bilingual(label('ยังไม่ได้แจ้ง', 'Not yet')),
        ),
      ),
      part(
        label('ข3. หมวดหมู่ของภัยคุกคาม (เลือกได้มากกว่า 1 รายการ)', 'B3. Threat categories (several may apply)'),
        choices(THREAT_CATEGORY_LABELS, report.categories, CATEGORY_OPTIONS) +
          table(row(label('อื่น ๆ โปรดระบุ', 'Other (specify)'), text(report.otherCategory))),
      ),
      part(
        label('ข4. ข้อมูลเบื้องต้นเกี่ยวกับระบบคอมพิวเตอร์ บริการ หรือข้อมูลที่ได้รับผลกระทบ', 'B4. The affected system, service or data'),
        table(
          row(label('สถานที่ตั้งของเครื่อง ข้อมูล หรือสินทรัพย์ที่ได้รับผลกระทบ', 'Location'), text(system?.location)),
          row(label('ชื่อผู้ให้บริการเครือข่าย', 'Network provider'), text(system?.networkProvider)),
          row(label('บริการของระบบ ข้อมูล หรือสินทรัพย์ที่ได้รับผลกระทบ', 'Service affected'), text(system?.affectedService)),
          row(label('ฮาร์ดแวร์ ซอฟต์แวร์ที่ได้รับผลกระทบ', 'Hardware and software affected'), text(system?.hardwareSoftware)),
          row(label('มีผลกระทบต่อการสื่อสาร', 'Impact on communications'), text(system?.communicationsImpact)),
          row(label('รายละเอียดอื่น ๆ', 'Other details'), text(system?.otherDetails)),
        ),
      ),
    ].join('\n'),
  );
}

function sectionC(report: IncidentReport): string {
  return section(
    label('หมวด ค. ข้อมูลการรับมือภัยคุกคาม', 'Section C. Response'),
    [
      part(
        label('ค1. สถานการณ์หรือการแก้ไขเหตุภัยคุกคาม (เลือกได้มากกว่า 1 รายการ)', 'C1. Response situation (several may apply)'),
        choices(RESPONSE_SITUATION_LABELS, report.responseSituations) +
          table(row(label('อื่น ๆ โปรดระบุ', 'Other (specify)'), text(report.otherResponseSituation))),
      ),
      part(
        label('ค2. สิ่งที่ได้ดำเนินการหรือได้แก้ไขไปแล้ว', 'C2. Actions already taken'),
        choices(ACTION_TAKEN_LABELS, report.actionsTaken) +
          table(row(label('รายละเอียดการแก้ไขภัยคุกคามที่เกิดขึ้นเพิ่มเติม', 'Further remediation details'), text(report.actionDetails))),
      ),
      part(
        label('ค3. รายละเอียดการรับมือภัยคุกคามอื่น ๆ (ถ้ามี)', 'C3. Other response details (if any)'),
        table(row(label('รายละเอียด', 'Details'), text(report.otherResponseDetails))),
      ),
    ].join('\n'),
  );
}

const PART_TWO_HEADING = label('ส่วนที่ 2 หมวด ง. รายละเอียดภัยคุกคาม', 'Part 2, section D. Threat details');

function sectionD(partTwo: IncidentPartTwo | null | undefined): string {
  const p = partTwo ?? {};
  const impact = p.impact;
  const breach = impact?.personalDataBreach;
  return section(
    PART_TWO_HEADING,
    [
      part(
        label('ง1.1 วัน เวลา ที่ผู้โจมตีได้เริ่มต้นเข้าถึงระบบ', 'D1.1 When the attacker first gained access'),
        table(
          row(label('วัน เวลา', 'Date and time'), when(p.attackerFirstAccessAt)),
          row(label('ไม่ทราบ', 'Unknown'), yesNo(p.attackerFirstAccessUnknown)),
        ),
      ),
      part(
        label('ง1.2 ข้อมูลการพบเห็นเหตุภัยคุกคามทางไซเบอร์', 'D1.2 How the threat was found'),
        choices(SOURCE_OR_CAUSE_LABELS, p.sourcesOrCauses) +
          table(row(label('รายละเอียดแหล่งที่มา หรือต้นเหตุของเหตุภัยคุกคาม', 'Source or cause'), text(p.sourceOrCauseDetails))) +
          choices(DETECTED_BY_LABELS, p.detectedBy) +
          table(
            row(label('บุคคล วิธี หรือเครื่องมือที่ตรวจพบภัยคุกคาม', 'Who or what detected it'), text(p.detectedByDetails)),
            row(label('ปัญหาลักษณะคล้ายกันที่หน่วยงานเคยพบมาก่อน', 'Similar problems met before'), text(p.similarEarlierProblems)),
          ),
      ),
      part(
        label('ง1.3 รายละเอียดผลกระทบจากเหตุภัยคุกคาม', 'D1.3 Impact'),
        table(
          row(
            label('จำนวนระบบ บริการ หรือสินทรัพย์ที่เป็นโครงสร้างพื้นฐานสำคัญทางสารสนเทศที่ได้รับผลกระทบ', 'CII systems affected'),
            text(impact?.ciiSystemsAffected),
          ),
          row(label('ทรัพย์สินที่สำคัญอื่น ๆ ที่อาจได้รับผลกระทบ', 'Other assets that may be affected'), text(impact?.otherAssetsAffected)),
          row(label('จำนวนผู้ได้รับผลกระทบ (โดยประมาณ)', 'People affected (approx.)'), text(impact?.peopleAffected)),
          row(label('มูลค่าความเสียหาย (โดยประมาณ, บาท)', 'Estimated damage (baht)'), text(impact?.estimatedDamageThb)),
          row(label('จำนวนบุคคลที่เป็นเจ้าของข้อมูล', 'Data subjects'), text(breach?.dataSubjects)),
          row(label('ชนิดของข้อมูล', 'Types of data'), choices(PERSONAL_DATA_TYPE_LABELS, breach?.dataTypes)),
          row(label('อื่น ๆ โปรดระบุ', 'Other type of data'), text(breach?.otherDataType)),
          row(label('จำนวนข้อมูล (Record) ที่ได้รับผลกระทบ', 'Records affected'), text(breach?.recordsAffected)),
          row(label('ผลกระทบอื่น ๆ ที่เกิดขึ้น', 'Other impacts'), text(impact?.otherImpacts)),
        ),
      ),
      part(
        label('ง1.4 รายละเอียดของระบบ หรือข้อมูลที่ได้รับผลกระทบ', 'D1.4 The affected system'),
        table(
          row(label('หมายเลข CVE', 'CVE ids'), text(p.cveIds?.join(', '))),
          row(label('ช่องโหว่ที่ถูกใช้จู่โจม', 'Vulnerability exploited'), text(p.exploitedVulnerability)),
          row(label('การใช้ระบบที่ได้รับผลกระทบเป็นฐานเพื่อจู่โจมระบบอื่น', 'Used as a base to attack others'), text(p.usedAsPivot)),
        ) +
          choices(SYMPTOM_LABELS, p.symptoms) +
          table(row(label('สิ่งที่ผิดปกติอื่น ๆ', 'Other anomaly'), text(p.otherSymptom))),
      ),
      table(
        row(label('ง1.5 ลำดับเหตุการณ์ตั้งแต่การจู่โจมครั้งแรก', 'D1.5 Chronology from the first attack'), text(p.attackTimeline)),
        row(label('ง1.6 ข้อมูลอื่น ๆ ที่ตรวจพบ', 'D1.6 Other findings'), text(p.otherFindings)),
        row(label('ง2.1 การดำเนินการแก้ไข', 'D2.1 What was done to resolve it'), text(p.remediationDetails)),
        row(label('ง2.2 การคาดการณ์การฟื้นฟู', 'D2.2 Recovery forecast'), text(p.recoveryForecast)),
        row(label('ง3.1 วัน เวลา ที่เหตุการณ์สิ้นสุด', 'D3.1 When the incident ended'), when(p.endedAt)),
        row(label('ง3.2 การป้องกันไม่ให้เกิดซ้ำ', 'D3.2 Prevention of recurrence'), text(p.preventionActions)),
        row(label('ง3.3 บทเรียนที่ได้รับ', 'D3.3 Lessons learned'), text(p.lessonsLearned)),
      ),
    ].join('\n'),
  );
}

/** In part 2's place for a caller it is withheld from: the page says so rather than printing it blank. */
const WITHHELD = section(
  PART_TWO_HEADING,
  `<p class="notice">${bilingual(
    label(
      'ผู้รายงานสงวนข้อมูลส่วนที่ 2 ไว้สำหรับ สกมช. และ ThaiCERT เท่านั้น จึงไม่แสดงในเอกสารนี้',
      'The reporter restricted part 2 to NCSA and ThaiCERT, so it is not shown here.',
    ),
  )}</p>`,
);

/** The incident as form ก1 (notified only) or ก2 (a report filed), as the caller may read it. */
export function incidentFormHtml(incident: PrintableIncident, report: IncidentReport, partTwo: PartTwoView): string {
  const isReport = Boolean(incident.reportFiledAt);
  const form = isReport
    ? { code: label('เอกสาร ก2', 'Form A2'), title: label('แบบรายงานภัยคุกคามทางไซเบอร์', 'Cyber threat report') }
    : { code: label('เอกสาร ก1', 'Form A1'), title: label('ข้อมูลที่ต้องแจ้ง', 'Cyber threat notification') };
  const heading = [
    `<p class="form-code">${bilingual(form.code)}</p>`,
    `<h1>${bilingual(form.title)}</h1>`,
    table(
      row(label('หมายเลขอ้างอิง (สำหรับเจ้าหน้าที่ สกมช.)', 'NCSA reference number'), text(incident.referenceNumber)),
      row(label('ฉบับที่', 'Revision'), escapeHtml(incident.revision)),
      row(label('วันที่และเวลาที่แจ้ง', 'Notified'), when(incident.notifiedAt)),
      row(label('วันที่และเวลาที่ส่งรายงาน', 'Report filed'), when(incident.reportFiledAt)),
    ),
  ].join('\n');
  const sections = [sectionA(incident, report), sectionB(report), sectionC(report)];
  if (isReport) sections.push(partTwo.shown ? sectionD(partTwo.content) : WITHHELD);
  const title = `${escapeHtml(form.code.th)} ${escapeHtml(form.title.th)} — ${escapeHtml(incident.referenceNumber ?? incident.id)}`;
  return printablePage(title, [heading, ...sections].join('\n'));
}
