import type { Labels } from './labels.js';

/*
 * The choice lists of forms ก1–ก3 with their official Thai labels (../shared/VOCABULARY.md),
 * shared by the subgraphs that report them (incidents, statistics).
 * The subgraph kit registers each as a GraphQL enum whose values' descriptions carry both labels
 * (subgraphs/kit/contract-enums.ts), so every client can show the form's wording.
 */

export enum ThreatLevel {
  NON_SERIOUS = 'NON_SERIOUS',
  SERIOUS = 'SERIOUS',
  CRITICAL_A = 'CRITICAL_A',
  CRITICAL_B = 'CRITICAL_B',
  UNDETERMINED = 'UNDETERMINED',
}
export const THREAT_LEVEL_LABELS: Labels<typeof ThreatLevel> = {
  NON_SERIOUS: { th: 'ไม่ร้ายแรง', en: 'Non-serious' },
  SERIOUS: { th: 'ร้ายแรง', en: 'Serious' },
  CRITICAL_A: { th: 'วิกฤต (ก)', en: 'Critical (a)' },
  CRITICAL_B: { th: 'วิกฤต (ข)', en: 'Critical (b)' },
  UNDETERMINED: { th: 'ยังไม่สามารถระบุได้', en: 'Cannot yet be determined' },
};

export enum ThreatCategory {
  CAT0_TRAINING_AND_EXERCISES = 'CAT0_TRAINING_AND_EXERCISES',
  CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT = 'CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT',
  CAT2_RECONNAISSANCE = 'CAT2_RECONNAISSANCE',
  CAT3_NON_COMPLIANCE_ACTIVITY = 'CAT3_NON_COMPLIANCE_ACTIVITY',
  CAT4_MALICIOUS_LOGIC = 'CAT4_MALICIOUS_LOGIC',
  CAT5_USER_LEVEL_INTRUSION = 'CAT5_USER_LEVEL_INTRUSION',
  CAT6_ROOT_LEVEL_INTRUSION = 'CAT6_ROOT_LEVEL_INTRUSION',
  CAT7_DENIAL_OF_SERVICE = 'CAT7_DENIAL_OF_SERVICE',
  CAT8_INVESTIGATING = 'CAT8_INVESTIGATING',
  CAT9_EXPLAINED_ANOMALY = 'CAT9_EXPLAINED_ANOMALY',
}
export const THREAT_CATEGORY_LABELS: Labels<typeof ThreatCategory> = {
  CAT0_TRAINING_AND_EXERCISES: { th: 'เหตุการณ์จำลองและการฝึกจู่โจมของหน่วยงาน', en: 'Training and exercises' },
  CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT: { th: 'การพยายามเข้าถึงระบบที่ไม่สำเร็จ', en: 'Unsuccessful activity attempt' },
  CAT2_RECONNAISSANCE: { th: 'การพยายามบุกรุกเพื่อสำรวจข้อมูลองค์กรเพื่อโจมตี', en: 'Reconnaissance' },
  CAT3_NON_COMPLIANCE_ACTIVITY: { th: 'การดำเนินการที่ไม่เป็นไปตามมาตรฐานความปลอดภัยที่หน่วยงานกำหนด', en: 'Non-compliance activity' },
  CAT4_MALICIOUS_LOGIC: { th: 'การบุกรุกโดยการใช้มัลแวร์', en: 'Malicious logic' },
  CAT5_USER_LEVEL_INTRUSION: { th: 'การบุกรุกในระดับผู้ใช้งาน', en: 'User-level intrusion' },
  CAT6_ROOT_LEVEL_INTRUSION: { th: 'การบุกรุกในระดับผู้ควบคุมระบบ', en: 'Root-level intrusion' },
  CAT7_DENIAL_OF_SERVICE: { th: 'การบุกรุกที่ทำให้ไม่สามารถเข้าไปใช้บริการได้', en: 'Denial of service' },
  CAT8_INVESTIGATING: { th: 'เหตุการณ์ที่อยู่ระหว่างการวิเคราะห์สอบสวน', en: 'Under investigation' },
  CAT9_EXPLAINED_ANOMALY: { th: 'เหตุการณ์ผิดปกติที่ได้รับการวิเคราะห์แล้วว่าไม่ใช่เหตุการณ์ที่เป็นภัยคุกคาม', en: 'Explained anomaly' },
};

