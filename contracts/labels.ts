/** A Thai and an English label, as the forms show a choice. */
export interface Label {
  th: string;
  en: string;
}

/** The label of every value of an enum (values are their own names, as in the forms' vocabularies). */
export type Labels<E extends Record<string, string>> = { [K in keyof E]: Label };
