import type { ConsoleRoute } from '../../ui/console-route.js';

export const REGULATOR_ROUTES: readonly ConsoleRoute[] = [];
