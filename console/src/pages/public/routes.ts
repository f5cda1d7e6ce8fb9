import type { ConsoleRoute } from '../../ui/console-route.js';
import { PublicPage } from './public-page.js';

export const PUBLIC_ROUTES: readonly ConsoleRoute[] = [
  {
    path: '/public',
    roles: ['PUBLIC', 'ORGANIZATION', 'REGULATOR', 'THAICERT', 'NCSA'],
    nav: { th: 'สถิติและประกาศสาธารณะ', en: 'Public statistics' },
    page: PublicPage,
  },
];
