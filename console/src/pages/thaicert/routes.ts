import type { ConsoleRoute } from '../../ui/console-route.js';

export const THAICERT_ROUTES: readonly ConsoleRoute[] = [];
