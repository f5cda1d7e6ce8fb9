import { lazyPage, type ConsoleRoute } from '../../ui/console-route.js';

export const PUBLIC_ROUTES: readonly ConsoleRoute[] = [
  {
    path: '/public',
    roles: ['PUBLIC', 'ORGANIZATION', 'REGULATOR', 'THAICERT', 'NCSA'],
    nav: { th: 'สถิติและประกาศสาธารณะ', en: 'Public statistics' },
    page: lazyPage(() => import('./public-page.js'), 'PublicPage'),
  },
];
