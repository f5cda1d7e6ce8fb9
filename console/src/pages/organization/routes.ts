import type { ConsoleRoute } from '../../ui/console-route.js';

export const ORGANIZATION_ROUTES: readonly ConsoleRoute[] = [];
