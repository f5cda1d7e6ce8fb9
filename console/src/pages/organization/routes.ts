import { lazyPage, type ConsoleRoute } from '../../ui/console-route.js';

const ORGANIZATION = ['ORGANIZATION'] as const;

export const ORGANIZATION_ROUTES: readonly ConsoleRoute[] = [
  {
    path: '/organization',
    roles: ORGANIZATION,
    nav: { th: 'เหตุภัยคุกคามของหน่วยงาน', en: 'My incidents' },
    page: lazyPage(() => import('./my-incidents-page.js'), 'MyIncidentsPage'),
  },
  {
    path: '/organization/notify',
    roles: ORGANIZATION,
    nav: { th: 'แจ้งเหตุ (ก1)', en: 'Notify (A1)' },
    page: lazyPage(() => import('./notify-page.js'), 'NotifyPage'),
  },
  { path: '/organization/incidents/:id/report', roles: ORGANIZATION, page: lazyPage(() => import('./report-page.js'), 'ReportPage') },
  { path: '/organization/incidents/:id/close', roles: ORGANIZATION, page: lazyPage(() => import('./report-page.js'), 'ClosePage') },
  {
    path: '/organization/advisories',
    roles: ORGANIZATION,
    nav: { th: 'ประกาศแจ้งเตือน', en: 'Advisories' },
    page: lazyPage(() => import('./advisories-page.js'), 'AdvisoriesPage'),
  },
  { path: '/organization/advisories/:id', roles: ORGANIZATION, page: lazyPage(() => import('./advisories-page.js'), 'AdvisoryPage') },
  {
    path: '/organization/contacts',
    roles: ORGANIZATION,
    nav: { th: 'ผู้ประสานงานและกุญแจ PGP', en: 'Contacts and PGP keys' },
    page: lazyPage(() => import('./contacts-page.js'), 'ContactsPage'),
  },
];
