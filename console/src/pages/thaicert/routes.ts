import { ANALYSTS, type ConsoleRoute } from '../../ui/console-route.js';
import { AdvisoriesPage } from './advisories-page.js';
import { AdvisoryPage } from './advisory-page.js';
import { AssistancePage } from './assistance-page.js';
import { AuditPage } from './audit-page.js';
import { OutcomesPage } from './outcomes-page.js';
import { TriagePage } from './triage-page.js';

/** ThaiCERT's and NCSA's pages: national triage, assistance, advisories, outcomes and (NCSA) the audit trail. */
export const THAICERT_ROUTES: readonly ConsoleRoute[] = [
  { path: '/thaicert', roles: ANALYSTS, nav: { th: 'คัดกรองเหตุการณ์ระดับประเทศ', en: 'National triage' }, page: TriagePage },
  { path: '/thaicert/assistance', roles: ANALYSTS, nav: { th: 'คำขอความช่วยเหลือ', en: 'Assistance requests' }, page: AssistancePage },
  { path: '/thaicert/advisories', roles: ANALYSTS, nav: { th: 'ประกาศแจ้งเตือน', en: 'Advisories' }, page: AdvisoriesPage },
  { path: '/thaicert/advisories/:id', roles: ANALYSTS, page: AdvisoryPage },
  { path: '/thaicert/outcomes', roles: ANALYSTS, nav: { th: 'รายงานผลการตอบสนอง', en: 'Response outcomes' }, page: OutcomesPage },
  { path: '/thaicert/audit', roles: ['NCSA'], nav: { th: 'บันทึกการตรวจสอบ', en: 'Audit trail' }, page: AuditPage },
];