export enum Continuity {
  NEW = 'NEW',
  FOLLOW_UP = 'FOLLOW_UP',
}
export const CONTINUITY_LABELS: Labels<typeof Continuity> = {
  NEW: { th: 'เหตุภัยคุกคามใหม่', en: 'New incident' },
  FOLLOW_UP: { th: 'การรายงานข้อมูลต่อเนื่องจากเหตุภัยคุกคามเดิม', en: 'Follow-up report on an earlier incident' },
};

export enum ResponseSituation {
  JUST_DISCOVERED = 'JUST_DISCOVERED',
  REQUESTING_ASSISTANCE = 'REQUESTING_ASSISTANCE',
  INVESTIGATING = 'INVESTIGATING',
  SPREADING = 'SPREADING',
  CONTAINING = 'CONTAINING',
  CONTAINED = 'CONTAINED',
  CLOSING_REPORT_SUBMITTED = 'CLOSING_REPORT_SUBMITTED',
  OTHER = 'OTHER',
}
export const RESPONSE_SITUATION_LABELS: Labels<typeof ResponseSituation> = {
  JUST_DISCOVERED: { th: 'เพิ่งพบเหตุการณ์', en: 'Just discovered' },
  REQUESTING_ASSISTANCE: { th: 'อยู่ในขั้นตอนการขอความช่วยเหลือ', en: 'Requesting assistance' },
  INVESTIGATING: { th: 'อยู่ในขั้นตอนการสอบสวน', en: 'Investigating' },
  SPREADING: { th: 'กำลังลุกลาม', en: 'Spreading' },
  CONTAINING: { th: 'อยู่ในขั้นตอนการระงับภัย', en: 'Being contained' },
  CONTAINED: { th: 'สามารถระงับภัยได้แล้ว', en: 'Contained' },
  CLOSING_REPORT_SUBMITTED: { th: 'รายงานปิดเหตุการณ์ภัยคุกคามแล้ว', en: 'Closing report submitted' },
  OTHER: { th: 'อื่น ๆ', en: 'Other (specify)' },
};

export enum ActionTaken {
  NONE_YET = 'NONE_YET',
  DISCONNECTED_FROM_NETWORK = 'DISCONNECTED_FROM_NETWORK',
  LOGS_REVIEWED = 'LOGS_REVIEWED',
  BINARIES_REVIEWED = 'BINARIES_REVIEWED',
  RESTORED_FROM_VERIFIED_BACKUP = 'RESTORED_FROM_VERIFIED_BACKUP',
}
export const ACTION_TAKEN_LABELS: Labels<typeof ActionTaken> = {
  NONE_YET: { th: 'ยังไม่ได้ดำเนินการแก้ไขใด ๆ', en: 'No remediation yet' },
  DISCONNECTED_FROM_NETWORK: { th: 'ยกเลิกการเชื่อมต่อระบบออกจากเครือข่ายแล้ว', en: 'Disconnected from the network' },
  LOGS_REVIEWED: { th: 'ตรวจสอบข้อมูลจราจร (Log) แล้ว', en: 'Traffic data (logs) reviewed' },
  BINARIES_REVIEWED: { th: 'ตรวจสอบโปรแกรม (แฟ้ม binaries/.exe) แล้ว', en: 'Programs (binaries/.exe) reviewed' },
  RESTORED_FROM_VERIFIED_BACKUP: { th: 'กู้คืนกลับมาด้วยระบบหรือข้อมูลสำรองที่ตรวจสอบความถูกต้องแล้ว', en: 'Restored from verified backup' },
};

