import { IncidentPage } from '../../incident/incident-page.js';
import type { ConsoleRoute } from '../../ui/console-route.js';
import { RegulatorDeskPage } from './desk-page.js';
import { ServiceQualityPage } from './quality-page.js';
import { AnnualSummaryPage } from './summary-page.js';

export const REGULATOR_ROUTES: readonly ConsoleRoute[] = [
  { path: '/regulator', roles: ['REGULATOR'], nav: { th: 'เหตุการณ์ในกลุ่มที่กำกับ', en: 'My sectors’ incidents' }, page: RegulatorDeskPage },
  { path: '/regulator/summary', roles: ['REGULATOR'], nav: { th: 'สรุปประจำปี (ก3)', en: 'Annual summary (ก3)' }, page: AnnualSummaryPage },
  { path: '/regulator/quality', roles: ['REGULATOR'], nav: { th: 'คุณภาพการให้บริการ', en: 'Service quality' }, page: ServiceQualityPage },
  // The incident page is everyone's who may see an incident: reached from lists, not the menu.
  { path: '/incidents/:id', roles: ['ORGANIZATION', 'REGULATOR', 'THAICERT', 'NCSA'], page: IncidentPage },
];
