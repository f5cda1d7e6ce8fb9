import { registerEnumType } from 'type-graphql';

import type { Label } from '../../contracts/labels.js';

/** A choice list as the `vocabulary` query serves it: the GraphQL enum's name and each value's labels. */
export interface LabelledList {
  name: string;
  description: string;
  labels: Readonly<Record<string, Label>>;
}

/*
 * Every list registered in this process, by name. Process-wide like type-graphql's own enum
 * registry, which the same call fills: the two cannot disagree about which lists exist.
 */
const registered = new Map<string, LabelledList>();

/**
 * Registers a GraphQL enum whose every value carries its Thai and English label (the forms are
 * Thai). The labels go into each value's description, so any client sees them by introspection,
 * are returned for exports that print the form, and are served at run time by {@link labelledLists}
 * (production turns introspection off).
 */
export function registerLabelledEnum<E extends Record<string, string>>(
  values: E,
  name: string,
  description: string,
  labels: { [K in keyof E]: Label },
): { [K in keyof E]: Label } {
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.keys(values).map((key) => [key, { description: `${labels[key]!.th} | ${labels[key]!.en}` }]),
    ) as { [K in keyof E]: { description: string } },
  });
  registered.set(name, { name, description, labels });
  return labels;
}

/** Every labelled enum registered in this process, by name. */
export function labelledLists(): LabelledList[] {
  return [...registered.values()].sort((a, b) => a.name.localeCompare(b.name));
}
