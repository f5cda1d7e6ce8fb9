import { lazyPage, type ConsoleRoute } from '../../ui/console-route.js';

export const REGULATOR_ROUTES: readonly ConsoleRoute[] = [
  {
    path: '/regulator',
    roles: ['REGULATOR'],
    nav: { th: 'เหตุการณ์ในกลุ่มที่กำกับ', en: 'My sectors’ incidents' },
    page: lazyPage(() => import('./desk-page.js'), 'RegulatorDeskPage'),
  },
  {
    path: '/regulator/summary',
    roles: ['REGULATOR'],
    nav: { th: 'สรุปประจำปี (ก3)', en: 'Annual summary (ก3)' },
    page: lazyPage(() => import('./summary-page.js'), 'AnnualSummaryPage'),
  },
  {
    path: '/regulator/quality',
    roles: ['REGULATOR'],
    nav: { th: 'คุณภาพการให้บริการ', en: 'Service quality' },
    page: lazyPage(() => import('./quality-page.js'), 'ServiceQualityPage'),
  },
  // The incident page is everyone's who may see an incident: reached from lists, not the menu.
  {
    path: '/incidents/:id',
    roles: ['ORGANIZATION', 'REGULATOR', 'THAICERT', 'NCSA'],
    page: lazyPage(() => import('../../incident/incident-page.js'), 'IncidentPage'),
  },
];
