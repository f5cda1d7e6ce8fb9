import { Checkbox, Fieldset, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

import { useVocabulary } from '../../api/vocabulary.js';
import { fromBangkokInput, toBangkokInput } from '../../i18n/dates.js';
import { useText, type Bilingual } from '../../i18n/language.js';

/**
 * The fields of form ก2 (IncidentReportInput), section by section as the Announcement's form has
 * them, each with its kind: one table drives the ก1 and ก2 forms, reading a report into the form and
 * turning what changed back into a partial input.
 */
type Kind = 'contact' | 'text' | 'textarea' | 'datetime' | 'int' | 'float' | 'yesno' | 'check' | 'single' | 'multi' | 'list';
export type Section = 'A' | 'B' | 'C' | 'D';

interface Field {
  path: string;
  kind: Kind;
  section: Section;
  /** The vocabulary's choice list, for single and multi. */
  list?: string;
  /** Whether ก1 (the notification) asks it. */
  notify?: boolean;
  /** Only some of the list's values may be chosen. */
  only?: (value: string) => boolean;
}

/** Categories reported one by one (clause 4–5): 2–8. */
export const reportableCategory = (value: string) => /^CAT[2-8]_/.test(value);
/** The final categories of a closing report: 2–7, or 9. */
export const finalCategory = (value: string) => /^CAT[2-79]_/.test(value);

export const REPORT_FIELDS: readonly Field[] = [
  { path: 'trackingUnit', kind: 'text', section: 'A', notify: true },
  { path: 'affectedUnitName', kind: 'text', section: 'A', notify: true },
  { path: 'affectedUnitAddress', kind: 'textarea', section: 'A', notify: true },
  { path: 'contact.pointOfContactId', kind: 'contact', section: 'A', notify: true },
  { path: 'contact.fullName', kind: 'text', section: 'A', notify: true },
  { path: 'contact.position', kind: 'text', section: 'A', notify: true },
  { path: 'contact.organizationName', kind: 'text', section: 'A', notify: true },
  { path: 'contact.email', kind: 'text', section: 'A', notify: true },
  { path: 'contact.officePhone', kind: 'text', section: 'A', notify: true },
  { path: 'contact.mobilePhone', kind: 'text', section: 'A', notify: true },
  { path: 'criticalToMission', kind: 'yesno', section: 'A', notify: true },
  { path: 'severity', kind: 'single', list: 'ThreatLevel', section: 'A', notify: true },
  { path: 'occurredAt', kind: 'datetime', section: 'B', notify: true },
  { path: 'detectedAt', kind: 'datetime', section: 'B', notify: true },
  { path: 'regulatorNotifiedAt', kind: 'datetime', section: 'B' },
  { path: 'categories', kind: 'multi', list: 'ThreatCategory', section: 'B', notify: true, only: reportableCategory },
  { path: 'otherCategory', kind: 'text', section: 'B', notify: true },
  { path: 'affectedSystem.location', kind: 'text', section: 'B' },
  { path: 'affectedSystem.networkProvider', kind: 'text', section: 'B' },
  { path: 'affectedSystem.affectedService', kind: 'text', section: 'B' },
  { path: 'affectedSystem.hardwareSoftware', kind: 'textarea', section: 'B' },
  { path: 'affectedSystem.communicationsImpact', kind: 'textarea', section: 'B' },
  { path: 'affectedSystem.otherDetails', kind: 'textarea', section: 'B' },
  { path: 'affectedAssetTypes', kind: 'multi', list: 'AffectedAssetType', section: 'B' },
  { path: 'responseSituations', kind: 'multi', list: 'ResponseSituation', section: 'C' },
  { path: 'otherResponseSituation', kind: 'text', section: 'C' },
  { path: 'actionsTaken', kind: 'multi', list: 'ActionTaken', section: 'C' },
  { path: 'actionDetails', kind: 'textarea', section: 'C' },
  { path: 'otherResponseDetails', kind: 'textarea', section: 'C' },
  { path: 'partTwoRestricted', kind: 'check', section: 'D' },
  { path: 'partTwo.attackerFirstAccessAt', kind: 'datetime', section: 'D' },
  { path: 'partTwo.attackerFirstAccessUnknown', kind: 'check', section: 'D' },
  { path: 'partTwo.sourcesOrCauses', kind: 'multi', list: 'SourceOrCause', section: 'D' },
  { path: 'partTwo.sourceOrCauseDetails', kind: 'textarea', section: 'D' },
  { path: 'partTwo.detectedBy', kind: 'multi', list: 'DetectedBy', section: 'D' },
  { path: 'partTwo.detectedByDetails', kind: 'textarea', section: 'D' },
  { path: 'partTwo.similarEarlierProblems', kind: 'textarea', section: 'D' },
  { path: 'partTwo.impact.ciiSystemsAffected', kind: 'int', section: 'D' },
  { path: 'partTwo.impact.otherAssetsAffected', kind: 'text', section: 'D' },
  { path: 'partTwo.impact.peopleAffected', kind: 'int', section: 'D' },
  { path: 'partTwo.impact.estimatedDamageThb', kind: 'float', section: 'D' },
  { path: 'partTwo.impact.personalDataBreach.dataSubjects', kind: 'int', section: 'D' },
  { path: 'partTwo.impact.personalDataBreach.dataTypes', kind: 'multi', list: 'PersonalDataType', section: 'D' },
  { path: 'partTwo.impact.personalDataBreach.otherDataType', kind: 'text', section: 'D' },
  { path: 'partTwo.impact.personalDataBreach.recordsAffected', kind: 'int', section: 'D' },
  { path: 'partTwo.impact.otherImpacts', kind: 'textarea', section: 'D' },
  { path: 'partTwo.cveIds', kind: 'list', section: 'D' },
  { path: 'partTwo.exploitedVulnerability', kind: 'textarea', section: 'D' },
  { path: 'partTwo.usedAsPivot', kind: 'textarea', section: 'D' },
  { path: 'partTwo.symptoms', kind: 'multi', list: 'Symptom', section: 'D' },
  { path: 'partTwo.otherSymptom', kind: 'text', section: 'D' },
  { path: 'partTwo.attackTimeline', kind: 'textarea', section: 'D' },
  { path: 'partTwo.otherFindings', kind: 'textarea', section: 'D' },
  { path: 'partTwo.remediationDetails', kind: 'textarea', section: 'D' },
  { path: 'partTwo.recoveryForecast', kind: 'textarea', section: 'D' },
  { path: 'partTwo.endedAt', kind: 'datetime', section: 'D' },
  { path: 'partTwo.preventionActions', kind: 'textarea', section: 'D' },
  { path: 'partTwo.lessonsLearned', kind: 'textarea', section: 'D' },
];

const LABELS: Bilingual<string> = {
  th: {
    trackingUnit: 'หน่วยงานที่รับผิดชอบติดตามเหตุภัยคุกคาม (ถ้ามี)',
    affectedUnitName: 'ชื่อหน่วยงานที่เกิดเหตุภัยคุกคาม',
    affectedUnitAddress: 'ที่อยู่ของหน่วยงานหรือหน่วยงานย่อยที่เกิดเหตุภัยคุกคาม',
    'contact.pointOfContactId': 'ผู้ประสานงานที่ลงทะเบียนไว้ (หรือกรอกข้อมูลการติดต่อด้านล่าง)',
    'contact.fullName': 'ชื่อ-นามสกุล',
    'contact.position': 'ตำแหน่งงาน',
    'contact.organizationName': 'ชื่อหน่วยงาน',
    'contact.email': 'อีเมล',
    'contact.officePhone': 'โทรศัพท์ (ที่ทำงาน)',
    'contact.mobilePhone': 'โทรศัพท์ (มือถือ)',
    criticalToMission: 'ระบบที่ได้รับผลกระทบมีความสำคัญต่อพันธกิจหลักของหน่วยงาน',
    severity: 'เหตุการณ์ที่เกิดขึ้นเกิดจากภัยคุกคามทางไซเบอร์ในระดับใด (มาตรา 60)',
    occurredAt: 'วัน เวลา ที่เกิดเหตุภัยคุกคาม',
    detectedAt: 'วัน เวลา ที่หน่วยงานทราบเหตุภัยคุกคาม',
    regulatorNotifiedAt: 'วัน เวลา ที่แจ้งเหตุภัยคุกคามให้หน่วยงานควบคุมหรือกำกับดูแลทราบ (เว้นว่าง: ยังไม่ได้แจ้ง)',
    categories: 'หมวดหมู่ของภัยคุกคาม (เลือกได้มากกว่า 1 รายการ)',
    otherCategory: 'หมวดหมู่อื่น ๆ โปรดระบุ',
    'affectedSystem.location': 'สถานที่ตั้งของเครื่อง ข้อมูล หรือสินทรัพย์ที่ได้รับผลกระทบ (เช่น จังหวัด ตำบล ตึก ห้อง)',
    'affectedSystem.networkProvider': 'ชื่อผู้ให้บริการเครือข่ายที่ให้บริการแก่ระบบที่ได้รับผลกระทบ',
    'affectedSystem.affectedService': 'บริการของระบบ ข้อมูล หรือสินทรัพย์ที่ได้รับผลกระทบ (เช่น บริการการโอนเงิน)',
    'affectedSystem.hardwareSoftware': 'ฮาร์ดแวร์ ซอฟต์แวร์ที่ได้รับผลกระทบ (ผู้ผลิตหรือยี่ห้อ รุ่น)',
    'affectedSystem.communicationsImpact': 'ผลกระทบต่อการสื่อสาร (ทางโทรศัพท์ หรือการใช้งานเครือข่าย)',
    'affectedSystem.otherDetails': 'รายละเอียดอื่น ๆ ของระบบที่ได้รับผลกระทบ',
    affectedAssetTypes: 'ประเภทสินทรัพย์ที่ได้รับผลกระทบ',
    responseSituations: 'สถานการณ์หรือการแก้ไขเหตุภัยคุกคาม (เลือกได้มากกว่า 1 รายการ)',
    otherResponseSituation: 'สถานการณ์อื่น ๆ โปรดระบุ',
    actionsTaken: 'สิ่งที่ได้ดำเนินการหรือได้แก้ไขไปแล้ว',
    actionDetails: 'รายละเอียดการแก้ไขภัยคุกคามที่เกิดขึ้นเพิ่มเติม',
    otherResponseDetails: 'รายละเอียดการรับมือภัยคุกคามอื่น ๆ (ถ้ามี)',
    partTwoRestricted: 'ส่วนที่ 2 (หมวด ง) สำหรับ สกมช. และไทยเซิร์ตเท่านั้น (ไม่ส่งให้หน่วยงานควบคุมหรือกำกับดูแล)',
    'partTwo.attackerFirstAccessAt': 'ง1.1 วัน เวลา ที่ผู้โจมตีได้เริ่มต้นเข้าถึงระบบ',
    'partTwo.attackerFirstAccessUnknown': 'ง1.1 ไม่ทราบเวลาที่ผู้โจมตีเริ่มเข้าถึงระบบ',
    'partTwo.sourcesOrCauses': 'ง1.2 แหล่งที่มาหรือต้นเหตุของเหตุภัยคุกคาม (เท่าที่ทราบ)',
    'partTwo.sourceOrCauseDetails': 'ง1.2 รายละเอียดแหล่งที่มาหรือต้นเหตุ',
    'partTwo.detectedBy': 'ง1.2 บุคคล วิธี หรือเครื่องมือที่ตรวจพบภัยคุกคาม',
    'partTwo.detectedByDetails': 'ง1.2 รายละเอียดการตรวจพบ',
    'partTwo.similarEarlierProblems': 'ง1.2 ปัญหาลักษณะคล้ายกันที่หน่วยงานเคยพบมาก่อน (ถ้ามี)',
    'partTwo.impact.ciiSystemsAffected': 'ง1.3 จำนวนระบบ บริการ หรือสินทรัพย์ที่เป็นโครงสร้างพื้นฐานสำคัญทางสารสนเทศที่ได้รับผลกระทบ (โดยประมาณ)',
    'partTwo.impact.otherAssetsAffected': 'ง1.3 ทรัพย์สินที่สำคัญอื่น ๆ ที่อาจได้รับผลกระทบ',
    'partTwo.impact.peopleAffected': 'ง1.3 จำนวนผู้ได้รับผลกระทบ (โดยประมาณ)',
    'partTwo.impact.estimatedDamageThb': 'ง1.3 มูลค่าความเสียหาย (บาท โดยประมาณ)',
    'partTwo.impact.personalDataBreach.dataSubjects': 'ง1.3 จำนวนบุคคลที่เป็นเจ้าของข้อมูลที่รั่วไหล',
    'partTwo.impact.personalDataBreach.dataTypes': 'ง1.3 ชนิดของข้อมูลที่รั่วไหล (เลือกทุกข้อที่ใช่)',
    'partTwo.impact.personalDataBreach.otherDataType': 'ง1.3 ชนิดของข้อมูลอื่น ๆ โปรดระบุ',
    'partTwo.impact.personalDataBreach.recordsAffected': 'ง1.3 จำนวนข้อมูล (Record) ที่ได้รับผลกระทบ',
    'partTwo.impact.otherImpacts': 'ง1.3 ผลกระทบอื่น ๆ ที่เกิดขึ้น',
    'partTwo.cveIds': 'ง1.4 หมายเลข CVE (คั่นด้วยจุลภาค เช่น CVE-2024-3400)',
    'partTwo.exploitedVulnerability': 'ง1.4 ช่องโหว่ที่ถูกใช้โจมตี',
    'partTwo.usedAsPivot': 'ง1.4 การใช้ระบบที่ได้รับผลกระทบเป็นฐานโจมตีระบบอื่น',
    'partTwo.symptoms': 'ง1.4 อาการหรือสิ่งผิดปกติที่พบ (เลือกทุกข้อที่ใช่)',
    'partTwo.otherSymptom': 'ง1.4 สิ่งที่ผิดปกติอื่น ๆ โปรดระบุ',
    'partTwo.attackTimeline': 'ง1.5 ลำดับเหตุการณ์ตั้งแต่การโจมตีครั้งแรกจนถึงปัจจุบัน',
    'partTwo.otherFindings': 'ง1.6 ข้อมูลที่ตรวจพบอื่น ๆ',
    'partTwo.remediationDetails': 'ง2.1 รายละเอียดการแก้ไขปัญหา',
    'partTwo.recoveryForecast': 'ง2.2 การคาดการณ์การฟื้นฟู (ทรัพยากรที่ต้องใช้และระยะเวลา)',
    'partTwo.endedAt': 'ง3.1 วัน เวลา ที่เหตุภัยคุกคามสิ้นสุด',
    'partTwo.preventionActions': 'ง3.2 การดำเนินการเพื่อป้องกันไม่ให้เกิดซ้ำ',
    'partTwo.lessonsLearned': 'ง3.3 บทเรียนที่ได้รับ',
  },
  en: {
    trackingUnit: 'Unit following up the incident (if any)',
    affectedUnitName: 'Name of the affected unit',
    affectedUnitAddress: 'Address of the affected organization or unit',
    'contact.pointOfContactId': 'Registered point of contact (or enter the contact details below)',
    'contact.fullName': 'Full name',
    'contact.position': 'Position',
    'contact.organizationName': 'Organization',
    'contact.email': 'E-mail',
    'contact.officePhone': 'Telephone (office)',
    'contact.mobilePhone': 'Telephone (mobile)',
    criticalToMission: 'The affected system is critical to the main mission',
    severity: 'Threat level (Act §60)',
    occurredAt: 'When the threat occurred',
    detectedAt: 'When the organization became aware of it',
    regulatorNotifiedAt: 'When the regulator was notified (empty: not yet)',
    categories: 'Threat categories (several may apply)',
    otherCategory: 'Other category (specify)',
    'affectedSystem.location': 'Where the machine, data or asset is (province, sub-district, building, room)',
    'affectedSystem.networkProvider': 'Network provider serving it',
    'affectedSystem.affectedService': 'Service affected (e.g. funds transfer)',
    'affectedSystem.hardwareSoftware': 'Hardware and software affected (vendor, model)',
    'affectedSystem.communicationsImpact': 'Impact on communications (telephone, network use)',
    'affectedSystem.otherDetails': 'Other details of the affected system',
    affectedAssetTypes: 'Affected asset types',
    responseSituations: 'Response situation (several may apply)',
    otherResponseSituation: 'Other situation (specify)',
    actionsTaken: 'Actions already taken',
    actionDetails: 'Further remediation details',
    otherResponseDetails: 'Other response details (if any)',
    partTwoRestricted: 'Part 2 (section D) for NCSA and ThaiCERT only (not sent to the regulator)',
    'partTwo.attackerFirstAccessAt': 'D1.1 When the attacker first gained access',
    'partTwo.attackerFirstAccessUnknown': 'D1.1 The first access time is unknown',
    'partTwo.sourcesOrCauses': 'D1.2 Source or cause (as far as known)',
    'partTwo.sourceOrCauseDetails': 'D1.2 Details of the source or cause',
    'partTwo.detectedBy': 'D1.2 Who or what detected it',
    'partTwo.detectedByDetails': 'D1.2 Details of the detection',
    'partTwo.similarEarlierProblems': 'D1.2 Similar problems met before (if any)',
    'partTwo.impact.ciiSystemsAffected': 'D1.3 CII systems, services or assets affected (approx.)',
    'partTwo.impact.otherAssetsAffected': 'D1.3 Other important assets that may be affected',
    'partTwo.impact.peopleAffected': 'D1.3 People affected (approx.)',
    'partTwo.impact.estimatedDamageThb': 'D1.3 Estimated damage (baht, approx.)',
    'partTwo.impact.personalDataBreach.dataSubjects': 'D1.3 Data subjects whose data leaked',
    'partTwo.impact.personalDataBreach.dataTypes': 'D1.3 Types of data leaked (all that apply)',
    'partTwo.impact.personalDataBreach.otherDataType': 'D1.3 Other type of data (specify)',
    'partTwo.impact.personalDataBreach.recordsAffected': 'D1.3 Records affected',
    'partTwo.impact.otherImpacts': 'D1.3 Other impacts',
    'partTwo.cveIds': 'D1.4 CVE ids (comma-separated, e.g. CVE-2024-3400)',
    'partTwo.exploitedVulnerability': 'D1.4 The vulnerability exploited',
    'partTwo.usedAsPivot': 'D1.4 Use of the affected system as a base to attack others',
    'partTwo.symptoms': 'D1.4 Symptoms or anomalies (all that apply)',
    'partTwo.otherSymptom': 'D1.4 Other anomaly (specify)',
    'partTwo.attackTimeline': 'D1.5 Chronology from the first attack until now',
    'partTwo.otherFindings': 'D1.6 Other findings',
    'partTwo.remediationDetails': 'D2.1 What was done to resolve it',
    'partTwo.recoveryForecast': 'D2.2 Recovery forecast (resources and time)',
    'partTwo.endedAt': 'D3.1 When the incident ended',
    'partTwo.preventionActions': 'D3.2 Actions to prevent recurrence',
    'partTwo.lessonsLearned': 'D3.3 Lessons learned',
  },
};

const TEXT: Bilingual<'A' | 'B' | 'C' | 'D' | 'yes' | 'no' | 'contact' | 'affectedSystem' | 'impact' | 'breach' | 'bangkok'> = {
  th: {
    A: 'หมวด ก. ข้อมูลการประสานงานและผลการตรวจสอบภัยคุกคามเบื้องต้น',
    B: 'หมวด ข. ข้อมูลการตรวจพบภัยคุกคามไซเบอร์',
    C: 'หมวด ค. ข้อมูลการรับมือภัยคุกคาม',
    D: 'ส่วนที่ 2 หมวด ง. รายละเอียดภัยคุกคาม',
    yes: 'ใช่',
    no: 'ไม่ใช่',
    contact: 'ข้อมูลการติดต่อสำหรับการประสานงานเหตุภัยคุกคาม',
    affectedSystem: 'ข้อมูลเบื้องต้นเกี่ยวกับระบบคอมพิวเตอร์ บริการ หรือข้อมูลที่ได้รับผลกระทบ',
    impact: 'ง1.3 รายละเอียดผลกระทบจากเหตุภัยคุกคาม',
    breach: 'ในกรณีที่ข้อมูลที่ระบุตัวบุคคลได้รั่วไหล (หรือถูกขโมย)',
    bangkok: 'เวลาประเทศไทย',
  },
  en: {
    A: 'Section A. Coordination and initial findings',
    B: 'Section B. Detection of the threat',
    C: 'Section C. Response to the threat',
    D: 'Part 2, section D. Threat details',
    yes: 'Yes',
    no: 'No',
    contact: 'Contact for coordinating the incident',
    affectedSystem: 'The affected computer system, service or data',
    impact: 'D1.3 Impact of the threat',
    breach: 'When personally identifiable data leaked (or was stolen)',
    bangkok: 'Bangkok time',
  },
};

/** A registered point of contact, as the contact field offers it. */
export interface Contact {
  id: string;
  fullName: string;
  position: string | null;
}

/** The form's values by field path: strings for text, times (Bangkok wall time) and numbers; lists; booleans. */
export type Values = Record<string, string | string[] | boolean | null>;

const at = (object: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);

/** A report as the API returns it, as the form's values. */
export function valuesOf(report: unknown, fields: readonly Field[] = REPORT_FIELDS): Values {
  const values: Values = {};
  for (const field of fields) {
    const value = at(report, field.path);
    switch (field.kind) {
      case 'datetime':
        values[field.path] = typeof value === 'string' ? toBangkokInput(value) : '';
        break;
      case 'int':
      case 'float':
        values[field.path] = typeof value === 'number' ? String(value) : '';
        break;
      case 'multi':
        values[field.path] = Array.isArray(value) ? (value as string[]) : [];
        break;
      case 'list':
        values[field.path] = Array.isArray(value) ? (value as string[]).join(', ') : '';
        break;
      case 'check':
        values[field.path] = value === true;
        break;
      case 'yesno':
        values[field.path] = value === true ? 'yes' : value === false ? 'no' : null;
        break;
      default:
        values[field.path] = typeof value === 'string' ? value : '';
    }
  }
  return values;
}

function toApi(field: Field, value: Values[string]): unknown {
  switch (field.kind) {
    case 'datetime':
      return value ? fromBangkokInput(value as string) : null;
    case 'int':
      return value === '' || value === null ? null : Number.parseInt(value as string, 10);
    case 'float':
      return value === '' || value === null ? null : Number(value);
    case 'multi':
      return value ?? [];
    case 'list':
      return String(value ?? '')
        .split(/[,\s]+/)
        .filter(Boolean);
    case 'check':
      return value === true;
    case 'yesno':
      return value === 'yes' ? true : value === 'no' ? false : null;
    default:
      return value === '' ? null : value;
  }
}

/**
 * The partial report input: only the fields whose value differs from `before` (omitted fields stay
 * as they were; a cleared one is sent as null; lists whole), nested as IncidentReportInput nests them.
 */
export function changedInput(values: Values, before: Values, fields: readonly Field[] = REPORT_FIELDS): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    if (JSON.stringify(values[field.path] ?? null) === JSON.stringify(before[field.path] ?? null)) continue;
    const keys = field.path.split('.');
    let target = input;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]!] = toApi(field, values[field.path] ?? null);
  }
  return input;
}