export enum PersonalDataType {
  BIOMETRIC = 'BIOMETRIC',
  CONTACT = 'CONTACT',
  FINANCIAL = 'FINANCIAL',
  GOVERNMENT_PERSONNEL = 'GOVERNMENT_PERSONNEL',
  NATIONAL_ID = 'NATIONAL_ID',
  AGENCY_DEALINGS = 'AGENCY_DEALINGS',
  MEDICAL = 'MEDICAL',
  OTHER = 'OTHER',
}
export const PERSONAL_DATA_TYPE_LABELS: Labels<typeof PersonalDataType> = {
  BIOMETRIC: { th: 'ข้อมูลไบโอเมตริกซ์', en: 'Biometric data' },
  CONTACT: { th: 'ข้อมูลการติดต่อ', en: 'Contact data' },
  FINANCIAL: { th: 'ข้อมูลการเงิน', en: 'Financial data' },
  GOVERNMENT_PERSONNEL: { th: 'ข้อมูลบุคลากรของรัฐ', en: 'Government personnel data' },
  NATIONAL_ID: { th: 'หมายเลขบัตรประชาชน', en: 'National ID number' },
  AGENCY_DEALINGS: { th: 'ข้อมูลการติดต่อกับหน่วยงานต่าง ๆ', en: 'Records of dealings with agencies' },
  MEDICAL: { th: 'ข้อมูลทางการแพทย์', en: 'Medical data' },
  OTHER: { th: 'อื่น ๆ', en: 'Other (specify)' },
};

