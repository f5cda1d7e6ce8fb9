import type { EntityManager } from '@mikro-orm/postgresql';

import {
  ActionTaken,
  AffectedAssetType,
  Continuity,
  DetectedBy,
  ResponseSituation,
  Symptom,
  ThreatCategory,
  ThreatLevel,
} from '../../../../contracts/form-vocabulary.js';
import { DEMO_ORGANIZATIONS, demoId, type DemoOrganization } from '../../../../demo/demo-registry.js';
import { Role, type SignedInCaller } from '../../../../platform/caller.js';
import { assessIncidentSeverity } from '../assessment/assessment.service.js';
import { closeIncident, notifyIncident, submitIncidentReport } from '../incident/incident-lifecycle.service.js';
import type { IncidentReport } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';

const HOUR = 3_600_000;
const DEMO_INCIDENTS = 40;

/** A small deterministic generator, so the demo data is the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SCENARIOS = [
  {
    what: 'มัลแวร์เรียกค่าไถ่เข้ารหัสไฟล์บนเครื่องแม่ข่าย',
    categories: [ThreatCategory.CAT4_MALICIOUS_LOGIC],
    assets: [AffectedAssetType.SERVER_OR_DIRECTORY],
    symptoms: [Symptom.SYSTEM_DOWN, Symptom.ANOMALOUS_DATA_CHANGE_OR_DELETION],
    cve: 'CVE-2024-3400',
  },
  {
    what: 'การโจมตีแบบ DDoS ต่อบริการออนไลน์',
    categories: [ThreatCategory.CAT7_DENIAL_OF_SERVICE],
    assets: [AffectedAssetType.WEBSITE],
    symptoms: [Symptom.DENIAL_OF_SERVICE_ATTACK, Symptom.DEGRADED_PERFORMANCE],
  },
  {
    what: 'บัญชีผู้ดูแลระบบถูกใช้งานโดยไม่ได้รับอนุญาต',
    categories: [ThreatCategory.CAT6_ROOT_LEVEL_INTRUSION],
    assets: [AffectedAssetType.SERVER_OR_DIRECTORY],
    symptoms: [Symptom.UNEXPLAINED_PRIVILEGE_ESCALATION],
    cve: 'CVE-2023-4966',
  },
  {
    what: 'การสแกนช่องโหว่จากภายนอกอย่างต่อเนื่อง',
    categories: [ThreatCategory.CAT2_RECONNAISSANCE],
    assets: [AffectedAssetType.SWITCH_OR_ROUTER],
    symptoms: [Symptom.SUSPICIOUS_PROBING],
  },
  {
    what: 'หน้าเว็บไซต์ถูกแก้ไข',
    categories: [ThreatCategory.CAT5_USER_LEVEL_INTRUSION],
    assets: [AffectedAssetType.WEBSITE],
    symptoms: [Symptom.WEB_DEFACEMENT],
    cve: 'CVE-2021-44228',
  },
  {
    what: 'พบเหตุการณ์ผิดปกติ อยู่ระหว่างวิเคราะห์',
    categories: [ThreatCategory.CAT8_INVESTIGATING],
    assets: [AffectedAssetType.WORKSTATION],
    symptoms: [Symptom.UNUSUAL_USAGE_PATTERN],
  },
  {
    what: 'การตั้งค่าไม่เป็นไปตามมาตรฐานความปลอดภัย',
    categories: [ThreatCategory.CAT3_NON_COMPLIANCE_ACTIVITY],
    assets: [AffectedAssetType.OTHER],
    symptoms: [Symptom.UNEXPLAINED_DNS_ROUTER_FIREWALL_CHANGE],
  },
];
const LEVELS = [
  ThreatLevel.NON_SERIOUS,
  ThreatLevel.SERIOUS,
  ThreatLevel.SERIOUS,
  ThreatLevel.CRITICAL_A,
  ThreatLevel.CRITICAL_B,
  ThreatLevel.UNDETERMINED,
];

type Scenario = (typeof SCENARIOS)[number];

/** The demo's random draws, in the order it makes them (the order is what keeps the data the same everywhere). */
interface Draws {
  next: () => number;
  pick: <T>(items: readonly T[]) => T;
}

/** What an organization's ก1 of a scenario says: the first notification, just discovered. */
function demoNotification(organization: DemoOrganization, scenario: Scenario, severity: ThreatLevel, detectedAt: Date): IncidentReport {
  return {
    severity,
    categories: scenario.categories,
    occurredAt: new Date(detectedAt.getTime() - HOUR),
    detectedAt,
    criticalToMission: severity !== ThreatLevel.NON_SERIOUS,
    trackingUnit: 'ศูนย์ปฏิบัติการความมั่นคงปลอดภัย (SOC)',
    affectedUnitName: organization.nameTh,
    contact: { pointOfContactId: demoId(`contact:${organization.key}:soc`) },
    affectedSystem: { affectedService: organization.mission, otherDetails: scenario.what },
    affectedAssetTypes: scenario.assets,
    responseSituations: [ResponseSituation.JUST_DISCOVERED],
  };
}