/** A field's problem as the API named it: rules name report fields bare, input validation under input.report. */
export function problemAt(
  problems: Record<string, string>,
  path: string,
  prefixes: readonly string[] = ['input.report.', 'report.', ''],
): string | undefined {
  for (const prefix of prefixes) if (problems[prefix + path]) return problems[prefix + path];
  return undefined;
}

const GROUPS: Record<string, 'contact' | 'affectedSystem' | 'impact' | 'breach'> = {
  'contact.': 'contact',
  'affectedSystem.': 'affectedSystem',
  'partTwo.impact.personalDataBreach.': 'breach',
  'partTwo.impact.': 'impact',
};
const groupOf = (path: string) => Object.entries(GROUPS).find(([prefix]) => path.startsWith(prefix))?.[1];

function FieldInput({
  field,
  value,
  onChange,
  error,
  contacts,
}: {
  field: Field;
  value: Values[string];
  onChange(value: Values[string]): void;
  error: string | undefined;
  contacts: readonly Contact[];
}) {
  const vocabulary = useVocabulary();
  const t = useText(TEXT);
  const label = useText(LABELS)[field.path] ?? field.path;
  const testId = `field-${field.path}`;
  switch (field.kind) {
    case 'contact':
      return (
        <Select
          label={label}
          value={(value as string) || null}
          onChange={(next) => onChange(next ?? '')}
          clearable
          error={error}
          data={contacts.map((contact) => ({
            value: contact.id,
            label: contact.position ? `${contact.fullName} (${contact.position})` : contact.fullName,
          }))}
          data-testid={testId}
        />
      );
    case 'textarea':
      return (
        <Textarea
          label={label}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          autosize
          minRows={2}
          data-testid={testId}
        />
      );
    case 'datetime':
      return (
        <TextInput
          type="datetime-local"
          label={label}
          description={t.bangkok}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          data-testid={testId}
        />
      );
    case 'int':
    case 'float':
      return (
        <TextInput
          type="number"
          inputMode={field.kind === 'int' ? 'numeric' : 'decimal'}
          min={0}
          step={field.kind === 'int' ? 1 : 'any'}
          label={label}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          data-testid={testId}
        />
      );
    case 'check':
      return (
        <Checkbox
          label={label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error}
          data-testid={testId}
        />
      );
    case 'yesno':
      return (
        <Radio.Group label={label} value={(value as string) ?? ''} onChange={onChange} error={error} data-testid={testId}>
          <Stack gap={4} mt={4}>
            <Radio value="yes" label={t.yes} />
            <Radio value="no" label={t.no} />
          </Stack>
        </Radio.Group>
      );
    case 'single':
      return (
        <Radio.Group label={label} value={(value as string) ?? ''} onChange={onChange} error={error} data-testid={testId}>
          <Stack gap={4} mt={4}>
            {vocabulary
              .choices(field.list!)
              .filter((choice) => !field.only || field.only(choice.value))
              .map((choice) => (
                <Radio key={choice.value} value={choice.value} label={choice.label} />
              ))}
          </Stack>
        </Radio.Group>
      );
    case 'multi':
      return (
        <Checkbox.Group label={label} value={(value as string[]) ?? []} onChange={onChange} error={error} data-testid={testId}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={4} mt={4}>
            {vocabulary
              .choices(field.list!)
              .filter((choice) => !field.only || field.only(choice.value))
              .map((choice) => (
                <Checkbox key={choice.value} value={choice.value} label={choice.label} />
              ))}
          </SimpleGrid>
        </Checkbox.Group>
      );
    default:
      return (
        <TextInput
          label={label}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          data-testid={testId}
        />
      );
  }
}

