import { ANALYSTS, lazyPage, type ConsoleRoute } from '../../ui/console-route.js';

/** ThaiCERT's and NCSA's pages: national triage, assistance, advisories, outcomes, mail deliveries and (NCSA) the audit trail. */
export const THAICERT_ROUTES: readonly ConsoleRoute[] = [
  {
    path: '/thaicert',
    roles: ANALYSTS,
    nav: { th: 'คัดกรองเหตุการณ์ระดับประเทศ', en: 'National triage' },
    page: lazyPage(() => import('./triage-page.js'), 'TriagePage'),
  },
  {
    path: '/thaicert/assistance',
    roles: ANALYSTS,
    nav: { th: 'คำขอความช่วยเหลือ', en: 'Assistance requests' },
    page: lazyPage(() => import('./assistance-page.js'), 'AssistancePage'),
  },
  {
    path: '/thaicert/advisories',
    roles: ANALYSTS,
    nav: { th: 'ประกาศแจ้งเตือน', en: 'Advisories' },
    page: lazyPage(() => import('./advisories-page.js'), 'AdvisoriesPage'),
  },
  { path: '/thaicert/advisories/:id', roles: ANALYSTS, page: lazyPage(() => import('./advisory-page.js'), 'AdvisoryPage') },
  {
    path: '/thaicert/outcomes',
    roles: ANALYSTS,
    nav: { th: 'รายงานผลการตอบสนอง', en: 'Response outcomes' },
    page: lazyPage(() => import('./outcomes-page.js'), 'OutcomesPage'),
  },
  {
    path: '/thaicert/mail',
    roles: ANALYSTS,
    nav: { th: 'การส่งอีเมล', en: 'Mail deliveries' },
    page: lazyPage(() => import('./mail-page.js'), 'MailPage'),
  },
  {
    path: '/thaicert/audit',
    roles: ['NCSA'],
    nav: { th: 'บันทึกการตรวจสอบ', en: 'Audit trail' },
    page: lazyPage(() => import('./audit-page.js'), 'AuditPage'),
  },
];
