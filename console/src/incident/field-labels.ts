import type { Bilingual, Language } from '../i18n/language.js';

type Field =
  | 'trackingUnit'
  | 'affectedUnitName'
  | 'affectedUnitAddress'
  | 'contact'
  | 'fullName'
  | 'position'
  | 'organizationName'
  | 'email'
  | 'officePhone'
  | 'mobilePhone'
  | 'criticalToMission'
  | 'severity'
  | 'occurredAt'
  | 'detectedAt'
  | 'regulatorNotifiedAt'
  | 'categories'
  | 'otherCategory'
  | 'affectedSystem'
  | 'location'
  | 'networkProvider'
  | 'affectedService'
  | 'hardwareSoftware'
  | 'communicationsImpact'
  | 'otherDetails'
  | 'affectedAssetTypes'
  | 'responseSituations'
  | 'otherResponseSituation'
  | 'actionsTaken'
  | 'actionDetails'
  | 'otherResponseDetails'
  | 'partTwoRestricted'
  | 'attackerFirstAccessAt'
  | 'attackerFirstAccessUnknown'
  | 'sourcesOrCauses'
  | 'sourceOrCauseDetails'
  | 'detectedBy'
  | 'detectedByDetails'
  | 'similarEarlierProblems'
  | 'impact'
  | 'ciiSystemsAffected'
  | 'otherAssetsAffected'
  | 'peopleAffected'
  | 'estimatedDamageThb'
  | 'personalDataBreach'
  | 'dataSubjects'
  | 'dataTypes'
  | 'otherDataType'
  | 'recordsAffected'
  | 'otherImpacts'
  | 'cveIds'
  | 'exploitedVulnerability'
  | 'usedAsPivot'
  | 'symptoms'
  | 'otherSymptom'
  | 'attackTimeline'
  | 'otherFindings'
  | 'remediationDetails'
  | 'recoveryForecast'
  | 'endedAt'
  | 'preventionActions'
  | 'lessonsLearned';

