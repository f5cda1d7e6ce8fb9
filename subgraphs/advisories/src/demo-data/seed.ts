import type { EntityManager } from '@mikro-orm/postgresql';

import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { demoId } from '../../../../demo/demo-registry.js';
import { Role, type SignedInCaller } from '../../../../platform/caller.js';
import { Advisory } from '../advisory/advisory.entity.js';
import type { AdvisoryInput } from '../advisory/advisory.input.js';
import { draftAdvisory, publishAdvisory, reviseAdvisory } from '../advisory/advisory.service.js';

const AUTHOR: SignedInCaller = { role: Role.THAICERT, subject: 'demo-thaicert-analyst' };
const DAY = 86_400_000;

const DEMO: (AdvisoryInput & { daysAgo: number; update?: string })[] = [
  {
    daysAgo: 30,
    tlp: Tlp.CLEAR,
    cveIds: ['CVE-2024-3400'],
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    titleTh: 'ช่องโหว่ร้ายแรงใน PAN-OS GlobalProtect',
    titleEn: 'Critical command injection in PAN-OS GlobalProtect',
    summaryTh: 'ผู้โจมตีสามารถสั่งการระบบจากระยะไกลโดยไม่ต้องยืนยันตัวตน',
    summaryEn: 'An unauthenticated attacker can execute commands remotely on affected firewalls.',
    recommendationsTh: 'ติดตั้งแพตช์ล่าสุดทันที และตรวจสอบร่องรอยการบุกรุก',
    recommendationsEn: 'Apply the vendor hotfix at once and hunt for signs of compromise.',
    affectedProducts: [
      { vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: ['< 10.2.9-h1', '11.0.0 – 11.0.4', '11.1.0 – 11.1.2'] },
    ],
    references: ['https://security.paloaltonetworks.com/CVE-2024-3400'],
    update: 'Added fixed versions for 11.1',
  },
  {
    daysAgo: 20,
    tlp: Tlp.GREEN,
    cveIds: ['CVE-2023-4966'],
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
    titleTh: 'การรั่วไหลของ session ใน Citrix NetScaler',
    titleEn: 'Session token leak in Citrix NetScaler (Citrix Bleed)',
    summaryTh: 'ผู้โจมตีสามารถขโมย session ของผู้ใช้ที่ยืนยันตัวตนแล้ว',
    summaryEn: 'Attackers can steal authenticated session tokens.',
    recommendationsTh: 'อัปเดตเฟิร์มแวร์และยกเลิก session ที่ใช้งานอยู่ทั้งหมด',
    recommendationsEn: 'Update the firmware and terminate all active sessions.',
    affectedProducts: [{ vendor: 'Citrix', product: 'NetScaler ADC', versions: ['< 14.1-8.50'] }],
    targetSectorIds: ['BANKING_FINANCE', 'PUBLIC_SERVICES'],
  },
  {
    daysAgo: 12,
    tlp: Tlp.AMBER,
    cveIds: ['CVE-2021-44228'],
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    titleTh: 'การโจมตีผ่าน Log4Shell ต่อระบบธนาคาร',
    titleEn: 'Log4Shell exploitation against banking systems',
    summaryTh: 'ตรวจพบการสแกนและโจมตีช่องโหว่ Log4j ต่อระบบของสถาบันการเงิน',
    summaryEn: 'Scanning and exploitation of Log4j observed against financial institutions.',
    recommendationsTh: 'ปรับปรุง log4j เป็นเวอร์ชัน 2.17.1 ขึ้นไป และเฝ้าระวังการเชื่อมต่อ LDAP ขาออก',
    recommendationsEn: 'Upgrade log4j to 2.17.1 or later and watch outbound LDAP.',
    affectedProducts: [{ vendor: 'Apache', product: 'Log4j', versions: ['2.0-beta9 – 2.15.0'] }],
    targetSectorIds: ['BANKING_FINANCE'],
  },
  {
    daysAgo: 5,
    tlp: Tlp.AMBER_STRICT,
    cveIds: [],
    cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    titleTh: 'แคมเปญฟิชชิงเจาะจงผู้ให้บริการโทรคมนาคม',
    titleEn: 'Targeted phishing campaign against telecom operators',
    summaryTh: 'กลุ่มผู้โจมตีส่งอีเมลปลอมถึงผู้ดูแลระบบเครือข่าย',
    summaryEn: 'A threat actor is sending lures to network administrators.',
    recommendationsTh: 'บล็อกโดเมนตามรายการ IOC และเปิดใช้การยืนยันตัวตนหลายปัจจัย',
    recommendationsEn: 'Block the listed IOC domains and enforce multi-factor authentication.',
    targetSectorIds: ['IT_TELECOM'],
  },
  {
    daysAgo: 2,
    tlp: Tlp.RED,
    cveIds: [],
    titleTh: 'ข้อมูลภัยคุกคามเฉพาะสำหรับธนาคารกรุงสยาม',
    titleEn: 'Threat intelligence for Krung Siam Bank only',
    summaryTh: 'พบข้อมูลบัญชีผู้ใช้ของธนาคารถูกขายในตลาดมืด',
    summaryEn: 'Credentials of the bank’s staff are offered for sale.',
    recommendationsTh: 'บังคับเปลี่ยนรหัสผ่านบัญชีที่อยู่ในรายการ',
    recommendationsEn: 'Force a password change for the listed accounts.',
    recipientOrganizationIds: [demoId('organization:krungsiam-bank')],
  },
];

/** Demo advisories across the TLP labels, published through the real services. Idempotent. */
export async function seedDemoAdvisories(em: EntityManager, now: Date): Promise<void> {
  if ((await em.count(Advisory, { createdBy: AUTHOR.subject })) > 0) return;
  for (const { daysAgo, update, ...input } of DEMO) {
    const draft = await draftAdvisory(em.fork(), AUTHOR, input);
    const published = await publishAdvisory(em.fork(), AUTHOR, draft.id, draft.version, new Date(now.getTime() - daysAgo * DAY));
    if (update)
      await reviseAdvisory(em.fork(), AUTHOR, published.id, published.version, {}, update, new Date(now.getTime() - (daysAgo - 1) * DAY));
  }
  await draftAdvisory(em.fork(), AUTHOR, {
    tlp: Tlp.AMBER,
    titleTh: 'ร่าง: ช่องโหว่ในระบบ SCADA',
    titleEn: 'Draft: SCADA vulnerability under analysis',
    summaryTh: 'อยู่ระหว่างการวิเคราะห์',
    summaryEn: 'Under analysis.',
    recommendationsTh: 'รอการยืนยัน',
    recommendationsEn: 'Pending confirmation.',
    targetSectorIds: ['ENERGY_UTILITIES'],
  });
}