/** What its ก2 adds: the regulator notified (when it has one), the response so far and part 2, with drawn impact figures. */
function demoFullReport(organization: DemoOrganization, scenario: Scenario, detectedAt: Date, { next, pick }: Draws): IncidentReport {
  return {
    regulatorNotifiedAt: organization.regulator ? new Date(detectedAt.getTime() + 2 * HOUR) : null,
    responseSituations: [ResponseSituation.INVESTIGATING, ResponseSituation.CONTAINING],
    actionsTaken: [ActionTaken.LOGS_REVIEWED, ActionTaken.DISCONNECTED_FROM_NETWORK],
    partTwo: {
      detectedBy: [pick([DetectedBy.IDS, DetectedBy.ADMINISTRATOR, DetectedBy.ANTIVIRUS, DetectedBy.TRAFFIC_ANALYSIS])],
      symptoms: scenario.symptoms,
      cveIds: scenario.cve ? [scenario.cve] : [],
      impact: { ciiSystemsAffected: 1 + Math.floor(next() * 5), peopleAffected: Math.floor(next() * 50_000) },
    },
  };
}

/**
 * A realistic spread of demo incidents through the real services (so revisions, deadlines and
 * events are as if reported): several sectors, levels and categories; some only notified (a few
 * of those overdue), some reported on time or late, some closed. Idempotent.
 */
export async function seedDemoIncidents(em: EntityManager, now: Date): Promise<void> {
  const next = random(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const thaicert: SignedInCaller = { role: Role.THAICERT, subject: 'demo-thaicert-analyst' };
  for (let i = 0; i < DEMO_INCIDENTS; i++) {
    const organization = DEMO_ORGANIZATIONS[(i * 7) % DEMO_ORGANIZATIONS.length]!;
    const organizationId = demoId(`organization:${organization.key}`);
    const idempotencyKey = `demo-incident-${i}`;
    const scenario = pick(SCENARIOS);
    const severity = pick(LEVELS);
    const stage = next();
    const hoursAgo = 2 + Math.floor(next() * 24 * 45);
    if ((await em.count(Incident, { idempotencyKey })) > 0) continue;
    const reporter: SignedInCaller = { role: Role.ORGANIZATION, subject: `demo-${organization.key}-soc`, organizationId };
    const detectedAt = new Date(now.getTime() - hoursAgo * HOUR);
    const notifiedAt = new Date(detectedAt.getTime() + (1 + Math.floor(next() * 4)) * HOUR);
    const at = (t: Date) => (t > now ? now : t);
    const submission = (at: Date) => ({ em: em.fork(), caller: reporter, now: at, syncRegistry: async () => undefined });
    const incident = await notifyIncident(submission(at(notifiedAt)), {
      organizationId,
      idempotencyKey,
      continuity: Continuity.NEW,
      report: demoNotification(organization, scenario, severity, detectedAt),
    });
    if (stage < 0.25) continue; // notified only: overdue when detected more than 24 hours ago
    const reportedAt = at(new Date(detectedAt.getTime() + (4 + Math.floor(next() * 30)) * HOUR)); // some late
    const report = await submitIncidentReport(submission(reportedAt), {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: demoFullReport(organization, scenario, detectedAt, { next, pick }),
    });
    if (next() < 0.4) {
      await assessIncidentSeverity(
        em.fork(),
        thaicert,
        {
          incidentId: incident.id,
          severity: pick(LEVELS.filter((l) => l !== ThreatLevel.UNDETERMINED)),
          reason: 'ประเมินจากผลกระทบต่อบริการและจำนวนผู้ได้รับผลกระทบ',
          recommendations: 'แยกเครื่องที่ได้รับผลกระทบออกจากเครือข่าย เปลี่ยนรหัสผ่านบัญชีผู้ดูแลระบบ และติดตั้งแพตช์ล่าสุด',
        },
        at(new Date(reportedAt.getTime() + HOUR)),
      );
    }
    if (stage < 0.65 || hoursAgo < 72) continue;
    const finalCategories =
      scenario.categories[0] === ThreatCategory.CAT8_INVESTIGATING ? [ThreatCategory.CAT9_EXPLAINED_ANOMALY] : scenario.categories;
    await closeIncident(submission(at(new Date(detectedAt.getTime() + 48 * HOUR))), {
      incidentId: incident.id,
      basedOnRevision: report.currentRevision,
      finalCategories,
      report: { partTwo: { endedAt: new Date(detectedAt.getTime() + 30 * HOUR), lessonsLearned: 'ทบทวนการแบ่งส่วนเครือข่ายและการเฝ้าระวัง' } },
    });
  }
}