/** The form ก2's words for each of its fields, as the incident page and its revision diffs show them. */
export const FIELD_LABELS: Bilingual<Field> = {
  th: {
    trackingUnit: 'หน่วยงานที่รับผิดชอบติดตามเหตุการณ์',
    affectedUnitName: 'ชื่อหน่วยงานที่ได้รับผลกระทบ',
    affectedUnitAddress: 'ที่อยู่หน่วยงานที่ได้รับผลกระทบ',
    contact: 'ผู้ประสานงาน',
    fullName: 'ชื่อ-นามสกุล',
    position: 'ตำแหน่งงาน',
    organizationName: 'ชื่อหน่วยงาน',
    email: 'อีเมล',
    officePhone: 'โทรศัพท์สำนักงาน',
    mobilePhone: 'โทรศัพท์มือถือ',
    criticalToMission: 'ระบบที่ได้รับผลกระทบมีความสำคัญต่อภารกิจหลัก',
    severity: 'ระดับภัยคุกคามที่รายงาน',
    occurredAt: 'วันเวลาที่เกิดเหตุ',
    detectedAt: 'วันเวลาที่ทราบเหตุ',
    regulatorNotifiedAt: 'วันเวลาที่แจ้งหน่วยงานควบคุมหรือกำกับดูแล',
    categories: 'ประเภทภัยคุกคาม',
    otherCategory: 'ประเภทอื่น ๆ',
    affectedSystem: 'ระบบที่ได้รับผลกระทบ',
    location: 'สถานที่ตั้ง',
    networkProvider: 'ผู้ให้บริการเครือข่าย',
    affectedService: 'บริการที่ได้รับผลกระทบ',
    hardwareSoftware: 'ฮาร์ดแวร์และซอฟต์แวร์',
    communicationsImpact: 'ผลกระทบต่อการสื่อสาร',
    otherDetails: 'รายละเอียดอื่น ๆ',
    affectedAssetTypes: 'ประเภททรัพย์สินที่ได้รับผลกระทบ',
    responseSituations: 'สถานการณ์การรับมือ',
    otherResponseSituation: 'สถานการณ์อื่น ๆ',
    actionsTaken: 'การดำเนินการที่ได้ทำแล้ว',
    actionDetails: 'รายละเอียดการแก้ไขเพิ่มเติม',
    otherResponseDetails: 'รายละเอียดการรับมืออื่น ๆ',
    partTwoRestricted: 'ส่วนที่ 2 เปิดเผยเฉพาะ สกมช. และไทยเซิร์ต',
    attackerFirstAccessAt: 'วันเวลาที่ผู้โจมตีเข้าถึงระบบครั้งแรก',
    attackerFirstAccessUnknown: 'ไม่ทราบเวลาที่เข้าถึงครั้งแรก',
    sourcesOrCauses: 'แหล่งที่มาหรือสาเหตุ',
    sourceOrCauseDetails: 'รายละเอียดแหล่งที่มาหรือสาเหตุ',
    detectedBy: 'ผู้ตรวจพบ',
    detectedByDetails: 'รายละเอียดการตรวจพบ',
    similarEarlierProblems: 'ปัญหาลักษณะเดียวกันที่เคยพบ',
    impact: 'ผลกระทบ',
    ciiSystemsAffected: 'จำนวนระบบ/บริการโครงสร้างพื้นฐานสำคัญที่ได้รับผลกระทบ',
    otherAssetsAffected: 'ทรัพย์สินสำคัญอื่นที่อาจได้รับผลกระทบ',
    peopleAffected: 'จำนวนผู้ได้รับผลกระทบ',
    estimatedDamageThb: 'มูลค่าความเสียหายโดยประมาณ (บาท)',
    personalDataBreach: 'การรั่วไหลของข้อมูลส่วนบุคคล',
    dataSubjects: 'จำนวนเจ้าของข้อมูล',
    dataTypes: 'ประเภทข้อมูล',
    otherDataType: 'ข้อมูลประเภทอื่น',
    recordsAffected: 'จำนวนระเบียนที่ได้รับผลกระทบ',
    otherImpacts: 'ผลกระทบอื่น ๆ',
    cveIds: 'หมายเลข CVE',
    exploitedVulnerability: 'ช่องโหว่ที่ถูกใช้',
    usedAsPivot: 'การใช้ระบบเป็นฐานโจมตีระบบอื่น',
    symptoms: 'อาการหรือความผิดปกติ',
    otherSymptom: 'ความผิดปกติอื่น ๆ',
    attackTimeline: 'ลำดับเหตุการณ์การโจมตี',
    otherFindings: 'สิ่งที่ตรวจพบอื่น ๆ',
    remediationDetails: 'การแก้ไขปัญหา',
    recoveryForecast: 'การคาดการณ์การฟื้นฟู',
    endedAt: 'วันเวลาที่เหตุการณ์สิ้นสุด',
    preventionActions: 'การป้องกันไม่ให้เกิดซ้ำ',
    lessonsLearned: 'บทเรียนที่ได้รับ',
  },
  en: {
    trackingUnit: 'Responsible tracking unit',
    affectedUnitName: 'Affected unit',
    affectedUnitAddress: 'Address of the affected unit',
    contact: 'Contact',
    fullName: 'Full name',
    position: 'Position',
    organizationName: 'Organization',
    email: 'E-mail',
    officePhone: 'Office phone',
    mobilePhone: 'Mobile phone',
    criticalToMission: 'Affected system critical to the main mission',
    severity: 'Threat level as reported',
    occurredAt: 'Occurred',
    detectedAt: 'Detected',
    regulatorNotifiedAt: 'Regulator notified',
    categories: 'Threat categories',
    otherCategory: 'Other category',
    affectedSystem: 'Affected system',
    location: 'Location',
    networkProvider: 'Network provider',
    affectedService: 'Affected service',
    hardwareSoftware: 'Hardware and software',
    communicationsImpact: 'Impact on communications',
    otherDetails: 'Other details',
    affectedAssetTypes: 'Affected asset types',
    responseSituations: 'Response situation',
    otherResponseSituation: 'Other situation',
    actionsTaken: 'Actions taken',
    actionDetails: 'Further remediation details',
    otherResponseDetails: 'Other response details',
    partTwoRestricted: 'Part 2 restricted to NCSA and ThaiCERT',
    attackerFirstAccessAt: "Attacker's first access",
    attackerFirstAccessUnknown: 'First access time unknown',
    sourcesOrCauses: 'Source or cause',
    sourceOrCauseDetails: 'Source or cause details',
    detectedBy: 'Detected by',
    detectedByDetails: 'Detection details',
    similarEarlierProblems: 'Similar earlier problems',
    impact: 'Impact',
    ciiSystemsAffected: 'CII systems or services affected',
    otherAssetsAffected: 'Other assets possibly affected',
    peopleAffected: 'People affected',
    estimatedDamageThb: 'Estimated damage (THB)',
    personalDataBreach: 'Personal-data breach',
    dataSubjects: 'Data subjects',
    dataTypes: 'Types of data',
    otherDataType: 'Other type of data',
    recordsAffected: 'Records affected',
    otherImpacts: 'Other impacts',
    cveIds: 'CVE ids',
    exploitedVulnerability: 'Exploited vulnerability',
    usedAsPivot: 'Used as a pivot',
    symptoms: 'Symptoms',
    otherSymptom: 'Other symptom',
    attackTimeline: 'Attack timeline',
    otherFindings: 'Other findings',
    remediationDetails: 'Remediation',
    recoveryForecast: 'Recovery forecast',
    endedAt: 'Incident ended',
    preventionActions: 'Actions to prevent recurrence',
    lessonsLearned: 'Lessons learned',
  },
};

/** A field path of a report (e.g. `partTwo.impact.peopleAffected`) in the person's words; unknown ones as they are. */
export function fieldLabel(path: string, language: Language): string {
  const labels = FIELD_LABELS[language] as Record<string, string>;
  return path
    .split('.')
    .filter((part) => part !== 'partTwo')
    .map((part) => labels[part] ?? part)
    .join(' › ');
}