/** A multi-choice field for a list outside the report (e.g. a closing report's final categories). */
export function ChoiceField(props: {
  list: string;
  path: string;
  label: string;
  only?: (value: string) => boolean;
  value: string[];
  onChange(value: string[]): void;
  error?: string;
}) {
  const vocabulary = useVocabulary();
  return (
    <Checkbox.Group
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      data-testid={`field-${props.path}`}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={4} mt={4}>
        {vocabulary
          .choices(props.list)
          .filter((choice) => !props.only || props.only(choice.value))
          .map((choice) => (
            <Checkbox key={choice.value} value={choice.value} label={choice.label} />
          ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

/**
 * The form's sections (ก–ง) with their fields; `sections` chooses which, `only` which fields (ก1
 * asks fewer). Each section is a fieldset with data-testid `section-A` … `section-D`.
 */
export function ReportSections({
  values,
  onChange,
  problems,
  sections = ['A', 'B', 'C', 'D'],
  fields = REPORT_FIELDS,
  extra,
  contacts = [],
}: {
  values: Values;
  onChange(path: string, value: Values[string]): void;
  problems: Record<string, string>;
  sections?: readonly Section[];
  fields?: readonly Field[];
  /** Extra fields to show at the top of a section. */
  extra?: Partial<Record<Section, ReactNode>>;
  /** The organization's registered points of contact, to name one as the contact. */
  contacts?: readonly Contact[];
}) {
  const t = useText(TEXT);
  return (
    <Stack>
      {sections.map((section) => {
        const mine = fields.filter((field) => field.section === section);
        const rendered: ReactNode[] = [];
        let group: string | undefined;
        let members: Field[] = [];
        const flush = () => {
          if (group && members.length > 0) {
            const name = group as 'contact' | 'affectedSystem' | 'impact' | 'breach';
            const inner = members;
            rendered.push(
              <Fieldset key={`group-${name}`} legend={t[name]} variant="filled" style={{ gridColumn: '1 / -1' }}>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>{inner.map(render)}</SimpleGrid>
              </Fieldset>,
            );
          }
          members = [];
        };
        const render = (field: Field) => (
          <div
            key={field.path}
            style={field.kind === 'multi' || field.kind === 'textarea' || field.kind === 'check' ? { gridColumn: '1 / -1' } : undefined}
          >
            <FieldInput
              field={field}
              value={values[field.path] ?? null}
              onChange={(value) => onChange(field.path, value)}
              contacts={contacts}
              error={problemAt(problems, field.path)}
            />
          </div>
        );
        for (const field of mine) {
          const next = groupOf(field.path);
          if (next !== group) {
            flush();
            group = next;
          }
          if (group) members.push(field);
          else rendered.push(render(field));
        }
        flush();
        return (
          <Fieldset key={section} legend={<Text fw={700}>{t[section]}</Text>} data-testid={`section-${section}`}>
            {extra?.[section]}
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt={extra?.[section] ? 'sm' : 0}>
              {rendered}
            </SimpleGrid>
          </Fieldset>
        );
      })}
    </Stack>
  );
}

/** The fields ก1 (the notification) asks. */
export const NOTIFY_FIELDS = REPORT_FIELDS.filter((field) => field.notify);

/** Values of an empty form. */
export const emptyValues = (fields: readonly Field[] = REPORT_FIELDS) => valuesOf({}, fields);
