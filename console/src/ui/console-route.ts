import { lazy, type ComponentType } from 'react';

import type { Role } from '../session/session.js';

/** One page of the console: where it is (`#/…`), who sees it in the menu, and its words there. */
export interface ConsoleRoute {
  /** A wouter path, e.g. `/regulator/incidents/:id`. */
  path: string;
  /** Who may open it; the API still decides what each of them sees. */
  roles: readonly Role[];
  /** Its menu entry, when it has one. */
  nav?: { th: string; en: string };
  page: ConsolePage;
}

type PageProps = { params: Record<string, string | undefined> };

/** A page component; a lazily loaded one can be fetched ahead of its first render. */
export type ConsolePage = ComponentType<PageProps> & { preload?: () => Promise<unknown> };

export const ANALYSTS: readonly Role[] = ['THAICERT', 'NCSA'];

/**
 * A page loaded when first opened, in a chunk of its own: a person downloads the pages of their
 * role, not the whole console (the first load of the regulator desk carries no advisory form, no charts).
 */
export function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType<PageProps>>>, name: Name): ConsolePage {
  let loading: ReturnType<typeof load> | undefined;
  const preload = () => (loading ??= load());
  return Object.assign(
    lazy(async () => ({ default: (await preload())[name] as ComponentType<PageProps> })),
    { preload },
  );
}