export enum Symptom {
  SYSTEM_DOWN = 'SYSTEM_DOWN',
  ANOMALOUS_TRAFFIC_LOG = 'ANOMALOUS_TRAFFIC_LOG',
  UNEXPLAINED_OR_ANOMALOUS_ACCOUNTS = 'UNEXPLAINED_OR_ANOMALOUS_ACCOUNTS',
  SOCIAL_ENGINEERING = 'SOCIAL_ENGINEERING',
  DEGRADED_PERFORMANCE = 'DEGRADED_PERFORMANCE',
  UNEXPLAINED_DNS_ROUTER_FIREWALL_CHANGE = 'UNEXPLAINED_DNS_ROUTER_FIREWALL_CHANGE',
  UNEXPLAINED_PRIVILEGE_ESCALATION = 'UNEXPLAINED_PRIVILEGE_ESCALATION',
  SNIFFER_DETECTED = 'SNIFFER_DETECTED',
  LAST_LOGIN_MISMATCH = 'LAST_LOGIN_MISMATCH',
  INTRUSION_DETECTION_ALERT = 'INTRUSION_DETECTION_ALERT',
  SUSPICIOUS_PROBING = 'SUSPICIOUS_PROBING',
  UNUSUAL_USAGE_PATTERN = 'UNUSUAL_USAGE_PATTERN',
  ANOMALOUS_FILE_SIZE_CHANGE = 'ANOMALOUS_FILE_SIZE_CHANGE',
  SYSTEM_FILE_WRITE_ATTEMPT = 'SYSTEM_FILE_WRITE_ATTEMPT',
  ANOMALOUS_FILE_DATE_CHANGE = 'ANOMALOUS_FILE_DATE_CHANGE',
  ANOMALOUS_DATA_CHANGE_OR_DELETION = 'ANOMALOUS_DATA_CHANGE_OR_DELETION',
  DENIAL_OF_SERVICE_ATTACK = 'DENIAL_OF_SERVICE_ATTACK',
  UNEXPLAINED_NEW_FILES = 'UNEXPLAINED_NEW_FILES',
  ACTIVITY_AT_UNUSUAL_TIMES = 'ACTIVITY_AT_UNUSUAL_TIMES',
  WEB_DEFACEMENT = 'WEB_DEFACEMENT',
  NEW_SETUID_SETGID_FILES = 'NEW_SETUID_SETGID_FILES',
  ANOMALOUS_OS_FILE_CHANGES = 'ANOMALOUS_OS_FILE_CHANGES',
  CRACK_UTILITY_FOUND = 'CRACK_UTILITY_FOUND',
  OTHER = 'OTHER',
}
export const SYMPTOM_LABELS: Labels<typeof Symptom> = {
  SYSTEM_DOWN: { th: 'ระบบล่ม', en: 'System down' },
  ANOMALOUS_TRAFFIC_LOG: { th: 'รายการข้อมูลจราจรทางคอมพิวเตอร์ที่ผิดปกติ', en: 'Anomalous traffic-log entries' },
  UNEXPLAINED_OR_ANOMALOUS_ACCOUNTS: {
    th: 'บัญชีผู้ใช้ถูกสร้างขึ้นมาใหม่โดยไม่ทราบสาเหตุ หรือ บัญชีผู้ใช้มีความผิดปกติ',
    en: 'Unexplained new or anomalous user accounts',
  },
  SOCIAL_ENGINEERING: { th: 'การจู่โจมด้วยวิศวกรรมสังคม (Social Engineering) ทั้งที่สำเร็จและไม่สำเร็จ', en: 'Social engineering, successful or not' },
  DEGRADED_PERFORMANCE: { th: 'ประสิทธิภาพของระบบด้อยลง', en: 'Degraded system performance' },
  UNEXPLAINED_DNS_ROUTER_FIREWALL_CHANGE: {
    th: 'การเปลี่ยนแปลงใน DNS หรือ กฎของ Router หรือกฎไฟร์วอลล์ โดยไม่ทราบสาเหตุ',
    en: 'Unexplained DNS, router or firewall rule changes',
  },
  UNEXPLAINED_PRIVILEGE_ESCALATION: { th: 'การยกระดับสิทธิ์การเข้าถึงระบบโดยไม่ทราบสาเหตุ', en: 'Unexplained privilege escalation' },
  SNIFFER_DETECTED: { th: 'การตรวจพบการทำงานของโปรแกรมหรืออุปกรณ์ Sniffer เพื่อจับการรับส่งข้อมูลภายในเครือข่าย', en: 'Sniffer detected' },
  LAST_LOGIN_MISMATCH: { th: 'การเข้าใช้งานครั้งสุดท้ายของผู้ใช้ที่ไม่สอดคล้องกับการใช้งานครั้งสุดท้ายที่เกิดขึ้นจริง', en: 'Last login does not match actual use' },
  INTRUSION_DETECTION_ALERT: { th: 'การแจ้งเตือนจากเครื่องมือตรวจจับการบุกรุก', en: 'Intrusion-detection alert' },
  SUSPICIOUS_PROBING: { th: 'การเข้ามาลาดตระเวน (Probing) หรือการเรียกดู (Browsing) ที่น่าสงสัย', en: 'Suspicious probing or browsing' },
  UNUSUAL_USAGE_PATTERN: { th: 'รูปแบบการใช้งานที่ผิดปกติ', en: 'Unusual usage pattern' },
  ANOMALOUS_FILE_SIZE_CHANGE: { th: 'การเปลี่ยนแปลงขนาดไฟล์ไปจากเดิมแบบผิดปกติ', en: 'Anomalous file-size change' },
  SYSTEM_FILE_WRITE_ATTEMPT: { th: 'ความพยายามที่จะเขียนไฟล์ของระบบ', en: 'Attempt to write system files' },
  ANOMALOUS_FILE_DATE_CHANGE: { th: 'การเปลี่ยนแปลงวันที่ของไฟล์ไปจากเดิมแบบผิดปกติ', en: 'Anomalous file-date change' },
  ANOMALOUS_DATA_CHANGE_OR_DELETION: { th: 'การแก้ไขหรือลบข้อมูลที่ผิดปกติ', en: 'Anomalous modification or deletion of data' },
  DENIAL_OF_SERVICE_ATTACK: { th: 'การจู่โจมให้เกิดการปฏิเสธการให้บริการ (DOS, DDOS)', en: 'Denial-of-service attack (DoS, DDoS)' },
  UNEXPLAINED_NEW_FILES: { th: 'ไฟล์ใหม่ถูกสร้างขึ้นโดยไม่ทราบสาเหตุ', en: 'Unexplained new files' },
  ACTIVITY_AT_UNUSUAL_TIMES: { th: 'การใช้งานหรือมีกิจกรรมที่เกิดในเวลาที่ผิดปกติ', en: 'Activity at unusual times' },
  WEB_DEFACEMENT: { th: 'การแก้ไขหน้าเว็บ', en: 'Web page modified' },
  NEW_SETUID_SETGID_FILES: { th: 'การสร้างแฟ้มข้อมูล setuid หรือ setgid ใหม่ที่ผิดปกติเกิดขึ้น', en: 'Unexpected new setuid or setgid files' },
  ANOMALOUS_OS_FILE_CHANGES: {
    th: 'การเปลี่ยนแปลงในไดเรกทอรีและแฟ้มข้อมูลของระบบปฏิบัติการที่ผิดปกติ',
    en: 'Anomalous changes to OS directories and files',
  },
  CRACK_UTILITY_FOUND: { th: 'การตรวจพบโปรแกรมเจาะระบบ (Crack utility)', en: 'Cracking utility found' },
  OTHER: { th: 'สิ่งที่ผิดปกติไปจากเดิมอื่น ๆ', en: 'Other anomaly (specify)' },
};

