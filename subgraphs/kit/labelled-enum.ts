import { registerEnumType } from 'type-graphql';

import type { Label } from '../../contracts/labels.js';

/**
 * Registers a GraphQL enum whose every value carries its Thai and English label (the forms are
 * Thai). The labels go into each value's description, so any client sees them by introspection,
 * and are returned for exports that print the form.
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
  return labels;
}
