import type { ComponentType } from 'react';

import type { Role } from '../session/session.js';

/** One page of the console: where it is (`#/…`), who sees it in the menu, and its words there. */
export interface ConsoleRoute {
  /** A wouter path, e.g. `/regulator/incidents/:id`. */
  path: string;
  /** Who may open it; the API still decides what each of them sees. */
  roles: readonly Role[];
  /** Its menu entry, when it has one. */
  nav?: { th: string; en: string };
  page: ComponentType<{ params: Record<string, string | undefined> }>;
}

export const ANALYSTS: readonly Role[] = ['THAICERT', 'NCSA'];