export enum AffectedAssetType {
  SERVER_OR_DIRECTORY = 'SERVER_OR_DIRECTORY',
  WORKSTATION = 'WORKSTATION',
  SWITCH_OR_ROUTER = 'SWITCH_OR_ROUTER',
  WEBSITE = 'WEBSITE',
  OTHER = 'OTHER',
}
export const AFFECTED_ASSET_TYPE_LABELS: Labels<typeof AffectedAssetType> = {
  SERVER_OR_DIRECTORY: { th: 'เครื่องแม่ข่าย / แอคทีฟ ไดเรกทอรี (Active Directory)', en: 'Server / Active Directory' },
  WORKSTATION: { th: 'เครื่องเวิร์กสเตชัน (Workstation)', en: 'Workstation' },
  SWITCH_OR_ROUTER: { th: 'สวิตซ์ (Switch) / เราเตอร์ (Router)', en: 'Switch / router' },
  WEBSITE: { th: 'เว็บไซต์ (Website)', en: 'Website' },
  OTHER: { th: 'อื่น ๆ', en: 'Other' },
};

export enum DetectedBy {
  USER = 'USER',
  ADMINISTRATOR = 'ADMINISTRATOR',
  ANTIVIRUS = 'ANTIVIRUS',
  IDS = 'IDS',
  TRAFFIC_ANALYSIS = 'TRAFFIC_ANALYSIS',
  UNKNOWN = 'UNKNOWN',
  OTHER = 'OTHER',
}
export const DETECTED_BY_LABELS: Labels<typeof DetectedBy> = {
  USER: { th: 'ผู้ใช้', en: 'User' },
  ADMINISTRATOR: { th: 'ผู้ดูแลระบบ', en: 'System administrator' },
  ANTIVIRUS: { th: 'โปรแกรม Anti-virus', en: 'Anti-virus software' },
  IDS: { th: 'ระบบตรวจจับการบุกรุก (IDS)', en: 'Intrusion detection system (IDS)' },
  TRAFFIC_ANALYSIS: { th: 'การวิเคราะห์ข้อมูลจราจรทางคอมพิวเตอร์', en: 'Traffic-data analysis' },
  UNKNOWN: { th: 'ไม่ทราบ', en: 'Unknown' },
  OTHER: { th: 'อื่น ๆ', en: 'Other (specify)' },
};

export enum SourceOrCause {
  PERSON = 'PERSON',
  SYSTEM_ERROR = 'SYSTEM_ERROR',
  NATURAL_DISASTER = 'NATURAL_DISASTER',
  ATTACK = 'ATTACK',
  EXTERNAL_ERROR = 'EXTERNAL_ERROR',
  OTHER = 'OTHER',
}
export const SOURCE_OR_CAUSE_LABELS: Labels<typeof SourceOrCause> = {
  PERSON: { th: 'คน', en: 'A person' },
  SYSTEM_ERROR: { th: 'ความผิดพลาดของระบบ', en: 'System error' },
  NATURAL_DISASTER: { th: 'ภัยธรรมชาติ', en: 'Natural disaster' },
  ATTACK: { th: 'การจู่โจม', en: 'An attack' },
  EXTERNAL_ERROR: { th: 'ความผิดพลาดจากคนนอกองค์กร', en: 'Error by someone outside the organization' },
  OTHER: { th: 'อื่น ๆ', en: 'Other (specify)' },
};

/** Where an annual summary (ก3) stands. */
export enum AnnualSummaryStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
}
export const ANNUAL_SUMMARY_STATUS_LABELS: Labels<typeof AnnualSummaryStatus> = {
  DRAFT: { th: 'ฉบับร่าง', en: 'Draft' },
  SUBMITTED: { th: 'ส่งแล้ว', en: 'Submitted' },
};
