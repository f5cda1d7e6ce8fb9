import type { ConsoleRoute } from '../../ui/console-route.js';
import { AdvisoriesPage, AdvisoryPage } from './advisories-page.js';
import { ContactsPage } from './contacts-page.js';
import { MyIncidentsPage } from './my-incidents-page.js';
import { NotifyPage } from './notify-page.js';
import { ClosePage, ReportPage } from './report-page.js';

const ORGANIZATION = ['ORGANIZATION'] as const;

export const ORGANIZATION_ROUTES: readonly ConsoleRoute[] = [
  { path: '/organization', roles: ORGANIZATION, nav: { th: 'เหตุภัยคุกคามของหน่วยงาน', en: 'My incidents' }, page: MyIncidentsPage },
  { path: '/organization/notify', roles: ORGANIZATION, nav: { th: 'แจ้งเหตุ (ก1)', en: 'Notify (A1)' }, page: NotifyPage },
  { path: '/organization/incidents/:id/report', roles: ORGANIZATION, page: ReportPage },
  { path: '/organization/incidents/:id/close', roles: ORGANIZATION, page: ClosePage },
  { path: '/organization/advisories', roles: ORGANIZATION, nav: { th: 'ประกาศแจ้งเตือน', en: 'Advisories' }, page: AdvisoriesPage },
  { path: '/organization/advisories/:id', roles: ORGANIZATION, page: AdvisoryPage },
  {
    path: '/organization/contacts',
    roles: ORGANIZATION,
    nav: { th: 'ผู้ประสานงานและกุญแจ PGP', en: 'Contacts and PGP keys' },
    page: ContactsPage,
  },
];
